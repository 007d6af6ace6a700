// The SSH hosts the responder works on, fed by 'targets.list' and 'targets.changed'; which ones
// are connecting and why the last attempt failed (main's message, shown verbatim); and the
// queue of unknown host keys waiting for the responder's yes or no.
import { create } from 'zustand'
import type { Target, UnknownHostKeyPrompt } from '../../../shared/contract'
import { api } from '../api'
import { whenDatabaseReady } from './whenReady'
import { useIncidents } from './incidentsStore'
import { useSessions } from './sessionsStore'
import { reportError } from './toastStore'

/** A first guess like the local shell's; the pane fits itself to its slot right after. */
const INITIAL_SIZE = { cols: 100, rows: 30 }

interface TargetsState {
  targets: Target[]
  loaded: boolean
  panelOpen: boolean
  /** Target ids with a connection attempt under way. */
  connecting: Record<string, boolean>
  /** The last failed connection per target: main's error, shown where the responder clicked. */
  connectErrors: Record<string, unknown>
  /** Unknown host keys, oldest first; the first one is shown. */
  prompts: UnknownHostKeyPrompt[]
  setPanelOpen(open: boolean): void
  load(): Promise<void>
  applyChanged(targets: Target[]): void
  upsert(target: Target): void
  /** Opens an SSH session; resolves true when connected (the pane joins the grid by itself). */
  connect(targetId: string): Promise<boolean>
  clearError(targetId: string): void
  /** Throws main's error so the caller can show it inline. */
  remove(targetId: string): Promise<void>
  pushPrompt(prompt: UnknownHostKeyPrompt): void
  answerPrompt(requestId: string, trust: boolean): Promise<void>
}

const byName = (a: Target, b: Target): number => a.name.localeCompare(b.name)

export const useTargets = create<TargetsState>()((set, get) => ({
  targets: [],
  loaded: false,
  panelOpen: false,
  connecting: {},
  connectErrors: {},
  prompts: [],
  setPanelOpen(panelOpen) {
    set({ panelOpen })
  },
  async load() {
    try {
      const targets = await api.call('targets.list', {})
      set({ targets: [...targets].sort(byName), loaded: true })
    } catch (err) {
      reportError('action.failed.loadTargets', err)
    }
  },
  applyChanged(targets) {
    set({ targets: [...targets].sort(byName), loaded: true })
  },
  upsert(target) {
    const rest = get().targets.filter((t) => t.id !== target.id)
    set({ targets: [...rest, target].sort(byName) })
  },
  async connect(targetId) {
    if (get().connecting[targetId]) return false
    const { [targetId]: _old, ...errors } = get().connectErrors
    void _old
    set({ connecting: { ...get().connecting, [targetId]: true }, connectErrors: errors })
    try {
      const info = await api.call('sessions.openSsh', {
        targetId,
        ...INITIAL_SIZE,
        incidentId: useIncidents.getState().activeId,
      })
      // 'session.changed' brings it too; the reply may simply arrive first.
      useSessions.getState().applyChanged(info)
      return true
    } catch (err) {
      set({ connectErrors: { ...get().connectErrors, [targetId]: err } })
      return false
    } finally {
      const { [targetId]: _done, ...rest } = get().connecting
      void _done
      set({ connecting: rest })
    }
  },
  clearError(targetId) {
    const { [targetId]: _old, ...rest } = get().connectErrors
    void _old
    set({ connectErrors: rest })
  },
  async remove(targetId) {
    await api.call('targets.remove', { id: targetId })
    set({ targets: get().targets.filter((t) => t.id !== targetId) })
  },
  pushPrompt(prompt) {
    if (get().prompts.some((p) => p.requestId === prompt.requestId)) return
    set({ prompts: [...get().prompts, prompt] })
  },
  async answerPrompt(requestId, trust) {
    set({ prompts: get().prompts.filter((p) => p.requestId !== requestId) })
    try {
      await api.call('hostKeys.answer', { requestId, trust })
    } catch (err) {
      reportError('action.failed.hostKeyAnswer', err)
    }
  },
}))

let started = false

/** Wires the target and host-key events and (re)loads when the database is ready. Once per page. */
export function startTargets(): void {
  if (started) return
  started = true
  api.on('targets.changed', (targets) => useTargets.getState().applyChanged(targets))
  api.on('hostKey.unknown', (prompt) => useTargets.getState().pushPrompt(prompt))

  const load = (): void => void useTargets.getState().load()
  whenDatabaseReady({ ready: load, reconnected: load })
}
