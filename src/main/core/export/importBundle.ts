// Hand-over between laptops: a JSON bundle is read, checked completely (schema, the foreign hash
// chain, ids), and only then written, in one transaction. An incident new to this laptop is
// recreated exactly (same uids, seqs, times, hashes: timeline.verify passes). An incident that
// exists here is merged (merge.ts). Any problem: a clear error, and nothing changed.
import type { ChainSigner, ImportResult } from '../../../shared/contract'
import type { Incident } from '../../../shared/incidents'
import { GENESIS_HASH, hashEvent } from '../store/hashChain'
import { rowSeal } from '../store/timeline'
import { bundleSchema, BUNDLE_FORMAT, BUNDLE_VERSION, type Bundle } from './bundle'
import { bundleEvents, insertSessions, type ImportDeps } from './bundleRows'
import { BundleInvalidError } from './errors'
import { mergeBundle } from './merge'
import {
  fingerprint,
  headMessage,
  maskedMessage,
  storeSignatures,
  verifySignature,
} from './signing'

export function parseBundle(text: string): Bundle {
  let raw: unknown
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (err) {
    throw new BundleInvalidError(
      `it is not valid JSON (${(err as Error).message}); the file may be cut short or damaged.`,
    )
  }
  if (!raw || typeof raw !== 'object' || (raw as { format?: unknown }).format !== BUNDLE_FORMAT) {
    throw new BundleInvalidError(
      'it is not a Sitrep incident bundle (no "format": "sitrep-incident-bundle").',
    )
  }
  const version = (raw as { version?: unknown }).version
  if (version !== BUNDLE_VERSION) {
    throw new BundleInvalidError(
      `it is bundle version ${JSON.stringify(version)}, and this Sitrep reads version ${BUNDLE_VERSION}. Update Sitrep on this laptop, or export from the same version.`,
    )
  }
  const parsed = bundleSchema.safeParse(raw)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const where = first?.path.length ? ` at ${first.path.join('.')}` : ''
    throw new BundleInvalidError(
      `its content does not match the bundle format${where}: ${first?.message ?? 'rejected'}.`,
    )
  }
  if (parsed.data.end.events !== parsed.data.events.length) {
    throw new BundleInvalidError(
      `it says it holds ${parsed.data.end.events} events but holds ${parsed.data.events.length}.`,
    )
  }
  return parsed.data
}

/**
 * Checks the foreign chain: seqs 1..n, each event linked to the one before, and each content
 * hash — except events the sender's redaction masked, whose links are still checked.
 */
export function checkChain(b: Bundle): { redactedEvents: number } {
  let prev = GENESIS_HASH
  let redacted = 0
  const uids = new Set<string>()
  for (const [i, e] of bundleEvents(b).entries()) {
    const raw = b.events[i]
    if (e.seq !== i + 1)
      throw new BundleInvalidError(`event #${i + 1} is missing (found #${e.seq}).`)
    if (e.prevHash !== prev)
      throw new BundleInvalidError(
        `event #${e.seq} does not link to the event before it: the timeline was changed or cut.`,
      )
    if (raw?.redacted) redacted++
    else if (hashEvent(e) !== e.hash)
      throw new BundleInvalidError(
        `event #${e.seq} was changed after it was written (its hash does not match).`,
      )
    if (uids.has(e.uid)) throw new BundleInvalidError(`event uid ${e.uid} appears twice.`)
    uids.add(e.uid)
    prev = e.hash
  }
  return { redactedEvents: redacted }
}

/**
 * Checks every signature a bundle carries, and the exporter's signature on each masked event.
 * Any signature that does not verify refuses the bundle (it was changed after signing); a bundle
 * with no signatures is from a version that did not sign, and says so by an empty list.
 */
export function checkSignatures(b: Bundle): ChainSigner[] {
  const signatures = b.signatures ?? []
  if (signatures.length === 0) return []
  const bySeq = new Map(b.events.map((e) => [e.seq, e.hash]))
  const signers: ChainSigner[] = []
  for (const s of signatures) {
    const who = `install "${s.name}" (${s.install}, key ${fingerprint(s.publicKey)})`
    if (bySeq.get(s.seq) !== s.hash)
      throw new BundleInvalidError(
        `the signature of ${who} covers event #${s.seq}, which this bundle does not hold as signed: the timeline was changed after signing.`,
      )
    if (!verifySignature(s.publicKey, headMessage(b.incident.id, s.seq, s.hash), s.signature))
      throw new BundleInvalidError(
        `the signature of ${who} does not verify: the bundle was changed after it was signed.`,
      )
    signers.push({
      install: s.install,
      name: s.name,
      fingerprint: fingerprint(s.publicKey),
      throughSeq: s.seq,
    })
  }
  // The exporter signs the whole chain and every event it masked.
  const last = b.events[b.events.length - 1]
  const exporter = signatures.find(
    (s) => s.install === b.origin.id && last !== undefined && s.seq === last.seq,
  )
  if (!exporter)
    throw new BundleInvalidError(
      `it is signed, but not by the laptop that exported it (${b.origin.name}) over its last event.`,
    )
  for (const [i, e] of bundleEvents(b).entries()) {
    const raw = b.events[i]
    if (!raw?.redacted) continue
    const ok =
      raw.maskedSignature !== undefined &&
      verifySignature(
        exporter.publicKey,
        maskedMessage(e.uid, e.hash, hashEvent(e) ?? ''),
        raw.maskedSignature,
      )
    if (!ok)
      throw new BundleInvalidError(
        `masked event #${e.seq} does not carry a valid signature of ${b.origin.name}: its masked text was changed after export.`,
      )
  }
  return signers
}

function recreate(
  deps: ImportDeps,
  b: Bundle,
  redactedEvents: number,
): Omit<ImportResult, 'signers'> {
  const { db } = deps
  const inc = b.incident as unknown as Incident
  db.prepare(
    `INSERT INTO incidents (id, title, severity, status, created_at, updated_at, data)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    inc.id,
    inc.title,
    inc.severity,
    inc.status,
    inc.declaredAt,
    inc.updatedAt,
    JSON.stringify(b.incident),
  )
  const addService = db.prepare(
    'INSERT OR IGNORE INTO incident_services (incident_id, service) VALUES (?, ?)',
  )
  for (const s of Array.isArray(inc.services) ? inc.services : [])
    if (typeof s === 'string') addService.run(inc.id, s)
  const insert = db.prepare(
    `INSERT INTO timeline_events (id, uid, incident_id, seq, at, recorded_at, tz, kind, actor, payload, amends, prev_hash, hash, hash_version, row_seal)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  // Each event keeps the sender's hash (and its version); the row seal is this laptop's own.
  const nextId = db.prepare('SELECT coalesce(max(id), 0) + 1 AS id FROM timeline_events')
  const taken = db.prepare('SELECT incident_id FROM timeline_events WHERE uid = ?')
  for (const e of b.events) {
    if (taken.get(e.uid)) {
      throw new BundleInvalidError(
        `event ${e.uid} already belongs to another incident on this laptop.`,
      )
    }
    const id = (nextId.get() as { id: number }).id
    insert.run(
      id,
      e.uid,
      inc.id,
      e.seq,
      e.at,
      e.recordedAt,
      e.tz,
      e.kind,
      e.actor,
      JSON.stringify(e.payload),
      e.amends,
      e.prevHash,
      e.hash,
      e.hashVersion ?? 1,
      rowSeal(id, e),
    )
  }
  const sessions = insertSessions(db, inc.id, b.sessions)
  if (b.postmortem) deps.postmortems.put(inc.id, b.postmortem)
  return {
    incidentId: inc.id,
    title: inc.title,
    mode: 'created',
    added: b.events.length,
    duplicates: 0,
    sessions,
    conflicts: [],
    origin: b.origin.name,
    redactedEvents,
  }
}

/** Carries a dry run's result out of its transaction, which throwing rolls back. */
class DryRun extends Error {
  constructor(readonly result: ImportResult) {
    super('import preview (rolled back)')
  }
}

/**
 * Imports a bundle's text: all of it in one transaction, or nothing. With `preview`, the very
 * same import runs and is rolled back, so what the responder is shown before confirming is what
 * the import will do (created or merged, events added, duplicates, conflicts), not a guess.
 */
export function importBundle(
  deps: ImportDeps,
  text: string,
  actor: string | null,
  opts: { preview?: boolean } = {},
): ImportResult {
  const bundle = parseBundle(text)
  const { redactedEvents } = checkChain(bundle)
  const signers = checkSignatures(bundle)
  try {
    // Timeline.transaction: IMMEDIATE, and listeners hear of merged events only after the commit.
    return deps.timeline.transaction(() => {
      const local = deps.existing(bundle.incident.id)
      const result = {
        ...(local
          ? mergeBundle(deps, local, bundle, redactedEvents, actor)
          : recreate(deps, bundle, redactedEvents)),
        signers,
      }
      if (opts.preview) throw new DryRun(result)
      // Kept to travel on with this incident's next export (those still in its chain).
      if (bundle.signatures?.length) storeSignatures(deps.db, bundle.incident.id, bundle.signatures)
      return result
    })
  } catch (err) {
    if (err instanceof DryRun) return err.result
    throw err
  }
}
