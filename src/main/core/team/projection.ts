// One incident on every laptop: the incident's state is a fold of the event set in one order
// every laptop agrees on — the hybrid logical clock, then the origin install, then its seq —
// so two laptops holding the same events hold the same incident, byte for byte. Nothing here
// reads the laptop's clock, its row ids or the order events arrived in.
import { createHash } from 'node:crypto'
import type { JsonObject, JsonValue } from '../../../shared/contract'
import type { Incident } from '../../../shared/incidents'
import type { TeamConflict, TeamProjection } from '../../../shared/teamSchemas'
import { baseIncident, foldEvents } from '../incidents/domain'
import { canonicalJson } from '../store/hashChain'
import type { TeamEvent } from './local'

/** The agreed order: clock, then origin, then the origin's own seq. */
export function teamOrder(a: TeamEvent, b: TeamEvent): number {
  return (
    a.hlc - b.hlc ||
    (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0) ||
    a.seq - b.seq ||
    (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0)
  )
}

/**
 * The events in the agreed order, each uid once: an event with a deterministic uid (a timer
 * that three laptops fired) counts once, as the copy that sorts first.
 */
export function mergedOrder(events: readonly TeamEvent[]): TeamEvent[] {
  const seen = new Set<string>()
  const out: TeamEvent[] = []
  for (const e of [...events].sort(teamOrder)) {
    if (seen.has(e.uid)) continue
    seen.add(e.uid)
    out.push(e)
  }
  return out
}

/** The incident field an event sets, for conflict lines. */
function fieldOf(e: TeamEvent): string | null {
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

const same = (a: JsonValue | undefined, b: JsonValue | undefined): boolean =>
  canonicalJson(a ?? null) === canonicalJson(b ?? null)

/**
 * Concurrent changes of one field: a change whose `from` is not what the change before it (from
 * another install) set was made without seeing that one. The later in the agreed order is what
 * the incident shows; the other becomes a conflict line.
 */
export function conflictsOf(ordered: readonly TeamEvent[]): TeamConflict[] {
  const last = new Map<string, TeamEvent>()
  const out: TeamConflict[] = []
  for (const e of ordered) {
    const f = fieldOf(e)
    if (!f) continue
    const prev = last.get(f)
    if (prev && prev.origin !== e.origin && !same(e.payload.from, prev.payload.to)) {
      out.push({
        field: f,
        kept: { uid: e.uid, value: e.payload.to ?? null, actor: e.actor, origin: e.originName },
        overridden: {
          uid: prev.uid,
          value: prev.payload.to ?? null,
          actor: prev.actor,
          origin: prev.originName,
        },
        at: e.at,
      })
    }
    last.set(f, e)
  }
  return out
}

/** Checklist ticks as the events leave them: per runbook and step, the last tick or untick. */
function checklistOf(ordered: readonly TeamEvent[]): Record<string, boolean> {
  const ticks: Record<string, boolean> = {}
  for (const e of ordered) {
    if (e.kind !== 'checklist.ticked' && e.kind !== 'checklist.unticked') continue
    const { runbookId, stepId } = e.payload
    if (typeof runbookId !== 'string' || typeof stepId !== 'string') continue
    ticks[`${runbookId}/${stepId}`] = e.kind === 'checklist.ticked'
  }
  return Object.fromEntries(Object.entries(ticks).sort(([a], [b]) => (a < b ? -1 : 1)))
}

/** The state before any event, taken from the events alone (never from this laptop's row). */
function baseOf(incidentId: string, ordered: readonly TeamEvent[]): Incident {
  const declared = ordered.find((e) => e.kind === 'incident.declared')
  const p = declared?.payload ?? {}
  const at = typeof p.declaredAt === 'number' ? p.declaredAt : (declared?.at ?? ordered[0]?.at ?? 0)
  return baseIncident({
    id: incidentId,
    title: typeof p.title === 'string' ? p.title : '',
    severity: typeof p.severity === 'string' ? p.severity : '',
    status: 'declared',
    created_at: at,
    updated_at: at,
  })
}

export function project(incidentId: string, events: readonly TeamEvent[]): TeamProjection {
  const ordered = mergedOrder(events)
  const incident = foldEvents(baseOf(incidentId, ordered), ordered)
  return { incident, conflicts: conflictsOf(ordered), checklist: checklistOf(ordered) }
}

/** The portable form of an event: what every laptop holds the same. */
function portable(e: TeamEvent): JsonObject {
  return {
    origin: e.origin,
    originName: e.originName,
    author: e.author,
    uid: e.uid,
    seq: e.seq,
    at: e.at,
    recordedAt: e.recordedAt,
    tz: e.tz,
    kind: e.kind,
    actor: e.actor,
    payload: e.payload,
    amends: e.amends,
    prevHash: e.prevHash,
    hash: e.hash,
    hashVersion: e.hashVersion ?? 1,
    hlc: e.hlc,
  }
}

/**
 * The canonical export of a shared incident: the projection and every event in the agreed order,
 * as canonical JSON. Equal on every laptop that holds the same events; its SHA-256 is the
 * projection hash laptops compare.
 */
export function canonicalExport(incidentId: string, events: readonly TeamEvent[]): string {
  const p = project(incidentId, events)
  return canonicalJson({
    incidentId,
    incident: p.incident as unknown as JsonObject,
    checklist: p.checklist,
    conflicts: p.conflicts as unknown as JsonValue,
    events: mergedOrder(events).map(portable),
  })
}

export function canonicalHash(incidentId: string, events: readonly TeamEvent[]): string {
  return createHash('sha256').update(canonicalExport(incidentId, events)).digest('hex')
}
