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
import {
  PostmortemFold,
  POSTMORTEM_EDITED,
  type PostmortemSnapshot,
  type PostmortemState,
} from './postmortemSync'
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

/** What a rewind restores: the fold as it stood after its `count`-th event. */
export interface FoldCheckpoint {
  readonly count: number
  readonly last: TeamEvent
  readonly state: Incident
  readonly lastChange: ReadonlyMap<string, TeamEvent>
  readonly conflicts: number
  readonly ticks: ReadonlyMap<string, boolean>
  readonly postmortem: PostmortemSnapshot
  /**
   * Per origin, the highest seq folded up to here. One origin's events sort by seq (its clock
   * only moves forward), so the events that sort after this checkpoint are, per origin, exactly
   * those above its floor: the store reads them with an index seek instead of the whole incident.
   */
  readonly floors: ReadonlyMap<string, number>
}

/** How often the fold keeps a checkpoint, and how many it keeps (the newest). */
export interface CheckpointPolicy {
  every: number
  keep: number
}

/**
 * 64 checkpoints 2 048 events apart (and at 256, 512 and 1 024 before the first): an event up to
 * ~130 000 events late rewinds only that far.
 * Each costs a few small map copies (fields changed, checklist ticks, origins, postmortem
 * sections), so keeping them is noise beside folding the events.
 */
export const CHECKPOINTS: CheckpointPolicy = { every: 2_048, keep: 64 }

/**
 * The fold, one event at a time, so a laptop that receives events in the agreed order (the usual
 * case: clocks move forward) adds them without refolding the incident. Events that sort before
 * what was folded (a laptop that was offline, a link that stalled) rewind the fold to the newest
 * checkpoint before them and fold the rest again (`rewindPoint`, `rewind`); only a declaration
 * that arrives late, or an event older than every checkpoint, needs a new Projector
 * (`canAppend` and `rewindPoint` say which case it is). Without checkpoints, 50 laptops in an
 * incident of a million events refolded it whole on every late event.
 *
 * Conflicts: a change of a field whose `from` is not what the change before it (from another
 * install) set was made without seeing that one. The later in the agreed order is what the
 * incident shows; the other becomes a conflict line.
 */
export class Projector {
  private state: Incident
  private lastChange = new Map<string, TeamEvent>()
  private readonly conflicts: TeamConflict[] = []
  private ticks = new Map<string, boolean>()
  /** Each uid folded, with the count of events folded before its first copy. */
  private readonly seen = new Map<string, number>()
  private floors = new Map<string, number>()
  private count = 0
  private last: TeamEvent | null = null
  private readonly declared: boolean
  private readonly postmortem = new PostmortemFold()
  private readonly checkpoints: FoldCheckpoint[] = []

  constructor(
    incidentId: string,
    ordered: readonly TeamEvent[],
    private readonly policy: CheckpointPolicy = CHECKPOINTS,
  ) {
    this.state = baseOf(incidentId, ordered)
    this.declared = ordered.some((e) => e.kind === 'incident.declared')
    this.add(ordered)
  }

  /**
   * Whether `events` (new to this projector) all sort after what it folded. A uid folded before
   * is no reason to start over: a copy that sorts after the last event folded sorts after the
   * first copy too, and add() skips it (three laptops firing one timer, at different times).
   */
  canAppend(events: readonly TeamEvent[]): boolean {
    return events.every(
      (e) =>
        (this.last === null || teamOrder(this.last, e) < 0) &&
        (this.declared || e.kind !== 'incident.declared'),
    )
  }

  /**
   * The newest checkpoint that every one of `fresh` (events new to this projector, any order)
   * sorts after, or null when only a new Projector will do: a declaration arriving late changes
   * the state before the first event, and an event older than every checkpoint kept.
   */
  rewindPoint(fresh: readonly TeamEvent[]): FoldCheckpoint | null {
    if (!this.declared && fresh.some((e) => e.kind === 'incident.declared')) return null
    let first: TeamEvent | null = null
    for (const e of fresh) if (first === null || teamOrder(e, first) < 0) first = e
    if (first === null) return null
    for (let i = this.checkpoints.length - 1; i >= 0; i--) {
      const cp = this.checkpoints[i] as FoldCheckpoint
      if (teamOrder(cp.last, first) < 0) return cp
    }
    return null
  }

  /**
   * Rewinds the fold to `point` (from rewindPoint) and folds `after`: every event held that sorts
   * after it (in any order; per origin, the events above the checkpoint's floor). Equal to a new
   * Projector over everything held (tested).
   */
  rewind(point: FoldCheckpoint, after: readonly TeamEvent[]): void {
    const at = this.checkpoints.indexOf(point)
    if (at < 0) throw new Error('rewind to a checkpoint this fold no longer keeps')
    this.checkpoints.length = at + 1
    // Forget the uids first folded after the checkpoint; a uid whose first copy sorts before it
    // stays (a later copy of a deterministic uid is skipped again).
    for (const e of after) {
      const i = this.seen.get(e.uid)
      if (i !== undefined && i >= point.count) this.seen.delete(e.uid)
    }
    this.state = point.state
    this.lastChange = new Map(point.lastChange)
    this.conflicts.length = point.conflicts
    this.ticks = new Map(point.ticks)
    this.postmortem.restore(point.postmortem)
    this.floors = new Map(point.floors)
    this.count = point.count
    this.last = point.last
    this.add(mergedOrder(after))
  }

  /** Folds events given in the agreed order; a uid already folded is skipped. */
  add(ordered: readonly TeamEvent[]): void {
    for (const e of ordered) {
      if (this.seen.has(e.uid)) continue
      this.seen.set(e.uid, this.count)
      this.count++
      this.last = e
      if ((this.floors.get(e.origin) ?? -1) < e.seq) this.floors.set(e.origin, e.seq)
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
      if (this.dueCheckpoint()) this.checkpoint(e)
    }
  }

  /**
   * Every `every` events, and before the first of those at each power of two from an eighth of
   * it: late events at the start of an incident (a laptop that wrote before it had seen the
   * team's clock) then rewind a few hundred events instead of refolding the first thousands.
   */
  private dueCheckpoint(): boolean {
    const { count } = this
    const { every } = this.policy
    if (count % every === 0) return true
    return count < every && count >= every / 8 && (count & (count - 1)) === 0
  }

  private checkpoint(last: TeamEvent): void {
    this.checkpoints.push({
      count: this.count,
      last,
      state: this.state,
      lastChange: new Map(this.lastChange),
      conflicts: this.conflicts.length,
      ticks: new Map(this.ticks),
      postmortem: this.postmortem.snapshot(),
      floors: new Map(this.floors),
    })
    if (this.checkpoints.length > this.policy.keep) this.checkpoints.shift()
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
  return new Projector(incidentId, mergedOrder(events), NO_CHECKPOINTS).result()
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
  return [...canonicalPieces(incidentId, events)].join('')
}

/**
 * SHA-256 of canonicalExport, hashed piece by piece: a million events' export would be a string
 * longer than V8 allows (~512 M characters).
 */
export function canonicalHash(incidentId: string, events: readonly TeamEvent[]): string {
  const hash = createHash('sha256')
  let batch = ''
  for (const piece of canonicalPieces(incidentId, events)) {
    batch += piece
    if (batch.length >= 1 << 16) {
      hash.update(batch)
      batch = ''
    }
  }
  return hash.update(batch).digest('hex')
}

/**
 * canonicalJson({ incidentId, incident, checklist, conflicts, events }) in pieces, keys in
 * canonical order: the projection's parts whole, then one event at a time.
 */
function* canonicalPieces(incidentId: string, events: readonly TeamEvent[]): Generator<string> {
  const ordered = mergedOrder(events)
  const p = new Projector(incidentId, ordered, NO_CHECKPOINTS).result()
  yield `{"checklist":${canonicalJson(p.checklist)},"conflicts":${canonicalJson(p.conflicts as unknown as JsonValue)},"events":[`
  for (let i = 0; i < ordered.length; i++)
    yield (i > 0 ? ',' : '') + canonicalJson(portable(ordered[i] as TeamEvent))
  yield `],"incident":${canonicalJson(p.incident as unknown as JsonObject)},"incidentId":${JSON.stringify(incidentId)}}`
}

/** A fold made once and thrown away keeps no checkpoints. */
const NO_CHECKPOINTS: CheckpointPolicy = { every: Number.MAX_SAFE_INTEGER, keep: 0 }
