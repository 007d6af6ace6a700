// What each responder action writes to the timeline: pure functions from the current incident
// and the input to event drafts, validating as they go. They never touch the database, so every
// rule here is testable on plain objects; incidents.ts commits the drafts and the projection.
import type { JsonObject, JsonValue } from '../../../shared/contract'
import type { EventDraft } from '../store/timeline'
import { IncidentInputError } from './errors'
import { checkTransition } from './lifecycle'
import { EventKind, type EditableField } from './projection'
import { requireLevel } from './severity'
import type {
  DetectionMethod,
  ImpactScope,
  Incident,
  IncidentFlag,
  IncidentStatus,
  Lang,
  SeverityScheme,
  SingleRole,
  StatusUpdateTemplate,
} from '../../../shared/incidents'
import * as v from './validation'

export interface ChangeContext {
  now: number
  actor: string | null
  scheme: SeverityScheme
  /** Kind of an event of this incident, or null when the uid is not one of its events. */
  eventKind: (uid: string) => string | null
}

export interface DeclareInput {
  title: string
  severity: string
  services: string[]
  impactScope: ImpactScope
  detection: DetectionMethod
  description?: string | undefined
  occurredAt?: number | null | undefined
  detectedAt?: number | null | undefined
  commander?: string | null | undefined
  actor?: string | null | undefined
}

const descriptionHint = 'Put the rest in notes (up to 1 MB each) or attach it as a transcript.'

function reason(text: string | null | undefined): string | null {
  if (!text?.trim()) return null
  return v.boundedText('reason', text.trim(), v.limits.reasonBytes, 'Keep the reason short.')
}

export function declaration(input: DeclareInput, scheme: SeverityScheme, now: number): EventDraft {
  const title = v.requiredText('title', input.title, v.limits.titleChars)
  const severity = requireLevel(scheme, input.severity).id
  const description = v.boundedText(
    'description',
    input.description ?? '',
    v.limits.descriptionBytes,
    descriptionHint,
  )
  const occurredAt =
    input.occurredAt == null ? null : v.pastTime('occurred-at time', input.occurredAt, now)
  const detectedAt =
    input.detectedAt == null ? now : v.pastTime('detected-at time', input.detectedAt, now)
  v.orderedTimes(occurredAt, detectedAt)
  return {
    kind: EventKind.declared,
    at: now,
    actor: v.optionalName('actor', input.actor),
    payload: {
      title,
      severity,
      scheme: scheme.id,
      services: v.services(input.services),
      impactScope: input.impactScope,
      detection: input.detection,
      description,
      declaredAt: now,
      occurredAt,
      detectedAt,
      // Times entered after the fact are kept as entered and flagged, so a reader of the
      // timeline knows they were reconstructed rather than observed.
      backdated: {
        occurredAt: occurredAt !== null && occurredAt < now,
        detectedAt: detectedAt < now,
      },
      commander: v.optionalName('commander', input.commander),
    },
  }
}

export function severityChange(
  cur: Incident,
  input: { severity: string; reason?: string | null | undefined },
  ctx: ChangeContext,
): EventDraft[] {
  const to = requireLevel(ctx.scheme, input.severity).id
  if (to === cur.severity) throw new IncidentInputError(`The severity is already ${to}.`)
  const payload = { from: cur.severity, to, reason: reason(input.reason) }
  return [{ kind: EventKind.severityChanged, at: ctx.now, actor: ctx.actor, payload }]
}

export function statusChange(
  cur: Incident,
  input: { status: IncidentStatus; reason?: string | null | undefined },
  ctx: ChangeContext,
  explicitReopen = false,
): EventDraft[] {
  const transition = checkTransition(cur.status, input.status, explicitReopen)
  const why = reason(input.reason)
  if (explicitReopen && !why) {
    throw new IncidentInputError('Give a reason for reopening: it stays on the timeline.')
  }
  const payload: JsonObject = {
    from: cur.status,
    to: input.status,
    transition,
    responseStarted: cur.status === 'declared' && cur.responseStartedAt === null,
    reason: why,
  }
  return [{ kind: EventKind.statusChanged, at: ctx.now, actor: ctx.actor, payload }]
}

export interface FieldChanges {
  title?: string | undefined
  services?: string[] | undefined
  impactScope?: ImpactScope | undefined
  detection?: DetectionMethod | undefined
  description?: string | undefined
  occurredAt?: number | null | undefined
  detectedAt?: number | undefined
  dataLossRisk?: boolean | undefined
  securitySuspected?: boolean | undefined
}

/** The new values, validated, for the fields that were given. */
function normalize(cur: Incident, c: FieldChanges, now: number): Map<EditableField, JsonValue> {
  const out = new Map<EditableField, JsonValue>()
  if (c.title !== undefined) out.set('title', v.requiredText('title', c.title, v.limits.titleChars))
  if (c.services !== undefined) out.set('services', v.services(c.services))
  if (c.impactScope !== undefined) out.set('impactScope', c.impactScope)
  if (c.detection !== undefined) out.set('detection', c.detection)
  if (c.description !== undefined) {
    const d = v.boundedText(
      'description',
      c.description,
      v.limits.descriptionBytes,
      descriptionHint,
    )
    out.set('description', d)
  }
  // Detection cannot come after the declaration; the skew allowance covers clock drift only.
  const latestDetection = Math.min(now, cur.declaredAt + v.limits.clockSkewMs)
  const occurredAt =
    c.occurredAt === undefined
      ? cur.occurredAt
      : c.occurredAt === null
        ? null
        : v.pastTime('occurred-at time', c.occurredAt, now)
  const detectedAt =
    c.detectedAt === undefined ? cur.detectedAt : v.pastTime('detected-at time', c.detectedAt, now)
  if (detectedAt > latestDetection) {
    throw new IncidentInputError(
      'The detected-at time is after the declaration. An incident is declared once it is detected.',
    )
  }
  v.orderedTimes(occurredAt, detectedAt)
  if (c.occurredAt !== undefined) out.set('occurredAt', occurredAt)
  if (c.detectedAt !== undefined) out.set('detectedAt', detectedAt)
  if (c.dataLossRisk !== undefined) out.set('dataLossRisk', c.dataLossRisk)
  if (c.securitySuspected !== undefined) out.set('securitySuspected', c.securitySuspected)
  return out
}

function currentValue(cur: Incident, field: EditableField): JsonValue {
  if (field === 'dataLossRisk' || field === 'securitySuspected') {
    return cur.flags[field as IncidentFlag] !== null
  }
  return cur[field]
}

/** One event per field whose value really changes, each with the old and the new value. */
export function fieldChanges(cur: Incident, c: FieldChanges, ctx: ChangeContext): EventDraft[] {
  const drafts: EventDraft[] = []
  for (const [field, to] of normalize(cur, c, ctx.now)) {
    const from = currentValue(cur, field)
    if (JSON.stringify(from) === JSON.stringify(to)) continue
    const payload: JsonObject = { field, from, to }
    if (field === 'occurredAt' || field === 'detectedAt') {
      payload.backdated = typeof to === 'number' && to < cur.declaredAt
    }
    drafts.push({ kind: EventKind.fieldChanged, at: ctx.now, actor: ctx.actor, payload })
  }
  if (drafts.length === 0)
    throw new IncidentInputError('Nothing changed: every value is as it was.')
  return drafts
}

/** Assigns or clears a single role; a change of holder is recorded as a hand-over from → to. */
export function roleChange(
  cur: Incident,
  input: { role: SingleRole; name: string | null },
  ctx: ChangeContext,
): EventDraft[] {
  const to = v.optionalName(input.role, input.name)
  const from = cur.roles[input.role]
  if (to === from) {
    throw new IncidentInputError(
      to ? `${to} is already the ${input.role}.` : `There is no ${input.role} to remove.`,
    )
  }
  const payload = { role: input.role, from, to, handover: from !== null && to !== null }
  return [{ kind: EventKind.roleChanged, at: ctx.now, actor: ctx.actor, payload }]
}

export function respondersChange(
  cur: Incident,
  input: { add?: string[] | undefined; remove?: string[] | undefined },
  ctx: ChangeContext,
): EventDraft[] {
  const names = (list: string[] | undefined): string[] => [
    ...new Set(
      (list ?? []).map((n) => v.optionalName('responder name', n)).filter((n) => n !== null),
    ),
  ]
  const add = names(input.add)
  const remove = names(input.remove)
  const already = add.filter((n) => cur.roles.responders.includes(n))
  const absent = remove.filter((n) => !cur.roles.responders.includes(n))
  if (already.length) throw new IncidentInputError(`Already responding: ${already.join(', ')}.`)
  if (absent.length) throw new IncidentInputError(`Not among the responders: ${absent.join(', ')}.`)
  if (!add.length && !remove.length) throw new IncidentInputError('Name at least one responder.')
  const payload = { added: add, removed: remove }
  return [{ kind: EventKind.respondersChanged, at: ctx.now, actor: ctx.actor, payload }]
}

export function note(
  input: { text: string; pinned?: boolean | undefined },
  ctx: ChangeContext,
): EventDraft {
  if (!input.text.trim()) throw new IncidentInputError('The note is empty.')
  const text = v.boundedText(
    'note',
    input.text,
    v.limits.noteBytes,
    'Split it into several notes, or keep long output in the terminal transcript.',
  )
  const payload = { text, pinned: input.pinned === true }
  return { kind: EventKind.note, at: ctx.now, actor: ctx.actor, payload }
}

function requireEvent(ctx: ChangeContext, uid: string): string {
  const kind = ctx.eventKind(uid)
  if (kind === null) {
    throw new IncidentInputError(`Event ${uid} is not part of this incident's timeline.`)
  }
  return kind
}

export function pinChange(
  cur: Incident,
  input: { eventUid: string; pinned: boolean },
  ctx: ChangeContext,
): EventDraft[] {
  const targetKind = requireEvent(ctx, input.eventUid)
  const isPinned = cur.pinned.includes(input.eventUid)
  if (isPinned === input.pinned) {
    throw new IncidentInputError(`That event is already ${input.pinned ? 'pinned' : 'unpinned'}.`)
  }
  const kind = input.pinned ? EventKind.pinned : EventKind.unpinned
  return [{ kind, at: ctx.now, actor: ctx.actor, payload: { target: input.eventUid, targetKind } }]
}

/** A correction: a new event that points at the one it corrects; the old one stays as it was. */
export function correction(
  input: { eventUid: string; text: string },
  ctx: ChangeContext,
): EventDraft {
  const targetKind = requireEvent(ctx, input.eventUid)
  if (!input.text.trim()) throw new IncidentInputError('Say what the correction is.')
  const text = v.boundedText('correction', input.text, v.limits.noteBytes, 'Keep it shorter.')
  return {
    kind: EventKind.correction,
    at: ctx.now,
    actor: ctx.actor,
    amends: input.eventUid,
    payload: { text, targetKind },
  }
}

export function statusUpdate(
  input: { template: StatusUpdateTemplate; lang: Lang; text: string },
  ctx: ChangeContext,
): EventDraft {
  if (!input.text.trim()) throw new IncidentInputError('The status update is empty.')
  const text = v.boundedText('status update', input.text, v.limits.statusUpdateBytes, 'Shorten it.')
  const payload = { template: input.template, lang: input.lang, text }
  return { kind: EventKind.statusUpdate, at: ctx.now, actor: ctx.actor, payload }
}
