// The incidents domain for one open database: settings, the Incidents service, the timer engine
// and search, wired together. Core makes one per store and closes it when the store changes.
// This class is the domain's facade: the rpc handlers call its methods and nothing deeper, and
// other domains import from this folder only this file (lint enforces it).
import type Database from 'better-sqlite3'
import type { ChainVerdict, TimelineEvent } from '../../../shared/contract'
import type { LatestOpenIncident, RollbackRule } from '../../../shared/incidentSchemas'
import type { Clock, Timeline } from '../store/timeline'
import { suggestSeverity } from './impactHelper'
import { Incidents, type IncidentChange, type TransactionRunner } from './incidents'
import { incidentKpis, kpiReport } from './kpis'
import { indexTranscript, reindexSession } from './search'
import { RollbackWatch, type ObservedSample, type RecognizedDeploy } from './rollbackWatch'
import { IncidentSettings } from './settings'
import { builtInSchemes } from './severity'
import { actionsTaken } from './actionsTaken'
import { draftStatusUpdate } from './statusUpdate'
import { TimerEngine, type Scheduler } from './timers'
import type { ListQuery } from './incidentList'
import type {
  ImpactAssessment,
  Incident,
  IncidentPage,
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
  UpcomingTimer,
} from '../../../shared/incidents'

// What other domains may use of this one: they import it from here, not from the files behind.
export type { Incidents } from './incidents'
export { incidentKpis } from './kpis'
export { actionKinds, describeAction } from './actionsTaken'
export { applyEvent, baseIncident, changedField, foldEvents } from './projection'
export { formatDuration } from './format'
export { stripAnsi } from './transcriptText'
export type { ObservedSample, RecognizedDeploy } from './rollbackWatch'

/** The second parameter of an Incidents method: what the responder changes. */
type InputOf<K extends keyof Incidents> = Incidents[K] extends (
  id: string,
  input: infer I,
) => unknown
  ? I
  : never

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
  /** Which command lines deploy (the runbooks domain's reading), for the rollback watcher. */
  recognizeDeploy?: (command: string) => RecognizedDeploy | null
  /** A metric source's name, for the rollback watcher's events. */
  sourceName?: (sourceId: string) => string | null
}

export class IncidentsDomain {
  readonly settings: IncidentSettings
  readonly incidents: Incidents
  readonly timers: TimerEngine
  /** Seed 004's rollback rule: deploys and the error rate after them. */
  readonly rollback: RollbackWatch
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
    this.rollback = new RollbackWatch({
      db: store.db,
      timeline: store.timeline,
      rule: () => this.settings.rollbackRule(),
      openIncidents: () => this.incidents.open().map((i) => i.id),
      ...(opts.recognizeDeploy ? { recognizeDeploy: opts.recognizeDeploy } : {}),
      ...(opts.sourceName ? { sourceName: opts.sourceName } : {}),
    })
  }

  start(): void {
    this.timers.start()
    this.rollback.start()
  }

  close(): void {
    this.rollback.stop()
    this.timers.stop()
    this.unsubscribe()
  }

  // --- incidents and their timelines, as the contract's incidents.* and timeline.* reach them ---

  declare(input: Parameters<Incidents['declare']>[0]): Incident {
    return this.incidents.declare(input)
  }

  get(incidentId: string): Incident {
    return this.incidents.get(incidentId)
  }

  list(query: ListQuery): IncidentPage {
    return this.incidents.list(query)
  }

  /** The most recent open incident with its newest timeline page, or null (incidents.latestOpen). */
  latestOpen(limit: number): LatestOpenIncident | null {
    const first = this.incidents.list({ openFirst: true, limit: 1, offset: 0 }).items[0]
    if (!first || first.status === 'resolved' || first.status === 'closed') return null
    return { incident: this.get(first.id), events: this.timeline(first.id, { limit }) }
  }

  changeSeverity(incidentId: string, input: InputOf<'changeSeverity'>): Incident {
    return this.incidents.changeSeverity(incidentId, input)
  }

  changeStatus(incidentId: string, input: InputOf<'changeStatus'>): Incident {
    return this.incidents.changeStatus(incidentId, input)
  }

  reopen(incidentId: string, input: InputOf<'reopen'>): Incident {
    return this.incidents.reopen(incidentId, input)
  }

  update(incidentId: string, input: InputOf<'update'>): Incident {
    return this.incidents.update(incidentId, input)
  }

  assignRole(incidentId: string, input: InputOf<'assignRole'>): Incident {
    return this.incidents.assignRole(incidentId, input)
  }

  changeResponders(incidentId: string, input: InputOf<'changeResponders'>): Incident {
    return this.incidents.changeResponders(incidentId, input)
  }

  addNote(incidentId: string, input: InputOf<'addNote'>): TimelineEvent {
    return this.incidents.addNote(incidentId, input)
  }

  setPinned(incidentId: string, input: InputOf<'setPinned'>): Incident {
    return this.incidents.setPinned(incidentId, input)
  }

  amend(incidentId: string, input: InputOf<'amend'>): TimelineEvent {
    return this.incidents.amend(incidentId, input)
  }

  postStatusUpdate(incidentId: string, input: InputOf<'postStatusUpdate'>): TimelineEvent {
    return this.incidents.postStatusUpdate(incidentId, input)
  }

  upcomingTimers(incidentId: string): UpcomingTimer[] {
    return this.timers.upcoming(incidentId)
  }

  /** A page of the incident's timeline in seq order: the newest, or those before `beforeSeq`. */
  timeline(
    incidentId: string,
    page: { beforeSeq?: number | undefined; limit: number },
  ): TimelineEvent[] {
    return this.store.timeline.list(incidentId, page)
  }

  /** Checks the incident's hash chain end to end. */
  verifyTimeline(incidentId: string): ChainVerdict {
    return this.store.timeline.verify(incidentId)
  }

  // --- deploys and the rollback rule ------------------------------------------------------------

  markDeploy(
    incidentId: string,
    input: { version?: string | undefined; actor?: string | null | undefined },
  ): TimelineEvent {
    this.incidents.get(incidentId)
    return this.rollback.markDeploy(incidentId, input)
  }

  rollbackRule(): RollbackRule {
    return this.settings.rollbackRule()
  }

  setRollbackRule(value: unknown): RollbackRule {
    return this.settings.setRollbackRule(value)
  }

  /** Fresh metric samples (the metrics domain's sample events, through Core). */
  observeSamples(samples: ObservedSample[]): void {
    for (const s of samples) this.rollback.observe(s)
  }

  // --- settings, suggestions, status update drafts, KPIs ---------------------------------------

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
