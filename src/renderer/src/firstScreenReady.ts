// When the app's first screen has what it shows: the database's state, and with it ready, the
// open incident's newest rows (or the knowledge that there is no incident to show). App.tsx mounts
// the panels beside the timeline once that is painted; render.tsx waits for it before the first
// render while the entry's sketch is on screen, so the sketch gives way to the same rows, not to
// a waiting screen.
import { useMergedTimeline } from './features/timeline/mergedTimelineStore'
import { useTimeline } from './features/timeline/timelineStore'
import { useApp } from './stores/appStore'
import { useIncidents } from './stores/incidentsStore'

/** Rows to show, or no incident to show at all (then none will come). */
export function timelineShown(): boolean {
  const incidents = useIncidents.getState()
  return (
    useTimeline.getState().events.length > 0 ||
    useMergedTimeline.getState().events.length > 0 ||
    (incidents.picked && incidents.activeId === null)
  )
}

function firstScreenKnown(): boolean {
  const status = useApp.getState().status
  return status !== null && (status.state !== 'ready' || timelineShown())
}

/** Calls `listener` on every change of what timelineShown and the database state read. */
export function onFirstScreenChange(listener: () => void): () => void {
  const offs = [
    useApp.subscribe(listener),
    useTimeline.subscribe(listener),
    useMergedTimeline.subscribe(listener),
    useIncidents.subscribe(listener),
  ]
  return () => offs.forEach((off) => off())
}

/** Resolves once the stores hold the first screen, or after `maxMs` whatever they hold. */
export function whenFirstScreenKnown(maxMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (firstScreenKnown()) return resolve()
    const timer = setTimeout(done, maxMs)
    const off = onFirstScreenChange(() => {
      if (firstScreenKnown()) done()
    })
    function done(): void {
      clearTimeout(timer)
      off()
      resolve()
    }
  })
}
