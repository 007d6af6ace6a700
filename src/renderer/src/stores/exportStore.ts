// Which export dialog is open (export, postmortem, import) and the progress of the running
// export, fed by the export.progress stream.
import { create } from 'zustand'
import type { ExportProgress } from '../../../shared/contract'
import { api } from '../api'

export type ExportPanel = 'none' | 'export' | 'postmortem' | 'import'

interface ExportState {
  panel: ExportPanel
  setPanel(panel: ExportPanel): void
  /** The export this window started and is waiting for. */
  exportId: string | null
  progress: ExportProgress | null
  begin(exportId: string): void
  end(): void
  applyProgress(p: ExportProgress): void
}

export const useExport = create<ExportState>()((set, get) => ({
  panel: 'none',
  setPanel: (panel) => set({ panel }),
  exportId: null,
  progress: null,
  begin: (exportId) => set({ exportId, progress: null }),
  end: () => set({ exportId: null }),
  applyProgress(p) {
    if (p.exportId === get().exportId) set({ progress: p })
  },
}))

let started = false
/** Subscribes once to the progress stream. */
export function startExport(): void {
  if (started) return
  started = true
  api.on('export.progress', (p) => useExport.getState().applyProgress(p))
}
