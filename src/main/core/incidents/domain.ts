// The incidents domain for one open database: settings, the Incidents service, the timer engine
// and search, wired together. Core makes one per store and closes it when the store changes.
import type Database from 'better-sqlite3'
import type { Clock, Timeline } from '../store/timeline'
import { suggestSeverity } from './impactHelper'
import { Incidents, type IncidentChange, type TransactionRunner } from './incidents'
import { incidentKpis, kpiReport } from './kpis'
import { indexTranscript, reindexSession } from './search'
import { IncidentSettings } from './settings'
import { builtInSchemes } from './severity'
import { actionsTaken } from './actionsTaken'
import { draftStatusUpdate } from './statusUpdate'
import { TimerEngine, type Scheduler } from './timers'
import type {
  ImpactAssessment,
  ImpactThresholds,
  IncidentSettingsView,
  IncidentKpis,
  KpiReport,
  Lang,
  SeverityScheme,
  SeveritySuggestion,
  StatusUpdateDraft,
  StatusUpdateFields,
  StatusUpdateTemplate,
  TimerFired,
  TimerPolicy,
} from '../../../shared/incidents'

export interface StoreLike {
  db: Database.Database
  path: string
  timeline: Timeline
}

export interface IncidentsDomainOptions {
  clock: Clock
  scheduler?: Scheduler
  /** The responder's zone, for status update texts and KPI months. */
  timeZone?: string
  onFired?: (fired: TimerFired) => void
  onChanged?: (change: IncidentChange) => void
  transaction?: TransactionRunner
}

export class IncidentsDomain {
  readonly settings: IncidentSettings
  readonly incidents: Incidents
  readonly timers: TimerEngine
  private readonly timeZone: string
  private readonly unsubscribe: () => void

  constructor(
    private readonly store: StoreLike,
    private readonly opts: IncidentsDomainOptions,
  ) {
    this.timeZone = opts.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
    this.settings = new IncidentSettings(store.db, store.path)
    this.incidents = new Incidents({
      db: store.db,
      path: store.path,
      timeline: store.timeline,
      settings: this.settings,
      clock: opts.clock,
      ...(opts.transaction ? { transaction: opts.transaction } : {}),
    })
    this.timers = new TimerEngine({
      db: store.db,
      incidents: this.incidents,
      settings: this.settings,
      clock: opts.clock,
      ...(opts.scheduler ? { scheduler: opts.scheduler } : {}),
      ...(opts.onFired ? { onFired: opts.onFired } : {}),
    })
    this.unsubscribe = this.incidents.onChanged((c) => opts.onChanged?.(c))
  }

  start(): void {
    this.timers.start()
  }

  close(): void {
    this.timers.stop()
    this.unsubscribe()
  }

  settingsView(): IncidentSettingsView {
    return {
      severityScheme: this.settings.severityScheme(),
      builtInSchemes: [...builtInSchemes],
      timerPolicy: this.settings.timerPolicy(),
      impactThresholds: this.settings.impactThresholds(),
      problems: [...this.settings.problems],
    }
  }

  setImpactThresholds(value: unknown): ImpactThresholds {
    return this.settings.setImpactThresholds(value)
  }

  setSeverityScheme(value: unknown): SeverityScheme {
    const scheme = this.settings.setSeverityScheme(value)
    this.timers.refresh()
    return scheme
  }

  setTimerPolicy(value: unknown): TimerPolicy {
    const policy = this.settings.setTimerPolicy(value)
    this.timers.refresh()
    return policy
  }

  suggestSeverity(a: ImpactAssessment): SeveritySuggestion {
    return suggestSeverity(a, this.settings.severityScheme(), this.settings.impactThresholds())
  }

  draftStatusUpdate(
    incidentId: string,
    input: { template: StatusUpdateTemplate; lang: Lang; overrides?: Partial<StatusUpdateFields> },
  ): StatusUpdateDraft {
    const incident = this.incidents.get(incidentId)
    const actions = actionsTaken(
      this.store.db,
      incidentId,
      input.template,
      incident.lastStatusUpdateAt,
      input.lang,
    )
    return draftStatusUpdate(incident, {
      ...input,
      // What the timeline says was done; anything the responder wrote wins.
      overrides: { actionsTaken: actions, ...input.overrides },
      now: this.opts.clock.now(),
      timeZone: this.timeZone,
      nextUpdateMinutes: this.settings.timerPolicy().statusUpdateEveryMinutes,
    })
  }

  incidentKpis(incidentId: string): IncidentKpis {
    return incidentKpis(this.incidents.get(incidentId))
  }

  kpis(range: { from?: number | undefined; to?: number | undefined } = {}): KpiReport {
    return kpiReport(this.incidents.declaredBetween(range.from, range.to), this.timeZone)
  }

  /** For the recorder: adds transcript text (raw terminal output is fine) to search. */
  indexTranscript(sessionId: string, incidentId: string, text: string): number {
    return indexTranscript(this.store.db, sessionId, incidentId, text, this.store.path)
  }

  /** Re-reads a session's recorded output into search, replacing what was indexed before. */
  reindexSession(sessionId: string): number {
    return reindexSession(this.store.db, sessionId, this.store.path)
  }
}
