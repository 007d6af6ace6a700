// The per-incident hash chain: each event's hash covers its content and the previous hash, so a
// changed, removed or reordered event is detectable in the database and in any export.
//
// Two hash versions live side by side. Version 1 (events written before schema migration 9)
// covers every field but `recordedAt`; version 2 covers every field of the event, its version
// number included. Each event says which one it uses (`hashVersion`, absent = 1), so old chains
// keep verifying and bundles can mix both. A v1 event's hash can never equal the v2 hash of the
// same fields, so a flipped version number is caught like any other change.
import { createHash } from 'node:crypto'
import type { ChainVerdict, JsonValue, TimelineEvent } from '../../../shared/contract'

export const GENESIS_HASH = '0'.repeat(64)

/** The hash version new events are written with. */
export const CURRENT_HASH_VERSION = 2

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  // Plain loops: this runs for every appended event (issue #20 profile: map/join closures were a
  // tenth of an append's CPU time).
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ','
      out += canonicalJson(value[i] as JsonValue)
    }
    return `${out}]`
  }
  const keys = Object.keys(value).sort()
  let out = '{'
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string
    if (i > 0) out += ','
    out += `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`
  }
  return `${out}}`
}

/**
 * canonicalJson of a version 2 event's hashed fields, written out in the canonical key order
 * without building and sorting an object per append. Must equal
 * canonicalJson({...v1 fields, recordedAt, hashVersion: 2}) byte for byte
 * (test/unit/store/eventHashVersions.test.ts checks it on random events).
 */
export function canonicalV2(e: HashedFields): string {
  const s = JSON.stringify
  return (
    `{"actor":${s(e.actor)},"amends":${s(e.amends)},"at":${s(e.at)},"hashVersion":2,` +
    `"incidentId":${s(e.incidentId)},"kind":${s(e.kind)},"payload":${canonicalJson(e.payload)},` +
    `"prevHash":${s(e.prevHash)},"recordedAt":${s(e.recordedAt)},"seq":${s(e.seq)},` +
    `"tz":${s(e.tz)},"uid":${s(e.uid)}}`
  )
}

export type HashedFields = Omit<TimelineEvent, 'hash'>

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/** What version 1 hashes: every field of the event but its times of recording and version. */
function v1Fields(e: HashedFields) {
  return {
    uid: e.uid,
    incidentId: e.incidentId,
    seq: e.seq,
    at: e.at,
    tz: e.tz,
    kind: e.kind,
    actor: e.actor,
    payload: e.payload,
    amends: e.amends,
    prevHash: e.prevHash,
  }
}

/** The event's hash in its own version; null for a version this Sitrep does not know. */
export function hashEvent(e: HashedFields): string | null {
  const version = e.hashVersion ?? 1
  if (version === 2) return sha256(canonicalV2(e))
  if (version !== 1) return null
  return sha256(canonicalJson(v1Fields(e)))
}

/** The generic form of the version 2 text, for the test that pins canonicalV2 to it. */
export function canonicalV2Generic(e: HashedFields): string {
  return canonicalJson({ ...v1Fields(e), recordedAt: e.recordedAt, hashVersion: 2 })
}

/**
 * Checks a whole incident's events, given in seq order. `localProblem` adds checks of what only
 * the database row holds (see timeline.ts: the row id and its seal); it names the event too.
 */
export function verifyChain<E extends TimelineEvent>(
  events: Iterable<E>,
  localProblem: (e: E) => string | null = () => null,
): ChainVerdict {
  let prev = GENESIS_HASH
  let expectedSeq = 1
  let count = 0
  for (const e of events) {
    count++
    const broken = (reason: string): ChainVerdict => ({
      intact: false,
      events: count,
      brokenAtSeq: e.seq,
      reason,
    })
    if (e.seq !== expectedSeq)
      return broken(`event #${expectedSeq} is missing or was changed (found #${e.seq} instead)`)
    if (e.prevHash !== prev) return broken(`event #${e.seq} does not link to the event before it`)
    const hash = hashEvent(e)
    if (hash === null)
      return broken(`event #${e.seq} has an unknown hash version (${String(e.hashVersion)})`)
    if (hash !== e.hash) return broken(`event #${e.seq} was changed after it was written`)
    const local = localProblem(e)
    if (local) return broken(`event #${e.seq} ${local}`)
    prev = e.hash
    expectedSeq++
  }
  return { intact: true, events: count, brokenAtSeq: null, reason: null }
}
