// Broadcast input mode: on or off, and the explicit set of target panes. Turning it on targets
// every open pane; panes opened later are not added by themselves. It stays on until the
// responder turns it off (not after a while, not when focus moves). It is not persisted: a
// reloaded window starts with typing going to one pane only.
import { create } from 'zustand'

interface BroadcastState {
  on: boolean
  /** Session ids of the target panes. */
  targets: ReadonlySet<string>
  /** Turning on targets `openPaneIds`; turning off forgets the targets. */
  setOn(on: boolean, openPaneIds: readonly string[]): void
  setTarget(sessionId: string, included: boolean): void
  setTargets(sessionIds: readonly string[]): void
}

export const useBroadcast = create<BroadcastState>()((set, get) => ({
  on: false,
  targets: new Set(),
  setOn(on, openPaneIds) {
    set({ on, targets: new Set(on ? openPaneIds : []) })
  },
  setTarget(sessionId, included) {
    const targets = new Set(get().targets)
    if (included) targets.add(sessionId)
    else targets.delete(sessionId)
    set({ targets })
  },
  setTargets(sessionIds) {
    set({ targets: new Set(sessionIds) })
  },
}))
