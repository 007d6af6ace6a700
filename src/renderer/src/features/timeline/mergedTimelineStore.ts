// The merged team timeline for the timeline pane (#18), when a team is configured: every
// laptop's events of the active incident in the order all laptops agree on (team clock, origin,
// seq), each row identified by (origin, uid). Windowed like the local timeline: the newest page
// first, older pages on demand (per-origin floors, see TeamLocal.timelinePage), and what changes
// after a read comes back through team.timelineSince (pulled rows, this laptop's rows until the
// server has them) after every sync cycle.
import { create } from 'zustand'
import type { TeamConflict, TeamTimelineEvent, TimelineEvent } from '../../../../shared/contract'
// Not from contract: a value imported from there brings zod into the first chunk (issue #20).
import { teamOrder } from '../../../../shared/teamOrder'
import { api } from '../../api'
import { reportError } from '../../stores/toastStore'

export const MERGED_PAGE = 200

export const rowKey = (e: { origin: string; uid: string }): string => `${e.origin}/${e.uid}`

interface MergedState {
  incidentId: string | null
  events: TeamTimelineEvent[]
  hasOlder: boolean
  loadingOlder: boolean
  /** This install's id and host name (its rows show no "author @ laptop"). */
  self: string | null
  selfName: string
  conflicts: TeamConflict[]
  ownAfter: number
  foreignAfter: number
  open(incidentId: string | null): Promise<void>
  loadOlder(): Promise<number>
  /** Reads what changed since the last read (after a sync cycle). */
  refresh(): Promise<void>
  /** This laptop's event, at once, as waiting (the next refresh gives its clock and mark). */
  applyAppended(event: TimelineEvent): void
}

/** The lowest seq held per origin: the next older page starts below it. */
function floorsOf(events: readonly TeamTimelineEvent[]): Record<string, number> {
  const floors: Record<string, number> = {}
  for (const e of events) {
    const f = floors[e.origin]
    if (f === undefined || e.seq < f) floors[e.origin] = e.seq
  }
  return floors
}

/** Each uid once (a timer several laptops fired), as the copy that sorts first. */
function dedupe(sorted: TeamTimelineEvent[]): TeamTimelineEvent[] {
  const seen = new Set<string>()
  const out: TeamTimelineEvent[] = []
  for (const e of sorted) {
    if (seen.has(e.uid)) continue
    seen.add(e.uid)
    out.push(e)
  }
  return out
}

/** `held` with `fresh` put in: replaced by key, in the agreed order. */
export function mergeInto(
  held: readonly TeamTimelineEvent[],
  fresh: readonly TeamTimelineEvent[],
): TeamTimelineEvent[] {
  if (fresh.length === 0) return held as TeamTimelineEvent[]
  const keys = new Set(fresh.map(rowKey))
  const kept = held.filter((e) => !keys.has(rowKey(e)))
  const incoming = [...fresh].sort(teamOrder)
  const last = kept[kept.length - 1]
  const first = incoming[0] as TeamTimelineEvent
  // The usual case: everything new sorts after what is held (appended, no sort of 100 000).
  if (!last || teamOrder(last, first) < 0) {
    const uids = new Set(kept.slice(-2000).map((e) => e.uid))
    return [...kept, ...incoming.filter((e) => !uids.has(e.uid))]
  }
  return dedupe([...kept, ...incoming].sort(teamOrder))
}

export const useMergedTimeline = create<MergedState>()((set, get) => ({
  incidentId: null,
  events: [],
  hasOlder: false,
  loadingOlder: false,
  self: null,
  selfName: '',
  conflicts: [],
  ownAfter: 0,
  foreignAfter: 0,
  async open(incidentId) {
    set({ incidentId, events: [], hasOlder: false, loadingOlder: false, conflicts: [] })
    if (!incidentId) return
    try {
      const [page, conflicts] = await Promise.all([
        api.call('team.timelinePage', { incidentId, floors: {}, limit: MERGED_PAGE }),
        api.call('team.conflicts', { incidentId }),
      ])
      if (get().incidentId !== incidentId) return
      set({
        events: mergeInto(page.events, get().events),
        hasOlder: page.hasOlder,
        self: page.self,
        selfName: page.selfName,
        ownAfter: page.ownAfter,
        foreignAfter: page.foreignAfter,
        conflicts,
      })
    } catch (err) {
      reportError('action.failed.timeline', err)
    }
  },
  async loadOlder() {
    const { incidentId, events, hasOlder, loadingOlder } = get()
    if (!incidentId || !hasOlder || loadingOlder) return 0
    set({ loadingOlder: true })
    try {
      const page = await api.call('team.timelinePage', {
        incidentId,
        floors: floorsOf(events),
        limit: MERGED_PAGE,
      })
      if (get().incidentId !== incidentId) return 0
      const before = get().events.length
      const merged = dedupe([...page.events, ...get().events])
      set({ events: merged, hasOlder: page.hasOlder })
      return merged.length - before
    } catch (err) {
      reportError('action.failed.timeline', err)
      return 0
    } finally {
      set({ loadingOlder: false })
    }
  },
  async refresh() {
    const { incidentId, ownAfter, foreignAfter } = get()
    if (!incidentId) return
    try {
      const since = await api.call('team.timelineSince', { incidentId, ownAfter, foreignAfter })
      if (get().incidentId !== incidentId) return
      const held = get().events
      const first = held[0]
      // Rows older than the window stay for loadOlder to find (never a hole in the middle).
      const fresh =
        get().hasOlder && first
          ? since.events.filter((e) => teamOrder(first, e) <= 0)
          : since.events
      const changed = fresh.some((e) => e.origin !== get().self)
      set({
        events: mergeInto(held, fresh),
        ownAfter: since.ownAfter,
        foreignAfter: since.foreignAfter,
      })
      if (changed) {
        const conflicts = await api.call('team.conflicts', { incidentId })
        if (get().incidentId === incidentId) set({ conflicts })
      }
    } catch {
      // Main is busy or the store closed: the next cycle reads again.
    }
  },
  applyAppended(event) {
    const { incidentId, self, selfName, events } = get()
    if (event.incidentId !== incidentId || !self) return
    const own: TeamTimelineEvent = {
      ...event,
      origin: self,
      originName: selfName,
      author: '',
      hlc: Number.MAX_SAFE_INTEGER,
      shared: false,
    }
    set({ events: mergeInto(events, [own]) })
  },
}))
