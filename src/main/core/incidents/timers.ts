// The timer engine: watches open incidents, fires each due timer once, and sleeps until the next
// due time (one setTimeout, not a poll). A fired timer is a 'timer.fired' timeline event, which is
// also how a restart knows not to fire it again: on start the engine reads the fired keys back
// from the timeline, and overdue timers that never fired (the app was closed) fire once, late.
import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { Clock } from '../store/timeline'
import type { IncidentChange, Incidents, TimerFiredMark } from './incidents'
import { isOpen } from './lifecycle'
import { EventKind } from './projection'
import type { IncidentSettings } from './settings'
import { dueTimers, nextDueAt, timersFor, upcomingTimers, type TimerSpec } from './timerRules'
import type { Incident, TimerFired, UpcomingTimer } from '../../../shared/incidents'

/** setTimeout behind an interface, so tests drive time with a fake clock. */
export interface Scheduler {
  setTimer(fn: () => void, delayMs: number): unknown
  clearTimer(handle: unknown): void
}

export const systemScheduler: Scheduler = {
  setTimer: (fn, delayMs) => {
    const t = setTimeout(fn, delayMs)
    // Timers never keep the process alive on their own; the shell decides when it exits.
    t.unref?.()
    return t
  },
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

export interface TimerEngineDeps {
  db: Database.Database
  incidents: Incidents
  settings: IncidentSettings
  clock: Clock
  scheduler?: Scheduler
  onFired?: (fired: TimerFired) => void
  /**
   * Longest sleep between checks. setTimeout counts monotonic time, which stops while a laptop
   * sleeps; waking at least this often catches up with the wall clock after a resume.
   */
  maxSleepMs?: number
}

interface Watched {
  incident: Incident
  fired: Map<string, number>
  /** Taken before `fired` was read: every fired timer up to it is in `fired`. */
  seen: TimerFiredMark
}

export class TimerEngine {
  private readonly watched = new Map<string, Watched>()
  private readonly scheduler: Scheduler
  private readonly firedQuery: Database.Statement
  private handle: unknown = null
  private running = false
  private ticking = false
  private unsubscribe: (() => void) | null = null

  constructor(private readonly deps: TimerEngineDeps) {
    this.scheduler = deps.scheduler ?? systemScheduler
    // Fired here or, in a team, on another laptop (team_events, issue #18).
    this.firedQuery = deps.db.prepare(
      `SELECT json_extract(payload, '$.key') AS key, at FROM timeline_events
       WHERE incident_id = ? AND kind = '${EventKind.timerFired}'
       UNION ALL
       SELECT json_extract(payload, '$.key') AS key, at FROM team_events
       WHERE incident_id = ? AND kind = '${EventKind.timerFired}'`,
    )
  }

  /** Loads open incidents and their fired timers, fires what is overdue, schedules the rest. */
  start(): void {
    if (this.running) return
    this.running = true
    for (const incident of this.deps.incidents.open()) this.watch(incident)
    this.unsubscribe = this.deps.incidents.onChanged((c) => this.changed(c))
    this.tick()
  }

  stop(): void {
    this.running = false
    this.unsubscribe?.()
    this.unsubscribe = null
    if (this.handle !== null) this.scheduler.clearTimer(this.handle)
    this.handle = null
    this.watched.clear()
  }

  /** Re-evaluates everything, e.g. after the timer policy or severity scheme was saved. */
  refresh(): void {
    this.tick()
  }

  /** The incident's timers for the header: pending countdowns and overdue targets. */
  upcoming(incidentId: string): UpcomingTimer[] {
    const w = this.watched.get(incidentId) ?? this.load(incidentId)
    return w ? upcomingTimers(this.specs(w), w.fired) : []
  }

  private load(incidentId: string): Watched | null {
    const incident = this.deps.incidents.get(incidentId)
    if (!isOpen(incident.status)) return null
    const seen = this.deps.incidents.timerFiredMark()
    return { incident, fired: this.firedFromTimeline(incidentId), seen }
  }

  private watch(incident: Incident): void {
    const seen = this.deps.incidents.timerFiredMark()
    this.watched.set(incident.id, { incident, fired: this.firedFromTimeline(incident.id), seen })
  }

  private firedFromTimeline(incidentId: string): Map<string, number> {
    const rows = this.firedQuery.all(incidentId, incidentId) as { key: string | null; at: number }[]
    return new Map(rows.filter((r) => r.key !== null).map((r) => [r.key as string, r.at]))
  }

  private specs(w: Watched): TimerSpec[] {
    return timersFor(
      w.incident,
      this.deps.settings.timerPolicy(),
      this.deps.settings.severityScheme(),
      w.fired,
    )
  }

  private changed({ incident, events }: IncidentChange): void {
    if (!this.running) return
    if (!isOpen(incident.status)) {
      this.watched.delete(incident.id)
    } else {
      const w = this.watched.get(incident.id)
      if (!w) {
        this.watch(incident)
      } else {
        w.incident = incident
        for (const e of events) {
          const key = e.payload.key
          if (e.kind === EventKind.timerFired && typeof key === 'string') w.fired.set(key, e.at)
        }
      }
    }
    // A change can make a timer due at once (a raised flag) or move the next one. Firing waits
    // for the scheduler (0 ms when due now) rather than running inside this change notice, so
    // every listener hears about the change before any timer.fired that follows from it.
    this.schedule()
  }

  private tick(): void {
    // Firing writes an event whose change notice reschedules; the loop here finishes the rest.
    if (!this.running || this.ticking) return
    this.ticking = true
    try {
      const now = this.deps.clock.now()
      for (const id of [...this.watched.keys()]) {
        const w = this.watched.get(id)
        if (!w) continue
        for (const spec of dueTimers(this.specs(w), w.fired, now)) this.fire(w, spec, now)
      }
    } finally {
      this.ticking = false
    }
    this.schedule()
  }

  private fire(w: Watched, spec: TimerSpec, now: number): void {
    const incidentId = w.incident.id
    let eventUid: string | null = null
    try {
      // Checked against the rows written since `fired` was read: the rest are in `fired`
      // (this engine's own firings and changes reach it through changed()).
      const event = this.deps.incidents.recordTimerFired(
        incidentId,
        {
          // The same on every laptop (incident, rule, due time): laptops of a team that fire the
          // same timer while apart write one event, counted once by the team projection.
          uid: timerUid(incidentId, spec.key, spec.dueAt),
          kind: EventKind.timerFired,
          at: now,
          actor: null,
          payload: {
            key: spec.key,
            timer: spec.kind,
            name: { ...spec.name },
            dueAt: spec.dueAt,
            notify: spec.notify,
          },
        },
        w.seen,
      )
      if (!event) {
        // Another engine on the same file fired it first: adopt its record, stay quiet.
        w.seen = this.deps.incidents.timerFiredMark()
        w.fired = this.firedFromTimeline(incidentId)
        return
      }
      eventUid = event.uid
    } catch {
      // Could not record (disk full): still tell the responder, once per run of the app; the
      // timer fires again after a restart because the timeline does not hold it.
    }
    w.fired.set(spec.key, now)
    const fired: TimerFired = { incidentId, ...spec, firedAt: now, eventUid }
    try {
      this.deps.onFired?.(fired)
    } catch {
      // A failing notifier must not stop the other timers.
    }
  }

  private schedule(): void {
    if (this.ticking) return // tick() schedules once it is done
    if (this.handle !== null) this.scheduler.clearTimer(this.handle)
    this.handle = null
    if (!this.running) return
    let next: number | null = null
    for (const w of this.watched.values()) {
      const due = nextDueAt(this.specs(w), w.fired)
      if (due !== null && (next === null || due < next)) next = due
    }
    if (next === null) return
    const maxSleep = this.deps.maxSleepMs ?? 60_000
    const delay = Math.min(Math.max(0, next - this.deps.clock.now()), maxSleep)
    this.handle = this.scheduler.setTimer(() => {
      this.handle = null
      this.tick()
    }, delay)
  }
}

/** The uid of a fired timer: derived from the incident, the timer's key and its due time. */
export function timerUid(incidentId: string, key: string, dueAt: number): string {
  const h = createHash('sha256')
    .update(JSON.stringify([incidentId, key, dueAt]))
    .digest('hex')
  return `timer-${h.slice(0, 32)}`
}
