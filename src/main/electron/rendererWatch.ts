// A crashed or hung renderer must not leave a blank window in the middle of an incident.
// Sessions, timers and the timeline live in main, so reloading the page loses nothing: the
// panes reattach to their sessions. The crash goes on the timeline of every open incident and
// the responder is told what happened. A renderer that keeps crashing is not reloaded in a loop.

/** Why a renderer went away, as Electron reports it (render-process-gone details). */
export interface GoneDetails {
  reason: string
  exitCode: number
}

/** What the watch needs from a BrowserWindow (a fake in tests). */
export interface WatchedWindow {
  isDestroyed(): boolean
  on(event: 'unresponsive' | 'responsive', listener: () => void): void
  webContents: {
    on(event: 'render-process-gone', listener: (e: unknown, details: GoneDetails) => void): void
    reload(): void
    forcefullyCrashRenderer(): void
  }
}

export interface RendererWatchOptions {
  now: () => number
  /** Puts an event on the timeline of every open incident. */
  record: (kind: string, payload: { text: string; reason: string; exitCode?: number }) => void
  /** Before the reload: drop the old page's viewer and bind IPC afresh. */
  rebind: () => void
  /** Tells the responder (a non-blocking dialog). */
  tell: (message: string, detail: string) => void
  /** Asks whether to reload a hung window; `signal` aborts the question once it responds. */
  askReload: (signal: AbortSignal) => Promise<boolean>
}

/** More crashes than this within CRASH_WINDOW_MS and the window is left for a restart. */
export const MAX_RELOADS = 3
export const CRASH_WINDOW_MS = 60_000

export function watchRenderer(win: WatchedWindow, o: RendererWatchOptions): void {
  const crashes: number[] = []
  let hungBeforeCrash = false
  let question: AbortController | null = null

  win.webContents.on('render-process-gone', (_e, details) => {
    // clean-exit: the window is closing or navigating away, not a crash.
    if (details.reason === 'clean-exit' || win.isDestroyed()) return
    question?.abort()
    question = null
    const hung = hungBeforeCrash
    hungBeforeCrash = false
    const now = o.now()
    while (crashes.length > 0 && (crashes[0] ?? now) <= now - CRASH_WINDOW_MS) crashes.shift()
    crashes.push(now)
    const reload = crashes.length <= MAX_RELOADS
    const what = hung
      ? 'The Sitrep window stopped responding and was restarted'
      : `The Sitrep window crashed (${details.reason}, exit code ${details.exitCode})`
    const text = reload
      ? `${what}; it was reloaded. Terminal sessions, timers and the timeline kept running in the background.`
      : `${what} again: ${crashes.length} times within a minute, so it was not reloaded. Terminal sessions and the timeline keep running; quit and start Sitrep again.`
    try {
      o.record('app.window.gone', {
        text,
        reason: hung ? 'unresponsive' : details.reason,
        exitCode: details.exitCode,
      })
    } catch {
      // No open database (the recovery screen) or a full disk: telling the responder matters more.
    }
    if (reload) {
      o.rebind()
      win.webContents.reload()
    }
    o.tell(reload ? 'The Sitrep window was reloaded' : 'The Sitrep window keeps crashing', text)
  })

  win.on('unresponsive', () => {
    if (question) return
    const asking = new AbortController()
    question = asking
    void o.askReload(asking.signal).then((reload) => {
      if (question !== asking) return
      question = null
      if (!reload || win.isDestroyed()) return
      // The hung page cannot be reloaded politely; end it, and render-process-gone reloads.
      hungBeforeCrash = true
      win.webContents.forcefullyCrashRenderer()
    })
  })
  win.on('responsive', () => {
    question?.abort()
    question = null
  })
}
