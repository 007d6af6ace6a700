// The append-only incident timeline. append() returns only after the event is committed, so an
// event the UI shows is an event on disk. Corrections are new events that point at the old one.
import { createHash, randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { ChainVerdict, JsonObject, TimelineEvent } from '../../../shared/contract'
import { InvalidParamsError, NotFoundError } from '../errors'
import {
  canonicalJson,
  CURRENT_HASH_VERSION,
  GENESIS_HASH,
  hashEvent,
  verifyChain,
} from './hashChain'
import { UNSEALED_THROUGH_KEY } from './migrations'
import { guardWrite } from './writeGuard'

export interface EventDraft {
  kind: string
  /** When it happened; defaults to now. Earlier times are allowed (backdated entries). */
  at?: number
  actor?: string | null
  payload?: JsonObject
  amends?: string | null
  /** Set when importing an event written on another laptop; otherwise a new uuid. */
  uid?: string
}

export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }

/** A timeline_events row as SQLite returns it. */
export interface EventRow {
  id: number
  uid: string
  incident_id: string
  seq: number
  at: number
  recorded_at: number
  tz: string
  kind: string
  actor: string | null
  payload: string
  amends: string | null
  prev_hash: string
  hash: string
  hash_version: number
  /** NULL only on rows stored before migration 9. */
  row_seal: string | null
}

/**
 * The local seal of a stored row: what the portable hash cannot cover (the row id, which differs
 * on every laptop) tied to what it does (the hash). recorded_at and hash_version are in it too,
 * so a version 1 event, whose hash leaves recorded_at out, is still fully covered here.
 */
export function rowSeal(id: number, e: Pick<TimelineEvent, 'recordedAt' | 'hashVersion' | 'hash'>) {
  const body = canonicalJson({
    id,
    recordedAt: e.recordedAt,
    hashVersion: e.hashVersion ?? 1,
    hash: e.hash,
  })
  return createHash('sha256').update(body).digest('hex')
}

/** What is wrong with a row's local seal, or null; `unsealedThroughId` from migration 9. */
export function sealProblem(r: EventRow, unsealedThroughId: number): string | null {
  if (r.row_seal === null)
    return r.id > unsealedThroughId || r.hash_version !== 1
      ? 'lost its row seal (the stored row was changed)'
      : null
  return r.row_seal === rowSeal(r.id, eventFromRow(r))
    ? null
    : 'does not match its row seal (its row id or recording time was changed)'
}

/** Reads a row defensively: a payload that is not a JSON object (a damaged file, a foreign
 * import) is shown empty instead of breaking the list; verify() reports the broken hash. */
export function eventFromRow(r: EventRow): TimelineEvent {
  let payload: JsonObject = {}
  try {
    const parsed: unknown = JSON.parse(r.payload)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      payload = parsed as JsonObject
  } catch {
    // Left empty, as said above.
  }
  return {
    uid: r.uid,
    incidentId: r.incident_id,
    seq: r.seq,
    at: r.at,
    recordedAt: r.recorded_at,
    tz: r.tz,
    kind: r.kind,
    actor: r.actor,
    payload,
    amends: r.amends,
    prevHash: r.prev_hash,
    hash: r.hash,
    // Version 1 stays implicit: events and bundles written before version 2 look as they did.
    ...(r.hash_version === 1 ? {} : { hashVersion: r.hash_version }),
  }
}

export class Timeline {
  private readonly insert: Database.Statement
  private readonly head: Database.Statement
  private readonly incidentExists: Database.Statement
  private readonly pageNewest: Database.Statement
  private readonly pageBefore: Database.Statement
  private readonly all: Database.Statement
  private readonly nextId: Database.Statement
  private readonly unsealedThrough: Database.Statement
  private readonly listeners = new Set<(e: TimelineEvent) => void>()
  private readonly appendTx: Database.Transaction<(i: string, d: EventDraft[]) => TimelineEvent[]>
  /** Events appended inside transaction(), announced once it commits. */
  private held: TimelineEvent[] | null = null

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    private readonly clock: Clock = systemClock,
    private readonly tz: string = Intl.DateTimeFormat().resolvedOptions().timeZone,
  ) {
    this.insert = db.prepare(
      `INSERT INTO timeline_events (id, uid, incident_id, seq, at, recorded_at, tz, kind, actor, payload, amends, prev_hash, hash, hash_version, row_seal)
       VALUES (@id, @uid, @incident_id, @seq, @at, @recorded_at, @tz, @kind, @actor, @payload, @amends, @prev_hash, @hash, @hash_version, @row_seal)`,
    )
    // The id is chosen before the insert (inside the write transaction) so the seal can cover it.
    this.nextId = db.prepare('SELECT coalesce(max(id), 0) + 1 AS id FROM timeline_events')
    this.unsealedThrough = db.prepare('SELECT value FROM settings WHERE key = ?')
    this.head = db.prepare(
      'SELECT seq, hash FROM timeline_events WHERE incident_id = ? ORDER BY seq DESC LIMIT 1',
    )
    this.incidentExists = db.prepare('SELECT 1 FROM incidents WHERE id = ?')
    this.pageNewest = db.prepare(
      'SELECT * FROM timeline_events WHERE incident_id = ? ORDER BY seq DESC LIMIT ?',
    )
    this.pageBefore = db.prepare(
      'SELECT * FROM timeline_events WHERE incident_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    )
    this.all = db.prepare('SELECT * FROM timeline_events WHERE incident_id = ? ORDER BY seq')
    this.appendTx = db.transaction((i: string, d: EventDraft[]) => this.appendRows(i, d))
  }

  onAppended(listener: (e: TimelineEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  append(incidentId: string, draft: EventDraft): TimelineEvent {
    const [event] = this.appendMany(incidentId, [draft])
    return event as TimelineEvent
  }

  /** Appends several events in one transaction: all are stored, or none. */
  appendMany(incidentId: string, drafts: EventDraft[]): TimelineEvent[] {
    // IMMEDIATE takes the write lock before the head is read, so the read-then-write cannot be
    // refused halfway (SQLITE_BUSY) if another connection writes; nested, it is a savepoint.
    const written = guardWrite(this.path, () => this.appendTx.immediate(incidentId, drafts))
    if (this.held) this.held.push(...written)
    else for (const e of written) for (const l of this.listeners) l(e)
    return written
  }

  /**
   * Runs `fn` in one IMMEDIATE transaction with the appends it makes and other writes (such as
   * an incident's projection row). Listeners hear about those events only after the whole
   * transaction committed, and never if it rolled back: the event the UI shows is on disk.
   */
  transaction<T>(fn: () => T): T {
    if (this.held) return fn()
    const held: TimelineEvent[] = []
    this.held = held
    let result: T
    try {
      result = guardWrite(this.path, () => this.db.transaction(fn).immediate())
    } finally {
      this.held = null
    }
    for (const e of held) for (const l of this.listeners) l(e)
    return result
  }

  private appendRows(incidentId: string, drafts: EventDraft[]): TimelineEvent[] {
    if (!this.incidentExists.get(incidentId)) throw new NotFoundError(`Incident ${incidentId}`)
    const head = this.head.get(incidentId) as { seq: number; hash: string } | undefined
    let seq = head?.seq ?? 0
    let prevHash = head?.hash ?? GENESIS_HASH
    const out: TimelineEvent[] = []
    const now = this.clock.now()
    for (const d of drafts) {
      if (!d.kind) throw new InvalidParamsError('A timeline event needs a kind.')
      seq++
      // Hash exactly what is stored: JSON drops undefined keys and calls toJSON, so the
      // payload goes through one JSON round-trip before it is hashed and written.
      const payloadJson = JSON.stringify(d.payload ?? {})
      const base = {
        uid: d.uid ?? randomUUID(),
        incidentId,
        seq,
        at: d.at ?? now,
        tz: this.tz,
        kind: d.kind,
        actor: d.actor ?? null,
        payload: JSON.parse(payloadJson) as JsonObject,
        amends: d.amends ?? null,
        prevHash,
        recordedAt: now,
        hashVersion: CURRENT_HASH_VERSION,
      }
      const event: TimelineEvent = { ...base, hash: hashEvent(base) as string }
      const id = (this.nextId.get() as { id: number }).id
      this.insert.run({
        id,
        uid: event.uid,
        incident_id: incidentId,
        seq,
        at: event.at,
        recorded_at: now,
        tz: event.tz,
        kind: event.kind,
        actor: event.actor,
        payload: payloadJson,
        amends: event.amends,
        prev_hash: prevHash,
        hash: event.hash,
        hash_version: CURRENT_HASH_VERSION,
        row_seal: rowSeal(id, event),
      })
      prevHash = event.hash
      out.push(event)
    }
    return out
  }

  /** A page of events in seq order: the newest `limit`, or those before `beforeSeq`. */
  list(
    incidentId: string,
    opts: { beforeSeq?: number | undefined; limit: number },
  ): TimelineEvent[] {
    const rows = (
      opts.beforeSeq === undefined
        ? this.pageNewest.all(incidentId, opts.limit)
        : this.pageBefore.all(incidentId, opts.beforeSeq, opts.limit)
    ) as EventRow[]
    return rows.reverse().map(eventFromRow)
  }

  verify(incidentId: string): ChainVerdict {
    const through = this.unsealedThrough.get(UNSEALED_THROUGH_KEY) as { value: string } | undefined
    // A missing or unreadable switch point means every row must be sealed: the strict reading.
    const unsealedThroughId = Number(through?.value ?? 0) || 0
    const rows = this.all.iterate(incidentId) as IterableIterator<EventRow>
    return verifyChain(
      (function* () {
        for (const r of rows) yield { ...eventFromRow(r), row: r }
      })(),
      (e) => sealProblem(e.row, unsealedThroughId),
    )
  }
}
