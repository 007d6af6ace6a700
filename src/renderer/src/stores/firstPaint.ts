// "Once the newest events are on screen": work the first screen does not show waits for it, so
// the timeline's first page is not queued behind it in the core (issue #20). Spawning the first
// local shell took the core's one thread for 50-120 ms right when timeline.list arrived, and the
// rollback rule's read-back of 500 events went out beside the 200 the screen shows.
// App.tsx marks the moment (the frame that painted the rows was drawn, or the panels' fallback
// wait ran out when there is nothing to paint); it happens once per page.

let marked = false
let release: () => void = () => undefined
const painted = new Promise<void>((resolve) => (release = resolve))

export function markFirstPaint(): void {
  if (marked) return
  marked = true
  release()
}

/** Resolves once the first screen was painted (at once when it already was). */
export function afterFirstPaint(): Promise<void> {
  return painted
}
