// The incident domain's values that cross the main/renderer boundary (re-exported by contract.ts).

export const incidentStatuses = [
  'declared',
  'investigating',
  'identified',
  'mitigating',
  'monitoring',
  'resolved',
  'closed',
] as const
export type IncidentStatus = (typeof incidentStatuses)[number]

export const impactScopes = ['all', 'core', 'auxiliary'] as const
export type ImpactScope = (typeof impactScopes)[number]

export const detectionMethods = [
  'monitoring-alert',
  'health-check',
  'user-report',
  'routine-check',
  'maintenance',
] as const
export type DetectionMethod = (typeof detectionMethods)[number]

/** Roles held by one person at a time; responders are a list. */
export const singleRoles = ['commander', 'scribe', 'communications'] as const
export type SingleRole = (typeof singleRoles)[number]

/** Yes/no facts about an incident that escalation rules can react to (seed 002). */
export const incidentFlags = ['dataLossRisk', 'securitySuspected'] as const
export type IncidentFlag = (typeof incidentFlags)[number]

export const langs = ['en', 'ja'] as const
export type Lang = (typeof langs)[number]
export interface Localized {
  en: string
  ja: string
}

export interface IncidentRoles {
  commander: string | null
  scribe: string | null
  communications: string | null
  responders: string[]
}

/** The current state of an incident: the projection of its timeline. */
export interface Incident {
  id: string
  title: string
  severity: string
  /** Id of the severity scheme in force when the incident was declared. */
  scheme: string
  status: IncidentStatus
  services: string[]
  impactScope: ImpactScope
  detection: DetectionMethod
  description: string
  declaredAt: number
  declaredBy: string | null
  /** When the problem began, if known. */
  occurredAt: number | null
  /** When it was noticed; the declaration time unless entered. */
  detectedAt: number
  /** Which entered times lie before the declaration. */
  backdated: { occurredAt: boolean; detectedAt: boolean }
  /** First time the incident left 'declared': the response-start time. */
  responseStartedAt: number | null
  resolvedAt: number | null
  closedAt: number | null
  /** First time each status was reached; reopening does not erase history. */
  reachedAt: Partial<Record<IncidentStatus, number>>
  reopenCount: number
  roles: IncidentRoles
  /** When each flag was raised, or null while it is down. */
  flags: Record<IncidentFlag, number | null>
  /** uids of pinned timeline events, oldest pin first. */
  pinned: string[]
  lastStatusUpdateAt: number | null
  updatedAt: number
}

export interface SearchSnippet {
  source: 'title' | 'event' | 'transcript'
  /** Event uid or session id. */
  ref: string | null
  /** Event kind for events. */
  kind: string | null
  /** The snippet in pieces, hits marked: render as text, never as HTML. */
  parts: { text: string; hit: boolean }[]
}

export interface IncidentSummary {
  id: string
  title: string
  severity: string
  status: IncidentStatus
  services: string[]
  commander: string | null
  declaredAt: number
  updatedAt: number
  resolvedAt: number | null
  /** Present when the list was searched: the best matching passages. */
  matches?: SearchSnippet[]
}

export interface IncidentPage {
  items: IncidentSummary[]
  total: number
  /**
   * With a text search only, and only while the search index is behind: committed timeline
   * events not yet searchable (store/searchIndex.ts indexes them in idle time). The page says
   * "indexing N newer events".
   */
  indexing?: number
}

export interface SeverityLevel {
  id: string
  name: Localized
  definition: Localized
  /** Target for starting the response, from detection. */
  responseMinutes: number
  /** Caveat on the target, e.g. "1 business day" stored as 24 h. */
  responseNote?: Localized | undefined
  /** Who to contact, as the seed runbooks say it. */
  escalation?: Localized | undefined
}

export interface SeverityScheme {
  id: string
  name: Localized
  /** Most severe first: the impact helper maps its ranks onto this order. */
  levels: SeverityLevel[]
}

export const businessImpacts = ['high', 'medium', 'low'] as const
export type BusinessImpact = (typeof businessImpacts)[number]

export interface ImpactAssessment {
  /** Share of users affected, 0..1. */
  userShare: number
  businessImpact: BusinessImpact
  dataLoss: boolean
}

export interface ImpactThresholds {
  /** Above this share: the most severe level (seed 001: 0.8). */
  critical: number
  /** Above this share: the third level (seed 001: 0.3). */
  medium: number
}

export type ImpactRule =
  'users-critical' | 'business-high' | 'data-loss' | 'users-medium' | 'default'

export interface SeveritySuggestion {
  severity: string
  /** 0 = most severe level of the scheme. */
  rank: number
  rule: ImpactRule
  explanation: Localized
}

export interface TimeBox {
  id: string
  name: Localized
  /** Offset of the box's start from the declaration. */
  startMinutes: number
  minutes: number
  /** The box is met once the incident has reached this status (or a later one). */
  until: Exclude<IncidentStatus, 'declared'>
}

export type EscalationCondition =
  { type: 'unresolved'; minutes: number } | { type: 'flag'; flag: IncidentFlag }

export interface EscalationRule {
  id: string
  when: EscalationCondition
  /** Who to contact, in the responders' words. */
  notify: string
  label?: Localized | undefined
  /** Only for these severities; all when absent. */
  severities?: string[] | undefined
}

export interface TimerPolicy {
  responseStart: boolean
  timeBoxes: TimeBox[]
  escalations: EscalationRule[]
  /** 0 turns the reminder off. */
  statusUpdateEveryMinutes: number
}

export type TimerKind = 'response-start' | 'time-box' | 'escalation' | 'status-update'

export interface UpcomingTimer {
  key: string
  kind: TimerKind
  name: Localized
  dueAt: number
  /** overdue: fired and its target is still not met (response start, time boxes). */
  state: 'pending' | 'overdue'
  notify: string | null
}

export interface TimerFired {
  incidentId: string
  key: string
  kind: TimerKind
  name: Localized
  dueAt: number
  firedAt: number
  notify: string | null
  /** The timer.fired event; null when it could not be recorded (the disk was full). */
  eventUid: string | null
}

export const statusUpdateTemplates = ['declaration', 'progress', 'recovery'] as const
export type StatusUpdateTemplate = (typeof statusUpdateTemplates)[number]

export interface StatusUpdateFields {
  severity: string
  title: string
  /** When it began (occurred, else detected), formatted. */
  time: string
  services: string
  scope: string
  state: string
  eta: string
  responder: string
  nextUpdate: string
  details: string
  actionsTaken: string[]
  nextActions: string[]
  resolvedTime: string
  duration: string
  cause: string
  followUp: string
}

export interface StatusUpdateDraft {
  template: StatusUpdateTemplate
  lang: Lang
  fields: StatusUpdateFields
  text: string
}

export interface IncidentKpis {
  incidentId: string
  /** detected − occurred; null when the start is unknown. */
  mttdMs: number | null
  /** response started − detected. */
  timeToRespondMs: number | null
  /** resolved − occurred (detected when the start is unknown, see mttrFrom). */
  mttrMs: number | null
  mttrFrom: 'occurred' | 'detected' | null
}

export interface KpiStat {
  count: number
  meanMs: number | null
  medianMs: number | null
}

export interface KpiReport {
  incidents: number
  mttd: KpiStat
  timeToRespond: KpiStat
  mttr: KpiStat
  perMonth: { month: string; count: number }[]
  byService: { service: string; incidents: number; recurrences: number; lastAt: number }[]
}

/** Everything the settings screen needs in one call. */
export interface IncidentSettingsView {
  severityScheme: SeverityScheme
  builtInSchemes: SeverityScheme[]
  timerPolicy: TimerPolicy
  impactThresholds: ImpactThresholds
  /** Stored values that did not validate and were replaced by defaults. */
  problems: { key: string; message: string }[]
}
