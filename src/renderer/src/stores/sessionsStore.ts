// The terminal sessions this window shows as panes: fed by 'sessions.list' and 'session.changed'.
// A pane stays after its session ends (so the exit code can be read) until the responder
// closes it; a closed pane never comes back from a late event.
//
// After the core restarted, the first sync reconciles: a pane whose session the core restored
// (SSH, kubectl, psql) is taken over by the new session, keeping its screen; a local shell's
// pane stays, ended, saying its process is gone and offering a new shell.
import { create } from 'zustand'
import type { LostSession, SessionInfo } from '../../../shared/contract'
import { api, ApiError } from '../api'
import { t } from '../i18n/locale'
import { afterFirstPaint } from './firstPaint'
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
  /** Opens a local shell in place of one that ended when the core stopped. */
  replaceLost(sessionId: string): Promise<void>
  applyChanged(info: SessionInfo): void
  /** Panes whose session ended when the core stopped and did not come back (id → when). */
  lost: Record<string, number>
}

/** What the terminals do when panes change under them (features/grid/paneViews.ts). */
export interface PaneHook {
  /** The pane's session survived a reconnect: attach again (the core sees a new viewer). */
  reattach(sessionId: string): void
  /** A restored session takes over the pane of the session it replaces. */
  swap(oldSessionId: string, info: SessionInfo): void
  /** The pane's session is gone for good: stop listening on its old channel, say why. */
  lost(previous: SessionInfo, info: SessionInfo, lostAt: number): void
}

let hook: PaneHook | null = null
export function setPaneHook(h: PaneHook): void {
  hook = h
}

const dismissed = new Set<string>()
// The automatic first shell happens once per page: if the responder closes every pane,
// the grid stays empty until they ask for a new one.
let autoOpened = false
let syncing: Promise<void> | null = null
let syncAgain = false
/** Set while the core is unreachable and until the next sync has reconciled the panes. */
let reconnecting = false
let downSince = 0
/** Lost panes keep their terminal but leave the core's channel numbers (reused after a restart). */
let lostChannel = 0
/** Whether this page has asked the core for the sessions it could not reopen. */
let lostLoaded = false

/** Lost panes the responder closed stay closed across reloads (until the core forgets them). */
const LOST_DISMISSED_KEY = 'sitrep.lostDismissed'
function lostDismissed(): Set<string> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(LOST_DISMISSED_KEY) ?? '[]')
    return new Set(Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [])
  } catch {
    return new Set()
  }
}
function rememberLostDismissed(sessionId: string): void {
  try {
    const ids = [...lostDismissed(), sessionId].slice(-200)
    localStorage.setItem(LOST_DISMISSED_KEY, JSON.stringify(ids))
  } catch {
    // Not remembered: a reload shows the ended pane again, which the responder can close.
  }
}

api.onConnection((up) => {
  if (up || reconnecting) return
  reconnecting = true
  downSince = Date.now()
})

/**
 * A known pane is updated where it is; a new one goes after the panes opened before it (channel
 * numbers grow with each open). Not a sort by channel: after a restart, restored and ended panes
 * get new numbers but must keep their places.
 */
function upsert(panes: SessionInfo[], info: SessionInfo): SessionInfo[] {
  const i = panes.findIndex((p) => p.id === info.id)
  if (i >= 0) return panes.map((p, j) => (j === i ? info : p))
  const at = panes.findIndex((p) => p.channel > info.channel)
  return at < 0 ? [...panes, info] : [...panes.slice(0, at), info, ...panes.slice(at)]
}

export const useSessions = create<SessionsState>()((set, get) => {
  const show = (info: SessionInfo): void => {
    if (dismissed.has(info.id)) return
    // Until the sync after a reconnect has matched old panes to restored sessions, a live
    // event could drop a pane that a restored session should take over.
    if (reconnecting) return void get().sync()
    // A restarted core numbers channels from 1 again: an old pane on the same channel is dead.
    for (const p of get().panes)
      if (p.channel === info.channel && p.id !== info.id) dismissed.add(p.id)
    const live = get().panes.filter((p) => !dismissed.has(p.id))
    set({ panes: upsert(live, info) })
  }
  const dismiss = (sessionId: string): void => {
    dismissed.add(sessionId)
    if (sessionId in get().lost) rememberLostDismissed(sessionId)
    const { [sessionId]: _gone, ...lost } = get().lost
    set({ panes: get().panes.filter((p) => p.id !== sessionId), lost })
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
    const afterDrop = reconnecting
    reconnecting = false
    const lost = { ...get().lost }
    const restoredFor = new Map<string, SessionInfo>()
    for (const s of listed) if (s.restoredFrom) restoredFor.set(s.restoredFrom.sessionId, s)
    const vanished = get().panes.filter((p) => !byId.has(p.id) && !(p.id in lost))
    let panes = get().panes
    for (const p of vanished) {
      const next = restoredFor.get(p.id)
      if (next && !dismissed.has(next.id)) {
        // Same place in the grid and the same terminal: the responder's screen carries on.
        panes = panes.map((q) => (q.id === p.id ? next : q))
        hook?.swap(p.id, next)
      } else if (afterDrop && p.state !== 'closed') {
        // Its process died with the core (a local shell) or the core could not reopen it.
        const ended: SessionInfo = {
          ...p,
          channel: --lostChannel,
          state: 'closed',
          exitCode: null,
          error: t('pane.lost.error'),
        }
        lost[p.id] = downSince
        panes = panes.map((q) => (q.id === p.id ? ended : q))
        hook?.lost(p, ended, downSince)
      } else {
        // An ended pane of a restarted core: its channel number will be reused, and the
        // transcript is in the database.
        dismissed.add(p.id)
      }
    }
    // Only panes whose own session survived; a swapped pane has just attached to its new one.
    if (afterDrop) for (const p of get().panes) if (byId.has(p.id)) hook?.reattach(p.id)
    // A core with no sessions at all after ours vanished is a fresh start: open a shell again,
    // unless a lost pane already offers one.
    if (vanished.length > 0 && listed.length === 0 && Object.keys(lost).length === 0)
      autoOpened = false
    set({ panes: panes.filter((p) => !dismissed.has(p.id)), lost })
    for (const s of listed) {
      const shown = get().panes.some((p) => p.id === s.id)
      if (shown || (s.state !== 'closed' && !dismissed.has(s.id))) show(s)
    }
    if (!lostLoaded || afterDrop) await showLost(afterDrop)
    if (!autoOpened) {
      autoOpened = true
      void openFirstShell()
    }
  }

  /**
   * The automatic first shell, once the newest events are painted: spawning it holds the core
   * for tens of ms, and the grid that shows it mounts only then anyway. Meanwhile the grid says
   * a shell is being opened.
   */
  const openFirstShell = async (): Promise<void> => {
    set({ opening: true })
    await afterFirstPaint()
    const anyOpen = get().panes.some((p) => p.state !== 'closed')
    // A pane that says its shell died with the core offers a new one itself; a session opened
    // meanwhile (another window, the responder) is the shell.
    if (!anyOpen && Object.keys(get().lost).length === 0) await get().openLocal()
    else set({ opening: false })
  }

  /**
   * Sessions the core could not reopen after it restarted (local shells), for a page that did
   * not show them before (a new window, a reload, the app restarted): ended panes that say why
   * and offer a new shell, until the responder closes them.
   */
  const showLost = async (quiet: boolean): Promise<void> => {
    lostLoaded = true
    let list: LostSession[]
    try {
      list = await api.call('sessions.lost', {})
    } catch (err) {
      if (!quiet) reportError('action.failed.listSessions', err)
      return
    }
    const forgotten = lostDismissed()
    const known = new Set(get().panes.map((p) => p.id))
    const add: SessionInfo[] = []
    const lost = { ...get().lost }
    for (const l of list) {
      if (known.has(l.sessionId) || dismissed.has(l.sessionId) || forgotten.has(l.sessionId))
        continue
      lost[l.sessionId] = l.lastRecordedAt
      add.push({
        id: l.sessionId,
        channel: --lostChannel,
        kind: l.kind,
        title: l.title,
        state: 'closed',
        exitCode: null,
        error: t('pane.lost.error'),
        ...INITIAL_SIZE,
        startedAt: l.lastRecordedAt,
        incidentId: l.incidentId,
        targetId: null,
      })
    }
    if (add.length > 0) set({ panes: [...add, ...get().panes], lost })
  }

  return {
    panes: [],
    opening: false,
    lost: {},
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
    async replaceLost(sessionId) {
      if (!(sessionId in get().lost)) return
      const info = await get().openLocal()
      if (info) dismiss(sessionId)
    },
    applyChanged(info) {
      const known = get().panes.some((p) => p.id === info.id)
      // A session opened elsewhere (another window, or our own call whose reply is still on
      // its way) joins the grid; an ended one we never showed does not.
      if (known || info.state !== 'closed') show(info)
    },
  }
})
