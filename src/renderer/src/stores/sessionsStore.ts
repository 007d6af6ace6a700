// The terminal sessions this window shows as panes: fed by 'sessions.list' and 'session.changed'.
// A pane stays after its session ends (so the exit code can be read) until the responder
// closes it; a closed pane never comes back from a late event.
import { create } from 'zustand'
import type { SessionInfo } from '../../../shared/contract'
import { api, ApiError } from '../api'
import { reportError } from './toastStore'

/** A first guess; the pane fits itself to its slot and resizes the session right after. */
const INITIAL_SIZE = { cols: 80, rows: 24 }

interface SessionsState {
  /** Ordered by channel, i.e. by the order the sessions were opened. */
  panes: SessionInfo[]
  opening: boolean
  /** Reconciles the panes with the core's list; opens the first shell on a fresh start. */
  sync(): Promise<void>
  /** Resolves to the new session, or null when it failed (already reported). */
  openLocal(): Promise<SessionInfo | null>
  closePane(sessionId: string): Promise<void>
  applyChanged(info: SessionInfo): void
}

const dismissed = new Set<string>()
// The automatic first shell happens once per page: if the responder closes every pane,
// the grid stays empty until they ask for a new one.
let autoOpened = false
let syncing: Promise<void> | null = null
let syncAgain = false

function upsert(panes: SessionInfo[], info: SessionInfo): SessionInfo[] {
  const rest = panes.filter((p) => p.id !== info.id)
  return [...rest, info].sort((a, b) => a.channel - b.channel)
}

export const useSessions = create<SessionsState>()((set, get) => {
  const show = (info: SessionInfo): void => {
    if (dismissed.has(info.id)) return
    // A restarted core numbers channels from 1 again: an old pane on the same channel is dead.
    for (const p of get().panes)
      if (p.channel === info.channel && p.id !== info.id) dismissed.add(p.id)
    const live = get().panes.filter((p) => !dismissed.has(p.id))
    set({ panes: upsert(live, info) })
  }
  const dismiss = (sessionId: string): void => {
    dismissed.add(sessionId)
    set({ panes: get().panes.filter((p) => p.id !== sessionId) })
  }

  const syncOnce = async (): Promise<void> => {
    let listed: SessionInfo[]
    try {
      listed = await api.call('sessions.list', {})
    } catch (err) {
      reportError('action.failed.listSessions', err)
      return
    }
    const byId = new Map(listed.map((s) => [s.id, s]))
    // Panes whose session the core no longer knows (it restarted) cannot come back, and their
    // channel numbers will be reused: drop them. The transcript is in the database.
    const vanished = get().panes.filter((p) => !byId.has(p.id))
    for (const p of vanished) dismissed.add(p.id)
    // A core with no sessions at all after ours vanished is a fresh start: open a shell again.
    if (vanished.length > 0 && listed.length === 0) autoOpened = false
    set({ panes: get().panes.filter((p) => !dismissed.has(p.id)) })
    for (const s of listed) {
      const shown = get().panes.some((p) => p.id === s.id)
      if (shown || (s.state !== 'closed' && !dismissed.has(s.id))) show(s)
    }
    const panes = get().panes
    const anyOpen = panes.some((p) => p.state !== 'closed')
    if (!autoOpened) {
      autoOpened = true
      if (!anyOpen) await get().openLocal()
    }
  }

  return {
    panes: [],
    opening: false,
    async sync() {
      if (syncing) {
        syncAgain = true
        return syncing
      }
      syncing = (async () => {
        do {
          syncAgain = false
          await syncOnce()
        } while (syncAgain)
      })()
      try {
        await syncing
      } finally {
        syncing = null
      }
    },
    async openLocal() {
      set({ opening: true })
      try {
        const info = await api.call('sessions.openLocal', { ...INITIAL_SIZE, incidentId: null })
        show(info)
        return info
      } catch (err) {
        reportError('action.failed.openLocal', err)
        return null
      } finally {
        set({ opening: false })
      }
    },
    async closePane(sessionId) {
      const pane = get().panes.find((p) => p.id === sessionId)
      if (!pane) return
      if (pane.state === 'closed') return dismiss(sessionId)
      try {
        await api.call('sessions.close', { sessionId })
        dismiss(sessionId)
      } catch (err) {
        // Already gone in the core: the pane has nothing left to close.
        if (err instanceof ApiError && err.code === 'not_found') dismiss(sessionId)
        else reportError('action.failed.close', err)
      }
    },
    applyChanged(info) {
      const known = get().panes.some((p) => p.id === info.id)
      // A session opened elsewhere (another window, or our own call whose reply is still on
      // its way) joins the grid; an ended one we never showed does not.
      if (known || info.state !== 'closed') show(info)
    },
  }
})
