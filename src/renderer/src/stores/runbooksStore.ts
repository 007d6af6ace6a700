// The runbook library and the active incident's checklist: fed by runbooks.list and
// runbooks.forIncident, refreshed on 'runbooks.changed' / 'checklist.changed' and whenever the
// active incident changes. Runs and ticks throw main's error to the component that asked, so
// it can be shown where the responder clicked.
import { create } from 'zustand'
import type {
  FillPreview,
  ImportOutcome,
  IncidentChecklist,
  Params,
  RunbookSummary,
  RunRecord,
  SectionRunOutcome,
} from '../../../shared/contract'
import { api } from '../api'
import { afterFirstPaint } from './firstPaint'
import { whenDatabaseReady } from './whenReady'
import { useIncidents } from './incidentsStore'
import { reportError } from './toastStore'

type RunParams = Omit<Params<'runbooks.run'>, 'incidentId' | 'runbookId' | 'actor'>
type SectionParams = Omit<Params<'runbooks.runSection'>, 'incidentId' | 'runbookId' | 'actor'>

interface RunbooksState {
  library: RunbookSummary[]
  checklist: IncidentChecklist | null
  /** Command ids with a run under way in this window. */
  running: Record<string, boolean>
  loadLibrary(): Promise<void>
  loadChecklist(): Promise<void>
  start(runbookId: string): Promise<void>
  importText(text: string, source: string): Promise<ImportOutcome>
  /** A folder read in the page: paths as picked, the folder's name first. */
  importFiles(files: { path: string; text: string }[]): Promise<ImportOutcome>
  setParameters(values: Record<string, string>): Promise<void>
  run(runbookId: string, p: RunParams): Promise<RunRecord>
  /** The command as it would run with these values (nothing saved, nothing run). */
  fillPreview(
    runbookId: string,
    commandId: string,
    values: Record<string, string>,
  ): Promise<FillPreview>
  runSection(runbookId: string, p: SectionParams): Promise<SectionRunOutcome>
  tick(runbookId: string, stepId: string, checked: boolean, comment?: string): Promise<void>
  output(runId: string): Promise<RunRecord>
}

const actor = (): string | undefined => useIncidents.getState().actor.trim() || undefined
const incidentId = (): string => {
  const id = useIncidents.getState().activeId
  if (!id) throw new Error('No active incident.')
  return id
}

export const useRunbooks = create<RunbooksState>()((set, get) => ({
  library: [],
  checklist: null,
  running: {},
  async loadLibrary() {
    try {
      set({ library: await api.call('runbooks.list', {}) })
    } catch (err) {
      reportError('action.failed.runbooks', err)
    }
  },
  async loadChecklist() {
    const id = useIncidents.getState().activeId
    if (!id) return set({ checklist: null })
    try {
      const checklist = await api.call('runbooks.forIncident', { incidentId: id })
      // The responder may have switched incidents while this was loading.
      if (useIncidents.getState().activeId === id) set({ checklist })
    } catch (err) {
      set({ checklist: null })
      reportError('action.failed.checklist', err)
    }
  },
  async start(runbookId) {
    const a = actor()
    const checklist = await api.call('runbooks.startForIncident', {
      incidentId: incidentId(),
      runbookId,
      ...(a ? { actor: a } : {}),
    })
    set({ checklist })
  },
  async importText(text, source) {
    const outcome = await api.call('runbooks.importText', { text, source })
    await get().loadLibrary()
    return outcome
  },
  async importFiles(files) {
    const outcome = await api.call('runbooks.importFiles', { files })
    await get().loadLibrary()
    return outcome
  },
  async setParameters(values) {
    const id = incidentId()
    const parameters = await api.call('runbooks.setParameters', { incidentId: id, values })
    const c = get().checklist
    if (c && c.incidentId === id) set({ checklist: { ...c, parameters } })
  },
  fillPreview(runbookId, commandId, values) {
    return api.call('runbooks.fillPreview', {
      incidentId: incidentId(),
      runbookId,
      commandId,
      values,
    })
  },
  async run(runbookId, p) {
    const a = actor()
    set({ running: { ...get().running, [p.commandId]: true } })
    try {
      const run = await api.call('runbooks.run', {
        ...p,
        incidentId: incidentId(),
        runbookId,
        ...(a ? { actor: a } : {}),
      })
      await get().loadChecklist()
      return run
    } finally {
      const { [p.commandId]: _, ...rest } = get().running
      set({ running: rest })
    }
  },
  async runSection(runbookId, p) {
    const a = actor()
    const key = `section:${p.sectionId}`
    set({ running: { ...get().running, [key]: true } })
    try {
      const out = await api.call('runbooks.runSection', {
        ...p,
        incidentId: incidentId(),
        runbookId,
        ...(a ? { actor: a } : {}),
      })
      await get().loadChecklist()
      return out
    } finally {
      const { [key]: _, ...rest } = get().running
      set({ running: rest })
    }
  },
  async tick(runbookId, stepId, checked, comment) {
    const a = actor()
    await api.call('runbooks.tick', {
      incidentId: incidentId(),
      runbookId,
      stepId,
      checked,
      ...(comment ? { comment } : {}),
      ...(a ? { actor: a } : {}),
    })
    await get().loadChecklist()
  },
  output(runId) {
    return api.call('runbooks.output', { runId })
  },
}))

let started = false

/** Subscribes once per page: library and checklist follow the core and the active incident. */
export function startRunbooks(): void {
  if (started) return
  started = true
  api.on('runbooks.changed', () => void useRunbooks.getState().loadLibrary())
  api.on('checklist.changed', ({ incidentId: id }) => {
    if (id === useIncidents.getState().activeId) void useRunbooks.getState().loadChecklist()
  })
  // The checklist panel mounts once the timeline's first page is painted: its read waits too,
  // so it does not go out (and hold the core) before timeline.list (issue #20).
  const loadChecklist = (): Promise<void> =>
    afterFirstPaint().then(() => useRunbooks.getState().loadChecklist())
  let active = useIncidents.getState().activeId
  useIncidents.subscribe((s) => {
    if (s.activeId === active) return
    active = s.activeId
    useRunbooks.setState({ checklist: null })
    void loadChecklist()
  })
  whenDatabaseReady({
    ready: () => {
      void useRunbooks.getState().loadLibrary()
      void loadChecklist()
    },
  })
}
