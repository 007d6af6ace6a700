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
import { guardWrite, sqliteCode } from './writeGuard'

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

interface Head {
  seq: number
  hash: string
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
  // canonicalJson({id, recordedAt, hashVersion, hash}) written out in its sorted key order: it
  // runs on every append (timeline.test.ts pins it to the generic form).
  const s = JSON.stringify
  const body =
    `{"hash":${s(e.hash)},"hashVersion":${s(e.hashVersion ?? 1)},"id":${s(id)},` +
    `"recordedAt":${s(e.recordedAt)}}`
  return createHash('sha256').update(body).digest('hex')
}

/** The generic form of the seal's text, for the test that pins rowSeal to it. */
export function rowSealText(
  id: number,
  e: Pick<TimelineEvent, 'recordedAt' | 'hashVersion' | 'hash'>,
) {
  return canonicalJson({
    id,
    recordedAt: e.recordedAt,
    hashVersion: e.hashVersion ?? 1,
    hash: e.hash,
  })
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

/** A row's columns under the event's names, the payload still the stored (hashed) JSON text. */
export function rowFields(r: Omit<EventRow, 'id' | 'row_seal'>) {
  return {
    uid: r.uid,
    incidentId: r.incident_id,
    seq: r.seq,
    at: r.at,
    recordedAt: r.recorded_at,
    tz: r.tz,
    kind: r.kind,
    actor: r.actor,
    payload: r.payload,
    amends: r.amends,
    prevHash: r.prev_hash,
    hash: r.hash,
  }
}

/** Reads a row defensively: a payload that is not a JSON object (a damaged file, a foreign
 * import) is shown empty instead of breaking the list; verify() reports the broken hash. */
export function eventFromRow(r: Omit<EventRow, 'id' | 'row_seal'>): TimelineEvent {
  let payload: JsonObject = {}
  try {
    const parsed: unknown = JSON.parse(r.payload)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      payload = parsed as JsonObject
  } catch {
    // Left empty, as said above.
  }
  return {
    ...rowFields(r),
    payload,
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
  private readonly commitListeners = new Set<() => void>()
  private readonly appendTx: Database.Transaction<(i: string, d: EventDraft[]) => TimelineEvent[]>
  /**
   * The last head each incident was appended after, checked before use (appendRows): the
   * ORDER BY seq DESC lookup was the biggest single cost of a one-by-one append (issue #20
   * profile, ~9 µs of ~40 µs), the check by (incident_id, seq) is ~2 µs.
   */
  private readonly heads = new Map<string, Head>()
  private readonly hashAt: Database.Statement
  /** Events appended inside transaction(), announced once it commits. */
  private held: TimelineEvent[] | null = null

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    private readonly clock: Clock = systemClock,
    private readonly tz: string = Intl.DateTimeFormat().resolvedOptions().timeZone,
  ) {
    // Positional parameters: binding by name cost a few µs per append (issue #20 profile).
    this.insert = db.prepare(
      `INSERT INTO timeline_events (id, uid, incident_id, seq, at, recorded_at, tz, kind, actor, payload, amends, prev_hash, hash, hash_version, row_seal)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    // The id is chosen before the insert (inside the write transaction) so the seal can cover it.
    this.nextId = db.prepare('SELECT coalesce(max(id), 0) + 1 FROM timeline_events').pluck()
    this.unsealedThrough = db.prepare('SELECT value FROM settings WHERE key = ?')
    this.head = db.prepare(
      'SELECT seq, hash FROM timeline_events WHERE incident_id = ? ORDER BY seq DESC LIMIT 1',
    )
    this.incidentExists = db.prepare('SELECT 1 FROM incidents WHERE id = ?')
    this.hashAt = db
      .prepare('SELECT hash FROM timeline_events WHERE incident_id = ? AND seq = ?')
      .pluck()
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

  /**
   * Called after every committed append and every committed transaction(), whether or not it
   * held events: the bundle import writes its rows inside transaction() without appendMany. The
   * search indexer listens here.
   */
  onCommitted(listener: () => void): () => void {
    this.commitListeners.add(listener)
    return () => this.commitListeners.delete(listener)
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
    else {
      for (const e of written) for (const l of this.listeners) l(e)
      for (const l of this.commitListeners) l()
    }
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
    for (const l of this.commitListeners) l()
    return result
  }

  private appendRows(incidentId: string, drafts: EventDraft[]): TimelineEvent[] {
    const cached = this.heads.get(incidentId)
    // The remembered head still holds when its row is there with its hash (rows never change;
    // the hash covers a random uid, so no other row has it): a rolled-back append fails this.
    if (cached && this.hashAt.get(incidentId, cached.seq) === cached.hash) {
      try {
        return this.appendAfter(incidentId, cached, drafts)
      } catch (err) {
        // Another connection (or a path that inserts rows itself, like the bundle import)
        // appended since: the first insert hit UNIQUE (incident_id, seq) and nothing was
        // written. Read the real head and go again.
        if (sqliteCode(err) !== 'SQLITE_CONSTRAINT_UNIQUE') throw err
        this.heads.delete(incidentId)
      }
    }
    const head = this.head.get(incidentId) as Head | undefined
    // An incident with events exists (incidents are never deleted, and the foreign key refuses an
    // event of an unknown one anyway): only the first event pays for the friendlier error.
    if (!head && !this.incidentExists.get(incidentId))
      throw new NotFoundError(`Incident ${incidentId}`)
    return this.appendAfter(incidentId, head, drafts)
  }

  private appendAfter(
    incidentId: string,
    head: Head | undefined,
    drafts: EventDraft[],
  ): TimelineEvent[] {
    let seq = head?.seq ?? 0
    let prevHash = head?.hash ?? GENESIS_HASH
    const out: TimelineEvent[] = []
    const now = this.clock.now()
    // Read once per transaction: under its write lock nobody else adds rows in between.
    let nextId: number | undefined
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
      const id = (nextId ??= this.nextId.get() as number)
      nextId++
      this.insert.run(
        id,
        event.uid,
        incidentId,
        seq,
        event.at,
        now,
        event.tz,
        event.kind,
        event.actor,
        payloadJson,
        event.amends,
        prevHash,
        event.hash,
        CURRENT_HASH_VERSION,
        rowSeal(id, event),
      )
      prevHash = event.hash
      out.push(event)
    }
    const last = out[out.length - 1]
    if (last) this.heads.set(incidentId, { seq: last.seq, hash: last.hash })
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
