// One incident on every laptop: the incident's state is a fold of the event set in one order
// every laptop agrees on — the hybrid logical clock, then the origin install, then its seq —
// so two laptops holding the same events hold the same incident, byte for byte. Nothing here
// reads the laptop's clock, its row ids or the order events arrived in.
import { createHash } from 'node:crypto'
import type { JsonObject, JsonValue } from '../../../shared/contract'
import type { Incident } from '../../../shared/incidents'
import type { TeamConflict, TeamProjection } from '../../../shared/teamSchemas'
import { applyEvent, baseIncident, changedField } from '../incidents/domain'
import { canonicalJson } from '../store/hashChain'
import type { TeamEvent } from './local'
import { PostmortemFold, POSTMORTEM_EDITED, type PostmortemState } from './postmortemSync'
import { teamOrder } from '../../../shared/teamSchemas'

export { teamOrder } from '../../../shared/teamSchemas'

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

const same = (a: JsonValue | undefined, b: JsonValue | undefined): boolean =>
  canonicalJson(a ?? null) === canonicalJson(b ?? null)

/**
 * The fold, one event at a time, so a laptop that receives events in the agreed order (the usual
 * case: clocks move forward) adds them without refolding the incident. Events that would sort
 * before what was folded need a new Projector; `canAppend` says which case it is.
 *
 * Conflicts: a change of a field whose `from` is not what the change before it (from another
 * install) set was made without seeing that one. The later in the agreed order is what the
 * incident shows; the other becomes a conflict line.
 */
export class Projector {
  private state: Incident
  private readonly lastChange = new Map<string, TeamEvent>()
  private readonly conflicts: TeamConflict[] = []
  private readonly ticks = new Map<string, boolean>()
  private readonly seen = new Set<string>()
  private last: TeamEvent | null = null
  private readonly declared: boolean
  private readonly postmortem = new PostmortemFold()

  constructor(incidentId: string, ordered: readonly TeamEvent[]) {
    this.state = baseOf(incidentId, ordered)
    this.declared = ordered.some((e) => e.kind === 'incident.declared')
    this.add(ordered)
  }

  /** Whether `events` (new to this projector) all sort after what it folded. */
  canAppend(events: readonly TeamEvent[]): boolean {
    return events.every(
      (e) =>
        !this.seen.has(e.uid) &&
        (this.last === null || teamOrder(this.last, e) < 0) &&
        (this.declared || e.kind !== 'incident.declared'),
    )
  }

  /** Folds events given in the agreed order; a uid already folded is skipped. */
  add(ordered: readonly TeamEvent[]): void {
    for (const e of ordered) {
      if (this.seen.has(e.uid)) continue
      this.seen.add(e.uid)
      this.last = e
      this.state = applyEvent(this.state, e)
      const f = changedField(e)
      if (f) {
        const prev = this.lastChange.get(f)
        if (prev && prev.origin !== e.origin && !same(e.payload.from, prev.payload.to)) {
          this.conflicts.push({
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
        this.lastChange.set(f, e)
      }
      if (e.kind === POSTMORTEM_EDITED) this.conflicts.push(...this.postmortem.add(e))
      if (e.kind === 'checklist.ticked' || e.kind === 'checklist.unticked') {
        const { runbookId, stepId } = e.payload
        if (typeof runbookId === 'string' && typeof stepId === 'string')
          this.ticks.set(`${runbookId}/${stepId}`, e.kind === 'checklist.ticked')
      }
    }
  }

  /** The team's edits of the postmortem draft, per section (null when nobody edited it). */
  postmortemState(): PostmortemState | null {
    return this.postmortem.state()
  }

  result(): TeamProjection {
    const checklist = Object.fromEntries(
      [...this.ticks].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    )
    return { incident: this.state, conflicts: [...this.conflicts], checklist }
  }
}

export function conflictsOf(ordered: readonly TeamEvent[]): TeamConflict[] {
  return new Projector('', ordered).result().conflicts
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
  return new Projector(incidentId, mergedOrder(events)).result()
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
