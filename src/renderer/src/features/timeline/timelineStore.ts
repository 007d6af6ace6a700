// The events of the active incident's timeline that the window holds: the newest page first,
// older pages loaded on demand (scrolling up), new events appended as main announces them.
// Events are kept in seq order; seq is the one identity (append-only, never edited).
import { create } from 'zustand'
import type { ChainVerdict, TimelineEvent } from '../../../../shared/contract'
import { api } from '../../api'
import { NEWEST_PAGE } from '../../stores/firstScreen'
import { takeLatestOpenPage, useIncidents } from '../../stores/incidentsStore'
import { reportError } from '../../stores/toastStore'
import { whenDatabaseReady } from '../../stores/whenReady'
import { useMergedTimeline } from './mergedTimelineStore'

export const PAGE = NEWEST_PAGE

interface TimelineState {
  incidentId: string | null
  events: TimelineEvent[]
  /** Older events exist before events[0]. */
  hasOlder: boolean
  loadingOlder: boolean
  verdict: ChainVerdict | null
  /**
   * Open the timeline of an incident (or none): the newest page. The incident already open (or
   * on its way) is not read again unless `force` (another database file was opened); `quiet`
   * leaves a failure unreported (the boot's early read, retried once the database is ready).
   */
  open(incidentId: string | null, how?: { force?: boolean; quiet?: boolean }): Promise<void>
  /**
   * The newest page of an incident, read with it by incidents.latestOpen: shown as if open() had
   * read it (opening the same incident next is a no-op). Ignored when another one is open.
   */
  seed(incidentId: string, page: TimelineEvent[]): void
  loadOlder(): Promise<number>
  applyAppended(event: TimelineEvent): void
  verify(): Promise<void>
}

/** The newest page of the open incident: on its way, or read (so opening it again is a no-op). */
let first: { id: string | null; loading: Promise<void> | null; loaded: boolean; reading: number } =
  { id: null, loading: null, loaded: true, reading: 0 }
let reads = 0

export const useTimeline = create<TimelineState>()((set, get) => ({
  incidentId: null,
  events: [],
  hasOlder: false,
  loadingOlder: false,
  verdict: null,
  async open(incidentId, how = {}) {
    if (!how.force && incidentId === get().incidentId && first.id === incidentId) {
      if (first.loading) {
        // The same read is on its way: wait for it, and try again only if it failed.
        await first.loading
        if (first.id === incidentId && !first.loaded && !first.loading)
          return get().open(incidentId, { force: true, ...(how.quiet ? { quiet: true } : {}) })
        return
      }
      if (first.loaded || !incidentId) return
    }
    set({ incidentId, events: [], hasOlder: false, verdict: null, loadingOlder: false })
    const reading = ++reads
    const read = (async (): Promise<void> => {
      if (!incidentId) return
      try {
        const page = await api.call('timeline.list', { incidentId, limit: PAGE })
        if (get().incidentId !== incidentId) return
        // Events appended while the page was on its way are kept: merge by seq.
        set({ events: merge(page, get().events), hasOlder: (page[0]?.seq ?? 1) > 1 })
        if (first.reading === reading) first.loaded = true
      } catch (err) {
        if (!how.quiet) reportError('action.failed.timeline', err)
      }
    })()
    first = { id: incidentId, loading: read, loaded: !incidentId, reading }
    try {
      await read
    } finally {
      if (first.loading === read) first.loading = null
    }
  },
  seed(incidentId, page) {
    const open = get().incidentId
    if (open !== null && open !== incidentId) return
    // Events appended before the page came are kept: merge by seq.
    const kept = open === incidentId ? get().events : []
    set({
      incidentId,
      events: merge(page, kept),
      hasOlder: (page[0]?.seq ?? 1) > 1,
      verdict: null,
      loadingOlder: false,
    })
    first = { id: incidentId, loading: null, loaded: true, reading: ++reads }
  },
  async loadOlder() {
    const { incidentId, events, hasOlder, loadingOlder } = get()
    const first = events[0]
    if (!incidentId || !hasOlder || loadingOlder || !first) return 0
    set({ loadingOlder: true })
    try {
      const page = await api.call('timeline.list', {
        incidentId,
        beforeSeq: first.seq,
        limit: PAGE,
      })
      if (get().incidentId !== incidentId) return 0
      const before = get().events.length
      const events2 = merge(page, get().events)
      set({ events: events2, hasOlder: (page[0]?.seq ?? 1) > 1 && page.length > 0 })
      return events2.length - before
    } catch (err) {
      reportError('action.failed.timeline', err)
      return 0
    } finally {
      set({ loadingOlder: false })
    }
  },
  applyAppended(event) {
    if (event.incidentId !== get().incidentId) return
    const events = get().events
    const last = events[events.length - 1]
    if (!last || event.seq > last.seq) set({ events: [...events, event], verdict: null })
    else if (!events.some((e) => e.seq === event.seq)) set({ events: merge([event], events) })
  },
  async verify() {
    const incidentId = get().incidentId
    if (!incidentId) return
    try {
      const verdict = await api.call('timeline.verify', { incidentId })
      if (get().incidentId === incidentId) set({ verdict })
    } catch (err) {
      reportError('action.failed.verify', err)
    }
  },
}))

function merge(a: TimelineEvent[], b: TimelineEvent[]): TimelineEvent[] {
  if (a.length === 0) return b
  if (b.length === 0) return a
  const bySeq = new Map<number, TimelineEvent>()
  for (const e of a) bySeq.set(e.seq, e)
  for (const e of b) bySeq.set(e.seq, e)
  return [...bySeq.values()].sort((x, y) => x.seq - y.seq)
}

let started = false

/**
 * Appended events flow into the open timeline, which follows the active incident. Once per page,
 * from render.tsx before the other stores: with an incident remembered from the last visit, its
 * newest page is asked for at once, in the same round as the database status (issue #20); the
 * answer is used only if the database turns out ready (the war room shows nothing otherwise).
 */
export function startTimeline(): void {
  if (started) return
  started = true
  api.on('timeline.appended', (event) => {
    useTimeline.getState().applyAppended(event)
    // In a team, the merged view shows it at once too, as waiting until the server has it.
    useMergedTimeline.getState().applyAppended(event)
  })
  // With nothing remembered, the most recent open incident comes with its newest page.
  takeLatestOpenPage(PAGE, (incidentId, page) => useTimeline.getState().seed(incidentId, page))
  let active = useIncidents.getState().activeId
  if (active) void useTimeline.getState().open(active, { quiet: true })
  useIncidents.subscribe((s) => {
    if (s.activeId === active) return
    active = s.activeId
    void useTimeline.getState().open(active)
  })
  let firstReady = true
  whenDatabaseReady({
    // The first time: the early read (retried if it failed). Another file opened: read again,
    // the same incident id may hold other events there.
    ready: () => {
      const force = !firstReady
      firstReady = false
      void useTimeline.getState().open(useIncidents.getState().activeId, { force })
    },
  })
}
