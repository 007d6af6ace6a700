// The Incidents service: every responder action becomes timeline events and an updated projection
// row in ONE transaction, so the list view (the row) and the record (the timeline) always agree.
// Listeners hear about a change only after it committed.
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { TimelineEvent } from '../../../shared/contract'
import { NotFoundError } from '../errors'
import { createIncidentRow } from '../store/incidentRows'
import type { Clock, EventDraft, Timeline } from '../store/timeline'
import { guardWrite } from '../store/writeGuard'
import * as change from './incidentChanges'
import { listIncidents, type ListQuery } from './incidentList'
import { EventKind, baseIncident, foldEvents, type IncidentRow } from './projection'
import type { IncidentSettings } from './settings'
import type {
  Incident,
  IncidentPage,
  IncidentStatus,
  Lang,
  SingleRole,
  StatusUpdateTemplate,
} from '../../../shared/incidents'
import { optionalName } from './validation'

/**
 * Runs `fn` in one SQLite transaction. Nested better-sqlite3 transactions become savepoints, so
 * Timeline.appendMany inside `fn` joins this transaction (verified by the incident flow test).
 * The default announces Timeline.onAppended listeners at the end of appendMany, i.e. before the
 * outer commit; a runner that holds those announcements until the commit (a Timeline method)
 * closes that gap, and can be injected here.
 */
export type TransactionRunner = <T>(fn: () => T) => T

export interface IncidentsDeps {
  db: Database.Database
  path: string
  timeline: Timeline
  settings: IncidentSettings
  clock: Clock
  transaction?: TransactionRunner
}

/** The last rowid of the local timeline and of the team's pulled events at some moment. */
export interface TimerFiredMark {
  own: number
  team: number
}

export interface IncidentChange {
  incident: Incident
  events: TimelineEvent[]
}

interface Actor {
  actor?: string | null | undefined
}

type Row = IncidentRow & { data: string }

export class Incidents {
  private readonly listeners = new Set<(c: IncidentChange) => void>()
  private readonly tx: TransactionRunner
  private readonly selectRow: Database.Statement
  private readonly selectOpen: Database.Statement
  private readonly selectRange: Database.Statement
  private readonly updateRow: Database.Statement
  private readonly clearServices: Database.Statement
  private readonly addService: Database.Statement
  private readonly eventKind: Database.Statement
  private readonly timerFired: Database.Statement
  private readonly timerFiredAfter: Database.Statement
  private readonly marks: Database.Statement

  constructor(private readonly deps: IncidentsDeps) {
    const { db, path } = deps
    // IMMEDIATE, like Timeline.appendMany: the write lock is taken before the current state is
    // read, so another connection can never make the read-then-write fail halfway (SQLITE_BUSY).
    this.tx =
      deps.transaction ??
      (<T>(fn: () => T): T => guardWrite(path, () => db.transaction(fn).immediate()))
    this.selectRow = db.prepare(
      'SELECT id, title, severity, status, created_at, updated_at, data FROM incidents WHERE id = ?',
    )
    this.selectOpen = db.prepare(
      `SELECT id, title, severity, status, created_at, updated_at, data FROM incidents
       WHERE status NOT IN ('resolved', 'closed') ORDER BY created_at`,
    )
    this.selectRange = db.prepare(
      `SELECT id, title, severity, status, created_at, updated_at, data FROM incidents
       WHERE created_at BETWEEN ? AND ? ORDER BY created_at`,
    )
    this.updateRow = db.prepare(
      'UPDATE incidents SET title = ?, severity = ?, status = ?, updated_at = ?, data = ? WHERE id = ?',
    )
    this.clearServices = db.prepare('DELETE FROM incident_services WHERE incident_id = ?')
    this.addService = db.prepare(
      'INSERT OR IGNORE INTO incident_services (incident_id, service) VALUES (?, ?)',
    )
    this.eventKind = db.prepare(
      'SELECT kind FROM timeline_events WHERE uid = ? AND incident_id = ?',
    )
    this.marks = db.prepare(
      `SELECT (SELECT coalesce(max(id), 0) FROM timeline_events) AS own,
              (SELECT coalesce(max(rowid), 0) FROM team_events) AS team`,
    )
    // The same check over the rows after a mark (both tables are append-only, so rowids only
    // grow): the unary + keeps SQLite on the rowid range instead of the incident's index.
    this.timerFiredAfter = db.prepare(
      `SELECT 1 FROM timeline_events WHERE id > ? AND +incident_id = ?
         AND +kind = '${EventKind.timerFired}' AND json_extract(payload, '$.key') = ?
       UNION ALL
       SELECT 1 FROM team_events WHERE rowid > ? AND +incident_id = ?
         AND +kind = '${EventKind.timerFired}' AND json_extract(payload, '$.key') = ?`,
    )
    // Another laptop of the team may have fired it already (team_events, issue #18).
    this.timerFired = db.prepare(
      `SELECT 1 FROM (SELECT incident_id, kind, payload FROM timeline_events
                      UNION ALL SELECT incident_id, kind, payload FROM team_events)
       WHERE incident_id = ? AND kind = '${EventKind.timerFired}'
         AND json_extract(payload, '$.key') = ?`,
    )
  }

  /** Called after each committed change, with the incident as it now is. */
  onChanged(listener: (c: IncidentChange) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  declare(input: change.DeclareInput): Incident {
    const now = this.deps.clock.now()
    const draft = change.declaration(input, this.deps.settings.severityScheme(), now)
    const id = randomUUID()
    const title = String(draft.payload?.title)
    const severity = String(draft.payload?.severity)
    return this.write(id, null, () => [draft], { id, title, severity, at: now }).incident
  }

  get(id: string): Incident {
    const row = this.selectRow.get(id) as Row | undefined
    if (!row) throw new NotFoundError(`Incident ${id}`)
    return fromRow(row)
  }

  /** Open incidents (not resolved or closed), oldest first: what the timer engine watches. */
  open(): Incident[] {
    return (this.selectOpen.all() as Row[]).map(fromRow)
  }

  /** Full projections declared within [from, to], for KPIs. */
  declaredBetween(from = 0, to = Number.MAX_SAFE_INTEGER): Incident[] {
    return (this.selectRange.all(from, to) as Row[]).map(fromRow)
  }

  list(query: ListQuery = {}): IncidentPage {
    return listIncidents(this.deps.db, query)
  }

  changeSeverity(
    id: string,
    input: { severity: string; reason?: string | null } & Actor,
  ): Incident {
    return this.write(id, input.actor, (cur, ctx) => change.severityChange(cur, input, ctx))
      .incident
  }

  changeStatus(
    id: string,
    input: { status: IncidentStatus; reason?: string | null } & Actor,
  ): Incident {
    return this.write(id, input.actor, (cur, ctx) => change.statusChange(cur, input, ctx)).incident
  }

  /** The only way out of 'closed'; from 'resolved' it is the same as changing the status. */
  reopen(id: string, input: { status?: IncidentStatus; reason: string } & Actor): Incident {
    const to = input.status ?? 'investigating'
    return this.write(id, input.actor, (cur, ctx) =>
      change.statusChange(cur, { status: to, reason: input.reason }, ctx, true),
    ).incident
  }

  update(id: string, input: { changes: change.FieldChanges } & Actor): Incident {
    return this.write(id, input.actor, (cur, ctx) => change.fieldChanges(cur, input.changes, ctx))
      .incident
  }

  assignRole(id: string, input: { role: SingleRole; name: string | null } & Actor): Incident {
    return this.write(id, input.actor, (cur, ctx) => change.roleChange(cur, input, ctx)).incident
  }

  changeResponders(id: string, input: { add?: string[]; remove?: string[] } & Actor): Incident {
    return this.write(id, input.actor, (cur, ctx) => change.respondersChange(cur, input, ctx))
      .incident
  }

  addNote(id: string, input: { text: string; pinned?: boolean } & Actor): TimelineEvent {
    return this.single(this.write(id, input.actor, (_cur, ctx) => [change.note(input, ctx)]))
  }

  setPinned(id: string, input: { eventUid: string; pinned: boolean } & Actor): Incident {
    return this.write(id, input.actor, (cur, ctx) => change.pinChange(cur, input, ctx)).incident
  }

  amend(id: string, input: { eventUid: string; text: string } & Actor): TimelineEvent {
    return this.single(this.write(id, input.actor, (_cur, ctx) => [change.correction(input, ctx)]))
  }

  postStatusUpdate(
    id: string,
    input: { template: StatusUpdateTemplate; lang: Lang; text: string } & Actor,
  ): TimelineEvent {
    return this.single(
      this.write(id, input.actor, (_cur, ctx) => [change.statusUpdate(input, ctx)]),
    )
  }

  /**
   * Records a fired timer unless the timeline already holds one with the same key. The check and
   * the append share a transaction: a timer fires once even if two engines race.
   */
  recordTimerFired(
    id: string,
    draft: EventDraft & { payload: { key: string } },
    seen?: TimerFiredMark,
  ): TimelineEvent | null {
    const key = draft.payload.key
    const result = this.write(id, draft.actor, () => {
      const already = seen
        ? this.timerFiredAfter.get(seen.own, id, key, seen.team, id, key)
        : this.timerFired.get(id, key)
      if (already) return []
      return [{ ...draft, kind: EventKind.timerFired }]
    })
    return result.events[0] ?? null
  }

  /**
   * Where the timelines end now. A caller that reads an incident's fired timers after taking
   * this mark knows every fired timer up to it, and passes it to recordTimerFired, whose check
   * then reads only the rows written since instead of the incident's whole timeline (issue #20:
   * ~25 ms a timer at 100 000 events, paid by every timer that fell due while the app was
   * closed, at start).
   */
  timerFiredMark(): TimerFiredMark {
    return this.marks.get() as TimerFiredMark
  }

  /** Recomputes the row from the whole timeline: a repair tool, and the test of the fold. */
  rebuild(id: string): Incident {
    return this.tx(() => {
      const row = this.selectRow.get(id) as Row | undefined
      if (!row) throw new NotFoundError(`Incident ${id}`)
      const events = this.deps.timeline.list(id, { limit: Number.MAX_SAFE_INTEGER })
      const before = fromRow(row)
      const after = foldEvents(baseIncident(row), events)
      this.save(before, after)
      return after
    })
  }

  private single(c: IncidentChange): TimelineEvent {
    const e = c.events[0]
    if (!e) throw new Error('no event was written')
    return e
  }

  private write(
    id: string,
    actor: string | null | undefined,
    build: (cur: Incident, ctx: change.ChangeContext) => EventDraft[],
    create?: { id: string; title: string; severity: string; at: number },
  ): IncidentChange {
    const result = this.tx((): IncidentChange => {
      if (create) createIncidentRow(this.deps.db, { ...create, status: 'declared' })
      const cur = this.get(id)
      const ctx: change.ChangeContext = {
        now: this.deps.clock.now(),
        actor: optionalName('actor', actor),
        scheme: this.deps.settings.severityScheme(),
        eventKind: (uid) =>
          (this.eventKind.get(uid, id) as { kind: string } | undefined)?.kind ?? null,
      }
      const drafts = build(cur, ctx)
      if (drafts.length === 0) return { incident: cur, events: [] }
      const events = this.deps.timeline.appendMany(id, drafts)
      const next = foldEvents(cur, events)
      if (next !== cur) this.save(create ? null : cur, next)
      return { incident: next, events }
    })
    if (result.events.length > 0) for (const l of this.listeners) l(result)
    return result
  }

  private save(before: Incident | null, s: Incident): void {
    this.updateRow.run(s.title, s.severity, s.status, s.updatedAt, JSON.stringify(s), s.id)
    if (before && JSON.stringify(before.services) === JSON.stringify(s.services)) return
    this.clearServices.run(s.id)
    for (const service of s.services) this.addService.run(s.id, service)
  }
}

function fromRow(row: Row): Incident {
  let data: unknown
  try {
    data = JSON.parse(row.data)
  } catch {
    data = {}
  }
  const stored = typeof data === 'object' && data !== null ? (data as Partial<Incident>) : {}
  // The columns are authoritative for what they hold; rows made without a declaration have '{}'.
  return {
    ...baseIncident(row),
    ...stored,
    id: row.id,
    title: row.title,
    severity: row.severity,
    status: baseIncident(row).status,
  }
}
