// The replay sheet: open or closed, the recordings to pick from, and which one is playing.
import { create } from 'zustand'
import type { RecordingInfo } from '../../../../shared/contract'
import { api } from '../../api'
import { useIncidents } from '../../stores/incidentsStore'
import { reportError } from '../../stores/toastStore'

interface ReplayState {
  open: boolean
  onlyIncident: boolean
  recordings: RecordingInfo[]
  playing: string | null
  setOpen(open: boolean): void
  setOnlyIncident(only: boolean): void
  load(): Promise<void>
  play(sessionId: string | null): void
}

export const useReplay = create<ReplayState>()((set, get) => ({
  open: false,
  onlyIncident: false,
  recordings: [],
  playing: null,
  setOpen(open) {
    set({ open, playing: open ? get().playing : null })
    if (open) void get().load()
  },
  setOnlyIncident(onlyIncident) {
    set({ onlyIncident })
    void get().load()
  },
  async load() {
    const incidentId = get().onlyIncident ? useIncidents.getState().activeId : null
    try {
      set({ recordings: await api.call('sessions.recordings', { incidentId, limit: 200 }) })
    } catch (err) {
      reportError('action.failed.recordings', err)
    }
  },
  play(playing) {
    set({ playing })
  },
}))
