// Tells the core which sessions are broadcast targets, so that a broadcast line reaches the
// timeline once: as the one `broadcast.line` event naming every target (recordBroadcastLines),
// not also as a `command.typed` per target session. A line typed in a pane that is not a target
// is still recorded by the core as `command.typed`.
//
// The set is sent whenever broadcast is turned on or off or its targets change, and again each
// time the connection comes up: a restarted core knows no targets, and a reloaded page starts
// with broadcast off, which must clear what the previous page had set. While the core is
// unreachable nothing is lost: the set is sent again on reconnect, and until then the core
// records lines per session (twice at worst, never dropped).
//
// The logic takes its transport as arguments (no import of the page's api), so it is tested in
// Node against the real store; `syncBroadcastTargets` wires it to the page once.
import type { BroadcastState } from './inputRouter'

/** The contract's limit, the same as `sessions.broadcastLine`'s. */
export const MAX_BROADCAST_TARGETS = 64

export interface BroadcastSyncDeps {
  state(): BroadcastState
  /** Calls the store's listener on every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void
  onConnection(listener: (up: boolean) => void): void
  send(sessionIds: string[]): Promise<unknown>
  /** A send failed while connected (a failure while disconnected is retried on reconnect). */
  failed(err: unknown): void
}

/** The ids the core should treat as targets: none while broadcast is off. */
export function targetIds(state: BroadcastState): string[] {
  return state.on ? [...state.targets].sort().slice(0, MAX_BROADCAST_TARGETS) : []
}

/** Starts keeping the core's targets in step with the store's; returns the unsubscribe. */
export function startBroadcastSync(deps: BroadcastSyncDeps): () => void {
  let connected = true
  let lastSent: string | null = null
  const send = (force: boolean): void => {
    const sessionIds = targetIds(deps.state())
    const key = sessionIds.join(',')
    if (!force && key === lastSent) return
    lastSent = key
    deps.send(sessionIds).catch((err: unknown) => {
      // Sent again on the next change or reconnect.
      lastSent = null
      if (connected) deps.failed(err)
    })
  }
  const unsubscribe = deps.subscribe(() => send(false))
  deps.onConnection((up) => {
    connected = up
    if (up) send(true)
  })
  send(true)
  return unsubscribe
}
