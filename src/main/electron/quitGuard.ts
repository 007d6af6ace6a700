// Quitting while terminal sessions are open ends them (an SSH session, a running kubectl exec,
// a psql transaction): Sitrep asks first. On Linux and Windows closing the only window is
// quitting, so the window's close asks too; on macOS closing the window keeps Sitrep and its
// sessions running, and only quitting asks.

/** What the guard needs from Electron's app (a fake in tests). */
export interface QuitGuardApp {
  on(event: 'before-quit', listener: (e: { preventDefault(): void }) => void): void
}

/** What the guard needs from a window (a fake in tests). */
export interface GuardedWindow {
  on(event: 'close', listener: (e: { preventDefault(): void }) => void): void
}

export interface QuitGuardOptions {
  platform: NodeJS.Platform
  /** How many terminal sessions are open right now. */
  openSessions: () => number
  /** Asks the responder (a blocking native dialog); true means quit anyway. */
  confirm: (openSessions: number) => boolean
}

export interface QuitGuard {
  /** Asks before this window's close quits the app (Linux and Windows). */
  guardWindow(win: GuardedWindow): void
}

export function guardQuit(app: QuitGuardApp, o: QuitGuardOptions): QuitGuard {
  // Once the responder said "quit", the rest of the shutdown (window close, then before-quit)
  // must not ask again.
  let confirmed = false
  const mayQuit = (): boolean => {
    if (confirmed) return true
    const n = o.openSessions()
    if (n === 0) return true
    confirmed = o.confirm(n)
    return confirmed
  }
  app.on('before-quit', (e) => {
    if (!mayQuit()) e.preventDefault()
  })
  return {
    guardWindow(win) {
      if (o.platform === 'darwin') return
      win.on('close', (e) => {
        if (!mayQuit()) e.preventDefault()
      })
    },
  }
}

/** The question, in words (the dialog in index.ts shows it). */
export function quitQuestion(openSessions: number): { message: string; detail: string } {
  const sessions =
    openSessions === 1 ? '1 terminal session is' : `${openSessions} terminal sessions are`
  return {
    message: `Quit Sitrep? ${sessions} open.`,
    detail:
      'Quitting ends them (SSH, kubectl and psql sessions included). Their recordings and the incident timeline are kept.',
  }
}
