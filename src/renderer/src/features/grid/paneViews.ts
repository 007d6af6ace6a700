// The live terminal of every pane in this window, keyed by session id. Panes come and go with
// the sessions store; their terminals are created on first mount and disposed only when the
// pane leaves the grid, so React remounts never re-attach or lose scrollback.
import type { SessionInfo } from '../../../../shared/contract'
import { api } from '../../api'
import { setPaneHook, useSessions } from '../../stores/sessionsStore'
import { useBroadcast } from '../../stores/broadcastStore'
import { useLayout } from './layoutStore'
import { InputRouter } from './broadcast/inputRouter'
import { TerminalView } from './terminalView'
import { browserClock, WriteScheduler } from './writeScheduler'

const views = new Map<string, TerminalView>()
/** One scheduler for all panes of this window: the per-frame budget is shared. */
const writeScheduler = new WriteScheduler(browserClock)
/** One router for all panes: broadcast input fans out from here, pastes queue here in order. */
const inputRouter = new InputRouter(
  (sessionId) => views.get(sessionId),
  () => useBroadcast.getState(),
)
/** A pane the responder just asked for, to be focused as soon as its terminal exists. */
let focusNext: string | null = null

export function ensureView(info: SessionInfo): TerminalView {
  let view = views.get(info.id)
  if (!view) {
    views.set(info.id, (view = new TerminalView(info, api, writeScheduler, inputRouter)))
    // A pane shown ended from the start: its session died with the core before this page.
    const lostAt = useSessions.getState().lost[info.id]
    if (lostAt !== undefined) view.markLost(info, lostAt)
  }
  if (focusNext === info.id) {
    focusNext = null
    view.focusOnMount()
  }
  return view
}

/** Focuses a pane now, or when it mounts if the grid has not rendered it yet. */
export function focusPane(sessionId: string): void {
  const view = views.get(sessionId)
  if (view) view.focus()
  else focusNext = sessionId
}

export function findView(sessionId: string): TerminalView | undefined {
  return views.get(sessionId)
}

/** Disposes the terminals of panes that left the grid. */
export function retainViews(sessionIds: readonly string[]): void {
  const keep = new Set(sessionIds)
  for (const [id, view] of views) {
    if (keep.has(id)) continue
    views.delete(id)
    view.dispose()
  }
}

// After a reconnect the sessions store says what became of each pane (sessionsStore.ts):
// - its session survived (a blip): the core sees a new viewer, so the pane attaches again and
//   repaints from the replay (its old screen is reset first so nothing shows twice);
// - the core restarted and restored its session: the pane's terminal, with everything on its
//   screen, moves to the new session, below a line saying what was lost;
// - its session is gone: the terminal stops listening on a channel number the restarted core
//   will give to another session, and says so.
setPaneHook({
  reattach: (sessionId) => views.get(sessionId)?.reattach(),
  swap: (oldSessionId, info) => {
    useLayout.getState().renamePane(oldSessionId, info.id)
    const view = views.get(oldSessionId)
    if (!view) return
    views.delete(oldSessionId)
    views.set(info.id, view)
    view.rebind(info)
  },
  lost: (previous, info, lostAt) => views.get(previous.id)?.markLost(info, lostAt),
})
