// The per-incident hash chain: each event's hash covers its content and the previous hash, so a
// changed, removed or reordered event is detectable in the database and in any export.
import { createHash } from 'node:crypto'
import type { ChainVerdict, JsonValue, TimelineEvent } from '../../../shared/contract'

export const GENESIS_HASH = '0'.repeat(64)

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const keys = Object.keys(value).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] as JsonValue)}`).join(',')}}`
}

export type HashedFields = Omit<TimelineEvent, 'hash' | 'recordedAt'>

export function hashEvent(e: HashedFields): string {
  const body = canonicalJson({
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
  })
  return createHash('sha256').update(body).digest('hex')
}

/** Checks a whole incident's events, given in seq order. */
export function verifyChain(events: Iterable<TimelineEvent>): ChainVerdict {
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
    if (e.seq !== expectedSeq) return broken(`expected event #${expectedSeq}, found #${e.seq}`)
    if (e.prevHash !== prev) return broken(`event #${e.seq} does not link to the event before it`)
    if (hashEvent(e) !== e.hash) return broken(`event #${e.seq} was changed after it was written`)
    prev = e.hash
    expectedSeq++
  }
  return { intact: true, events: count, brokenAtSeq: null, reason: null }
}
