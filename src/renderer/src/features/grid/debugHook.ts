// End-to-end tests read what a terminal shows through window.__sitrepPanes, keyed by session
// channel. Reading the xterm buffer is exact where scraping the DOM or a WebGL canvas is not.
// It exposes nothing a script in this page could not already read from the DOM.

export interface PaneProbe {
  /** The active buffer (normal or alternate screen), one line per row, trailing spaces trimmed. */
  readText(): string
  /** The `lines` rows ending at the cursor: cheap enough to poll every frame (benchmarks). */
  readTail(lines: number): string
  /** The pane's title as shown in its title bar. */
  readonly title: string
  /** Columns and rows: a benchmark gives its bare-xterm.js baseline the same geometry. */
  size(): { cols: number; rows: number }
}

declare global {
  interface Window {
    __sitrepPanes?: Map<number, PaneProbe>
  }
}

function panes(): Map<number, PaneProbe> {
  return (window.__sitrepPanes ??= new Map())
}

export function registerPaneProbe(channel: number, probe: PaneProbe): void {
  panes().set(channel, probe)
}

export function unregisterPaneProbe(channel: number, probe: PaneProbe): void {
  if (panes().get(channel) === probe) panes().delete(channel)
}
