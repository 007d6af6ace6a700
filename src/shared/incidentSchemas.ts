// Validation at the boundary for the incidents domain: the settings values a team stores and the
// parameters of every incidents.* contract method, with their result types and event payloads.
// Text limits here only bound what crosses the wire (frames are at most 16 MB); the real limits
// (title 300 characters, description 100 KB, note 1 MB) are checked in core, whose messages say
// what to do instead.
import { z } from 'zod'
import type { TimelineEvent } from './base'
import {
  businessImpacts,
  detectionMethods,
  impactScopes,
  incidentFlags,
  incidentStatuses,
  langs,
  singleRoles,
  statusUpdateTemplates,
  type ImpactThresholds,
  type Incident,
  type IncidentKpis,
  type IncidentPage,
  type IncidentSettingsView,
  type KpiReport,
  type SeverityScheme,
  type SeveritySuggestion,
  type StatusUpdateDraft,
  type TimerFired,
  type TimerPolicy,
  type UpcomingTimer,
} from './incidents'

/** incidents.latestOpen's answer: the incident and its newest timeline events, in seq order. */
export interface LatestOpenIncident {
  incident: Incident
  events: TimelineEvent[]
}

// ---------------------------------------------------------------------------------------------
// Settings values

const WEEK_MINUTES = 7 * 24 * 60
const localized = z.strictObject({
  en: z.string().trim().min(1).max(500),
  ja: z.string().trim().min(1).max(500),
})
const ruleId = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[A-Za-z0-9_.-]+$/, 'an id uses letters, digits, - _ . only')
const uniqueIds = (list: { id: string }[]): boolean =>
  new Set(list.map((x) => x.id)).size === list.length

export const severitySchemeSchema = z
  .strictObject({
    id: z.string().trim().min(1).max(50),
    name: localized,
    levels: z
      .array(
        z.strictObject({
          id: z
            .string()
            .trim()
            .min(1)
            .max(20)
            .regex(/^[\p{L}\p{N}_-]+$/u, 'a level id is one word, like P1'),
          name: localized,
          definition: localized,
          // At most 30 days: a longer "response target" is not a target.
          responseMinutes: z
            .number()
            .int()
            .min(1)
            .max(30 * 24 * 60),
          responseNote: localized.optional(),
          escalation: localized.optional(),
        }),
      )
      .min(1)
      .max(10),
  })
  .refine((s) => uniqueIds(s.levels), {
    message: 'two levels have the same id',
    path: ['levels'],
  }) satisfies z.ZodType<SeverityScheme>

export const timerPolicySchema = z.strictObject({
  responseStart: z.boolean(),
  timeBoxes: z
    .array(
      z.strictObject({
        id: ruleId,
        name: localized,
        startMinutes: z.number().int().min(0).max(WEEK_MINUTES),
        minutes: z.number().int().min(1).max(WEEK_MINUTES),
        until: z.enum(incidentStatuses).exclude(['declared']),
      }),
    )
    .max(20)
    .refine(uniqueIds, 'two time boxes have the same id'),
  escalations: z
    .array(
      z.strictObject({
        id: ruleId,
        when: z.discriminatedUnion('type', [
          z.strictObject({
            type: z.literal('unresolved'),
            minutes: z.number().int().min(0).max(WEEK_MINUTES),
          }),
          z.strictObject({ type: z.literal('flag'), flag: z.enum(incidentFlags) }),
        ]),
        notify: z.string().trim().min(1).max(200),
        label: localized.optional(),
        severities: z.array(z.string().trim().min(1).max(20)).max(20).optional(),
      }),
    )
    .max(50)
    .refine(uniqueIds, 'two escalation rules have the same id'),
  statusUpdateEveryMinutes: z.number().int().min(0).max(WEEK_MINUTES),
}) satisfies z.ZodType<TimerPolicy>

export const impactThresholdsSchema = z
  .strictObject({ critical: z.number().min(0).max(1), medium: z.number().min(0).max(1) })
  .refine((t) => t.medium <= t.critical, {
    message: 'the medium threshold must not exceed the critical one',
  }) satisfies z.ZodType<ImpactThresholds>

/**
 * Seed 004's rollback rule as a watcher: after a deploy, an error-rate series above the line for
 * long enough suggests rolling back (incidents/rollbackWatch.ts).
 */
export const rollbackRuleSchema = z.strictObject({
  enabled: z.boolean(),
  /** The error-rate series in percent: a metric name, exact or `prefix*`. */
  metric: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_.:/-]+\*?$/, 'a metric name, optionally ending in *'),
  /** One source's series, or null for every source that has the metric. */
  sourceId: z.string().min(1).max(200).nullable(),
  thresholdPercent: z.number().min(0).max(100),
  /** How long the rate must stay above the line. */
  forSec: z.number().int().min(1).max(86_400),
  /** How long after a deploy the rule applies. */
  windowSec: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400),
  /** The runbook (its id without the language) and the command name of the rollback step. */
  runbook: ruleId,
  step: ruleId,
})
export type RollbackRule = z.infer<typeof rollbackRuleSchema>

// ---------------------------------------------------------------------------------------------
// Method parameters

const incidentId = z.string().min(1).max(200)
const eventUid = z.string().min(1).max(200)
const actor = z.string().max(1_000).nullable().optional()
const epochMs = z.number().int().nonnegative()
const shortText = z.string().max(10_000)
const longText = z.string().max(12_000_000)
const names = z.array(z.string().max(1_000)).max(200)
const reason = z.string().max(100_000).nullable().optional()

export const incidentParamSchemas = {
  'incidents.declare': z.strictObject({
    title: shortText,
    severity: z.string().max(50),
    services: names.default([]),
    impactScope: z.enum(impactScopes),
    detection: z.enum(detectionMethods),
    description: longText.default(''),
    occurredAt: epochMs.nullable().optional(),
    detectedAt: epochMs.nullable().optional(),
    commander: z.string().max(1_000).nullable().optional(),
    actor,
  }),
  'incidents.get': z.strictObject({ incidentId }),
  'incidents.latestOpen': z.strictObject({
    /** How many of its newest timeline events come with it. */
    limit: z.number().int().min(1).max(1000).default(200),
  }),
  'incidents.list': z.strictObject({
    severity: z.array(z.string().max(50)).max(20).optional(),
    status: z.array(z.enum(incidentStatuses)).max(7).optional(),
    service: z.string().max(1_000).optional(),
    from: epochMs.optional(),
    to: epochMs.optional(),
    text: z.string().max(1_000).optional(),
    openFirst: z.boolean().default(true),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  }),
  'incidents.changeSeverity': z.strictObject({
    incidentId,
    severity: z.string().max(50),
    reason,
    actor,
  }),
  'incidents.changeStatus': z.strictObject({
    incidentId,
    status: z.enum(incidentStatuses),
    reason,
    actor,
  }),
  'incidents.reopen': z.strictObject({
    incidentId,
    status: z.enum(incidentStatuses).optional(),
    reason: z.string().max(100_000),
    actor,
  }),
  'incidents.update': z.strictObject({
    incidentId,
    changes: z.strictObject({
      title: shortText.optional(),
      services: names.optional(),
      impactScope: z.enum(impactScopes).optional(),
      detection: z.enum(detectionMethods).optional(),
      description: longText.optional(),
      occurredAt: epochMs.nullable().optional(),
      detectedAt: epochMs.optional(),
      dataLossRisk: z.boolean().optional(),
      securitySuspected: z.boolean().optional(),
    }),
    actor,
  }),
  'incidents.assignRole': z.strictObject({
    incidentId,
    role: z.enum(singleRoles),
    name: z.string().max(1_000).nullable(),
    actor,
  }),
  'incidents.changeResponders': z.strictObject({
    incidentId,
    add: names.default([]),
    remove: names.default([]),
    actor,
  }),
  'incidents.addNote': z.strictObject({
    incidentId,
    text: longText,
    pinned: z.boolean().default(false),
    actor,
  }),
  'incidents.setPinned': z.strictObject({ incidentId, eventUid, pinned: z.boolean(), actor }),
  'incidents.amend': z.strictObject({ incidentId, eventUid, text: longText, actor }),
  'incidents.draftStatusUpdate': z.strictObject({
    incidentId,
    template: z.enum(statusUpdateTemplates),
    lang: z.enum(langs),
    overrides: z
      .strictObject({
        eta: shortText,
        responder: shortText,
        nextUpdate: shortText,
        details: longText,
        cause: longText,
        followUp: shortText,
        actionsTaken: z.array(shortText).max(100),
        nextActions: z.array(shortText).max(100),
      })
      .partial()
      .optional(),
  }),
  'incidents.postStatusUpdate': z.strictObject({
    incidentId,
    template: z.enum(statusUpdateTemplates),
    lang: z.enum(langs),
    text: longText,
    actor,
  }),
  'incidents.timers': z.strictObject({ incidentId }),
  'incidents.suggestSeverity': z.strictObject({
    userShare: z.number().min(0).max(1),
    businessImpact: z.enum(businessImpacts),
    dataLoss: z.boolean(),
  }),
  'incidents.settings': z.strictObject({}),
  'incidents.setSeverityScheme': z.strictObject({ scheme: severitySchemeSchema }),
  'incidents.setTimerPolicy': z.strictObject({ policy: timerPolicySchema }),
  'incidents.setImpactThresholds': z.strictObject({ thresholds: impactThresholdsSchema }),
  'incidents.kpis': z.strictObject({ from: epochMs.optional(), to: epochMs.optional() }),
  'incidents.incidentKpis': z.strictObject({ incidentId }),
  'incidents.markDeploy': z.strictObject({
    incidentId,
    version: z.string().trim().max(200).optional(),
    actor,
  }),
  'incidents.rollbackRule': z.strictObject({}),
  'incidents.setRollbackRule': z.strictObject({ rule: rollbackRuleSchema }),
} as const satisfies { [M in keyof IncidentMethodResults]: z.ZodType }

export interface IncidentMethodResults {
  'incidents.declare': Incident
  'incidents.get': Incident
  /**
   * The most recent open incident (the first of incidents.list, open first, unless resolved or
   * closed) with the newest page of its timeline, as timeline.list gives it; null when there is
   * none. A window with no incident remembered paints its first screen from this one answer
   * (issue #20), instead of a list and then the timeline.
   */
  'incidents.latestOpen': LatestOpenIncident | null
  /** Open incidents first; with `text`, ranked by relevance and each with matching snippets. */
  'incidents.list': IncidentPage
  'incidents.changeSeverity': Incident
  'incidents.changeStatus': Incident
  /** The only way out of 'closed'; needs a reason. */
  'incidents.reopen': Incident
  'incidents.update': Incident
  'incidents.assignRole': Incident
  'incidents.changeResponders': Incident
  'incidents.addNote': TimelineEvent
  'incidents.setPinned': Incident
  /** A correction event pointing at an earlier event (`amends`). */
  'incidents.amend': TimelineEvent
  'incidents.draftStatusUpdate': StatusUpdateDraft
  'incidents.postStatusUpdate': TimelineEvent
  /** For the header countdowns. */
  'incidents.timers': UpcomingTimer[]
  'incidents.suggestSeverity': SeveritySuggestion
  'incidents.settings': IncidentSettingsView
  'incidents.setSeverityScheme': SeverityScheme
  'incidents.setTimerPolicy': TimerPolicy
  'incidents.setImpactThresholds': ImpactThresholds
  'incidents.kpis': KpiReport
  'incidents.incidentKpis': IncidentKpis
  'incidents.markDeploy': TimelineEvent
  'incidents.rollbackRule': RollbackRule
  'incidents.setRollbackRule': RollbackRule
}

export interface IncidentEventPayloads {
  /** An incident's projection after any committed change. */
  'incident.changed': Incident
  /** A timer fired: show a desktop notification (the timeline already has the event). */
  'timer.fired': TimerFired
}

export const incidentEventNames: (keyof IncidentEventPayloads)[] = [
  'incident.changed',
  'timer.fired',
]
