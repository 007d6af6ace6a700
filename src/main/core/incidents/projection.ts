// The incident's current state as a fold over its timeline. The same reducer updates the list
// row on every change and rebuilds a row from scratch, so the row can never say something the
// timeline does not. Events of kinds it does not know (checklist ticks, commands) leave it as is.
import type { JsonObject, JsonValue, TimelineEvent } from '../../../shared/contract'
import { isIncidentStatus } from './lifecycle'
import {
  detectionMethods,
  impactScopes,
  incidentFlags,
  singleRoles,
  type DetectionMethod,
  type ImpactScope,
  type Incident,
  type IncidentFlag,
  type IncidentStatus,
  type SingleRole,
} from '../../../shared/incidents'

/** Timeline event kinds written by the incidents domain. */
export const EventKind = {
  declared: 'incident.declared',
  severityChanged: 'incident.severity_changed',
  statusChanged: 'incident.status_changed',
  fieldChanged: 'incident.field_changed',
  roleChanged: 'incident.role_changed',
  respondersChanged: 'incident.responders_changed',
  note: 'note',
  pinned: 'event.pinned',
  unpinned: 'event.unpinned',
  correction: 'correction',
  statusUpdate: 'status_update.posted',
  timerFired: 'timer.fired',
} as const

/** Fields `update` can change; each change is one incident.field_changed event. */
export const editableFields = [
  'title',
  'services',
  'impactScope',
  'detection',
  'description',
  'occurredAt',
  'detectedAt',
  ...incidentFlags,
] as const
export type EditableField = (typeof editableFields)[number]

// Readers that tolerate any payload: an imported or hand-made event must not break the fold.
const str = (p: JsonObject, k: string): string | null => {
  const v = p[k]
  return typeof v === 'string' ? v : null
}
const num = (p: JsonObject, k: string): number | null => {
  const v = p[k]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}
const strings = (v: JsonValue | undefined): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
const oneOf = <T extends string>(list: readonly T[], v: JsonValue | undefined): T | null =>
  typeof v === 'string' && (list as readonly string[]).includes(v) ? (v as T) : null

export interface IncidentRow {
  id: string
  title: string
  severity: string
  status: string
  created_at: number
  updated_at: number
}

/** What a row says before any event: also the state of rows made without a declaration. */
export function baseIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    title: row.title,
    severity: row.severity,
    scheme: '',
    status: isIncidentStatus(row.status) ? row.status : 'declared',
    services: [],
    impactScope: 'core',
    detection: 'monitoring-alert',
    description: '',
    declaredAt: row.created_at,
    declaredBy: null,
    occurredAt: null,
    detectedAt: row.created_at,
    backdated: { occurredAt: false, detectedAt: false },
    responseStartedAt: null,
    resolvedAt: null,
    closedAt: null,
    reachedAt: { declared: row.created_at },
    reopenCount: 0,
    roles: { commander: null, scribe: null, communications: null, responders: [] },
    flags: { dataLossRisk: null, securitySuspected: null },
    pinned: [],
    lastStatusUpdateAt: null,
    updatedAt: row.updated_at,
  }
}

function applyField(s: Incident, field: string, p: JsonObject, at: number): void {
  const to = p.to
  switch (field) {
    case 'title':
      if (typeof to === 'string') s.title = to
      return
    case 'services':
      s.services = strings(to)
      return
    case 'impactScope':
      s.impactScope = oneOf<ImpactScope>(impactScopes, to) ?? s.impactScope
      return
    case 'detection':
      s.detection = oneOf<DetectionMethod>(detectionMethods, to) ?? s.detection
      return
    case 'description':
      if (typeof to === 'string') s.description = to
      return
    case 'occurredAt':
      s.occurredAt = typeof to === 'number' ? to : null
      s.backdated = { ...s.backdated, occurredAt: p.backdated === true }
      return
    case 'detectedAt':
      if (typeof to === 'number') s.detectedAt = to
      s.backdated = { ...s.backdated, detectedAt: p.backdated === true }
      return
  }
  if ((incidentFlags as readonly string[]).includes(field)) {
    s.flags = { ...s.flags, [field as IncidentFlag]: to === true ? at : null }
  }
}

function applyStatus(s: Incident, p: JsonObject, at: number): void {
  const to = str(p, 'to')
  if (!to || !isIncidentStatus(to)) return
  const from: IncidentStatus = s.status
  s.status = to
  s.reachedAt = { ...s.reachedAt, [to]: s.reachedAt[to] ?? at }
  if (from === 'declared' && s.responseStartedAt === null) s.responseStartedAt = at
  if (p.transition === 'reopen') {
    s.reopenCount++
    s.resolvedAt = null
    s.closedAt = null
  }
  if (to === 'resolved') s.resolvedAt = at
  if (to === 'closed') s.closedAt = at
}

/** The state after one more event. Returns a new object; the input is not changed. */
export function applyEvent(state: Incident, e: TimelineEvent): Incident {
  const p = e.payload
  const s: Incident = { ...state, roles: { ...state.roles }, pinned: [...state.pinned] }
  switch (e.kind) {
    case EventKind.declared: {
      const declaredAt = num(p, 'declaredAt') ?? e.at
      s.title = str(p, 'title') ?? s.title
      s.severity = str(p, 'severity') ?? s.severity
      s.scheme = str(p, 'scheme') ?? s.scheme
      s.status = 'declared'
      s.services = strings(p.services)
      s.impactScope = oneOf<ImpactScope>(impactScopes, p.impactScope) ?? s.impactScope
      s.detection = oneOf<DetectionMethod>(detectionMethods, p.detection) ?? s.detection
      s.description = str(p, 'description') ?? ''
      s.declaredAt = declaredAt
      s.declaredBy = e.actor
      s.occurredAt = num(p, 'occurredAt')
      s.detectedAt = num(p, 'detectedAt') ?? declaredAt
      s.backdated = {
        occurredAt: s.occurredAt !== null && s.occurredAt < declaredAt,
        detectedAt: s.detectedAt < declaredAt,
      }
      s.reachedAt = { declared: declaredAt }
      s.roles.commander = str(p, 'commander')
      break
    }
    case EventKind.severityChanged:
      s.severity = str(p, 'to') ?? s.severity
      break
    case EventKind.statusChanged:
      applyStatus(s, p, e.at)
      break
    case EventKind.fieldChanged:
      applyField(s, str(p, 'field') ?? '', p, e.at)
      break
    case EventKind.roleChanged: {
      const role = oneOf<SingleRole>(singleRoles, p.role)
      if (role) s.roles[role] = str(p, 'to')
      break
    }
    case EventKind.respondersChanged: {
      const removed = new Set(strings(p.removed))
      const kept = s.roles.responders.filter((r) => !removed.has(r))
      s.roles.responders = [...kept, ...strings(p.added).filter((a) => !kept.includes(a))]
      break
    }
    case EventKind.note:
      if (p.pinned === true) s.pinned.push(e.uid)
      break
    case EventKind.pinned: {
      const target = str(p, 'target')
      if (target && !s.pinned.includes(target)) s.pinned.push(target)
      break
    }
    case EventKind.unpinned:
      s.pinned = s.pinned.filter((u) => u !== str(p, 'target'))
      break
    case EventKind.statusUpdate:
      s.lastStatusUpdateAt = e.at
      break
    case EventKind.correction:
      // A correction changes what a reader believes, not the incident's fields.
      break
    default:
      return state
  }
  s.updatedAt = Math.max(s.updatedAt, e.at)
  return s
}

export function foldEvents(base: Incident, events: Iterable<TimelineEvent>): Incident {
  let s = base
  for (const e of events) s = applyEvent(s, e)
  return s
}

/**
 * The incident field an event changes (`severity`, `status`, `field:<name>`, `role:<role>`), or
 * null: what two laptops can change concurrently, and so what merges and team sync compare.
 */
export function changedField(e: Pick<TimelineEvent, 'kind' | 'payload'>): string | null {
  const p = e.payload
  switch (e.kind) {
    case 'incident.severity_changed':
      return 'severity'
    case 'incident.status_changed':
      return 'status'
    case 'incident.field_changed':
      return typeof p.field === 'string' ? `field:${p.field}` : null
    case 'incident.role_changed':
      return typeof p.role === 'string' ? `role:${p.role}` : null
    default:
      return null
  }
}
