// Team sync (#18): the status the header shows, fed by 'team.status', who is in the war room, fed
// by 'team.presence' (each heartbeat), and the saved connection (without its password) for the
// Team panel.
import { create } from 'zustand'
import type {
  Params,
  SharedTranscriptInfo,
  TeamPresence,
  TeamSettingsView,
  TeamStatus,
} from '../../../shared/contract'
import { api } from '../api'

interface TeamState {
  status: TeamStatus | null
  presence: TeamPresence | null
  settings: TeamSettingsView | null
  panelOpen: boolean
  /** A shared transcript the responder asked to open: the replay view takes it from here. */
  replayRequest: SharedTranscriptInfo | null
  openShared(info: SharedTranscriptInfo): void
  takeReplayRequest(): SharedTranscriptInfo | null
  load(): Promise<void>
  setPanel(open: boolean): void
  /** Throws main's error, so the form can show it. */
  configure(p: Params<'team.configure'>): Promise<TeamStatus>
  disconnect(): Promise<void>
  initServer(user: string, password: string): Promise<{ applied: number[]; version: number }>
}

let subscribed = false

export const useTeam = create<TeamState>()((set, get) => ({
  status: null,
  presence: null,
  settings: null,
  panelOpen: false,
  replayRequest: null,
  openShared(info) {
    set({ replayRequest: info, panelOpen: false })
  },
  takeReplayRequest() {
    const r = get().replayRequest
    if (r) set({ replayRequest: null })
    return r
  },
  async load() {
    if (!subscribed) {
      subscribed = true
      api.on('team.status', (status) => set({ status }))
      api.on('team.presence', (presence) => set({ presence }))
    }
    try {
      const [status, settings, presence] = await Promise.all([
        api.call('team.status', {}),
        api.call('team.settings', {}),
        api.call('team.presence', {}),
      ])
      set({ status, settings, presence })
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
    set({ status, settings: null, presence: null })
  },
  async initServer(user, password) {
    return api.call('team.initServer', { user, password })
  },
}))
