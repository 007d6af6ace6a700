// The replay sheet: open or closed, the recordings to pick from, and which one is playing.
import { create } from 'zustand'
import type { RecordingInfo, SharedTranscriptInfo } from '../../../../shared/contract'
import { api } from '../../api'
import { useIncidents } from '../../stores/incidentsStore'
import { reportError } from '../../stores/toastStore'

interface ReplayState {
  open: boolean
  onlyIncident: boolean
  recordings: RecordingInfo[]
  playing: string | null
  /** Set when the recording playing is one the team shared (read from the team server). */
  shared: SharedTranscriptInfo | null
  setOpen(open: boolean): void
  setOnlyIncident(only: boolean): void
  load(): Promise<void>
  play(sessionId: string | null): void
  /** Opens the sheet on a transcript another responder shared (#18). */
  playShared(info: SharedTranscriptInfo): void
}

export const useReplay = create<ReplayState>()((set, get) => ({
  open: false,
  onlyIncident: false,
  recordings: [],
  playing: null,
  shared: null,
  setOpen(open) {
    set({ open, playing: open ? get().playing : null, shared: open ? get().shared : null })
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
    set({ playing, shared: null })
  },
  playShared(info) {
    set({ open: true, playing: info.sessionId, shared: info })
  },
}))
