// Team sync (#18): the status the header shows, fed by 'team.status', and the saved connection
// (without its password) for the Team panel.
import { create } from 'zustand'
import type { Params, TeamSettingsView, TeamStatus } from '../../../shared/contract'
import { api } from '../api'

interface TeamState {
  status: TeamStatus | null
  settings: TeamSettingsView | null
  panelOpen: boolean
  load(): Promise<void>
  setPanel(open: boolean): void
  /** Throws main's error, so the form can show it. */
  configure(p: Params<'team.configure'>): Promise<TeamStatus>
  disconnect(): Promise<void>
  initServer(user: string, password: string): Promise<{ applied: number[]; version: number }>
}

let subscribed = false

export const useTeam = create<TeamState>()((set) => ({
  status: null,
  settings: null,
  panelOpen: false,
  async load() {
    if (!subscribed) {
      subscribed = true
      api.on('team.status', (status) => set({ status }))
    }
    try {
      const [status, settings] = await Promise.all([
        api.call('team.status', {}),
        api.call('team.settings', {}),
      ])
      set({ status, settings })
    } catch {
      // No database open yet: the badge stays empty until the store opens.
    }
  },
  setPanel(open) {
    set({ panelOpen: open })
  },
  async configure(p) {
    const status = await api.call('team.configure', p)
    set({ status, settings: await api.call('team.settings', {}) })
    return status
  },
  async disconnect() {
    const status = await api.call('team.disconnect', {})
    set({ status, settings: null })
  },
  async initServer(user, password) {
    return api.call('team.initServer', { user, password })
  },
}))
