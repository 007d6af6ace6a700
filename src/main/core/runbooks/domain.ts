// The runbooks domain of one open database: the library (built-ins loaded at start), the
// checklists of incidents and the step runner, with the contract events they announce. This
// class is the domain's facade: the rpc handlers call its methods and nothing deeper.
import type { ParsedParams } from '../../../shared/contract'
import type {
  ImportOutcome,
  IncidentChecklist,
  RunbookDetail,
  RunbookSummary,
  RunRecord,
} from '../../../shared/runbookSchemas'
import type { SessionManager } from '../sessions/domain'
import type { Store } from '../store/store'
import { loadBuiltins } from './builtins'
import { IncidentChecklists } from './checklist'
import { emptyOutcome, RunbookLibrary } from './library'
import type { FillPreview } from '../../../shared/runbookSchemas'
import { StepRunner, type RunRequest, type SshExec } from './runner'

// The rollback watcher (incidents) is handed this by Core: which command lines deploy.
export { recognizeDeploy, type DeployCommand } from './deployCommands'

export interface RunbooksDomainOptions {
  now: () => number
  ssh: () => SshExec
  sessions: () => SessionManager
  onLibraryChanged: (ids: string[]) => void
  onChecklistChanged: (incidentId: string) => void
  /** Overrides where built-ins are read from; null loads none. */
  builtinDir?: string | null
}

export class RunbooksDomain {
  readonly library: RunbookLibrary
  readonly checklists: IncidentChecklists
  readonly runner: StepRunner
  /** What loading the built-ins said (a broken built-in is reported, not fatal). */
  readonly builtins: ImportOutcome

  constructor(
    store: Store,
    private readonly opts: RunbooksDomainOptions,
  ) {
    this.library = new RunbookLibrary(store.db, opts.now)
    this.checklists = new IncidentChecklists({
      store,
      library: this.library,
      now: opts.now,
    })
    this.runner = new StepRunner({
      store,
      checklists: this.checklists,
      ssh: opts.ssh,
      now: opts.now,
      panes: {
        pane: (sessionId) => {
          const info = opts.sessions().get(sessionId).info
          const row = store.db
            .prepare('SELECT target_id FROM sessions WHERE id = ?')
            .get(sessionId) as { target_id: string | null } | undefined
          return { title: info.title, targetId: row?.target_id ?? null }
        },
        write: (sessionId, text) =>
          opts.sessions().get(sessionId).input(new TextEncoder().encode(text)),
      },
    })
    this.builtins = emptyOutcome()
    if (opts.builtinDir !== null) {
      try {
        this.builtins = loadBuiltins(this.library, opts.builtinDir)
      } catch (err) {
        // A database that reads badly must still open: the runbooks already stored stay usable
        // and the incident data is what matters; the failure is reported, not thrown.
        this.builtins.failed.push({
          source: 'built-in runbooks',
          message: `The built-in runbooks could not be loaded (${err instanceof Error ? err.message : String(err)}).`,
        })
      }
    }
  }

  // --- the library ------------------------------------------------------------------------------

  list(lang?: 'en' | 'ja'): RunbookSummary[] {
    return this.library.list(lang)
  }

  get(runbookId: string, version?: number): RunbookDetail {
    return this.library.get(runbookId, version)
  }

  importFile(path: string): ImportOutcome {
    return this.imported(this.library.importFile(path))
  }

  importFolder(path: string): ImportOutcome {
    return this.imported(this.library.importFolder(path))
  }

  importText(text: string, source: string): ImportOutcome {
    return this.imported(this.library.importText(text, source))
  }

  importFiles(files: { path: string; text: string }[]): ImportOutcome {
    return this.imported(this.library.importFiles(files))
  }

  /** Import wrapper that announces new versions. */
  imported(outcome: ImportOutcome): ImportOutcome {
    const ids = outcome.imported.filter((i) => i.created).map((i) => i.summary.id)
    if (ids.length > 0) this.opts.onLibraryChanged(ids)
    return outcome
  }

  // --- incident checklists and the step runner -------------------------------------------------

  /** The checklists of an incident, with their ticks and runs. */
  forIncident(incidentId: string): IncidentChecklist {
    return this.checklists.view(incidentId)
  }

  /** One recorded run of a step, with its output. */
  output(runId: string): RunRecord {
    return this.checklists.run(runId)
  }

  /** Starts a runbook's checklist on the incident; an empty actor is nobody. */
  start(incidentId: string, runbookId: string, actor: string | null | undefined) {
    this.checklists.start(incidentId, runbookId, actor || null)
    this.opts.onChecklistChanged(incidentId)
    return this.checklists.view(incidentId)
  }

  setParameters(incidentId: string, values: Record<string, string>) {
    const out = this.checklists.setParameters(incidentId, values)
    this.opts.onChecklistChanged(incidentId)
    return out
  }

  /** A manual tick or untick, with an optional comment; an empty actor is nobody. */
  tick({ incidentId, runbookId, stepId, checked, comment, actor }: ParsedParams<'runbooks.tick'>) {
    const tick = this.checklists.tick(incidentId, runbookId, stepId, {
      checked,
      actor: actor || null,
      ...(comment ? { comment } : {}),
    })
    this.opts.onChecklistChanged(incidentId)
    if (!tick) throw new Error('a manual tick always changes the checklist')
    return tick
  }

  async run(req: RunRequest & { commandId: string }) {
    try {
      return await this.runner.run(req)
    } finally {
      this.opts.onChecklistChanged(req.incidentId)
    }
  }

  fillPreview(req: Parameters<StepRunner['fillPreview']>[0]): FillPreview {
    return this.runner.fillPreview(req)
  }

  async runSection(req: RunRequest & { sectionId: string; continueOnFailure: boolean }) {
    try {
      return await this.runner.runSection(req)
    } finally {
      this.opts.onChecklistChanged(req.incidentId)
    }
  }
}
