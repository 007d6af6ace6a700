// The checklist of an incident: which runbooks (at which version) it follows, what is ticked,
// the placeholder values filled in, and the runs with their full output. Every change writes its
// timeline event and its row in one transaction.
import type { JsonObject } from '../../../shared/contract'
import type {
  IncidentChecklist,
  IncidentRunbook,
  RunRecord,
  StepTick,
} from '../../../shared/runbookSchemas'
import { InvalidParamsError, NotFoundError } from '../errors'
import type { Store } from '../store/store'
import type { RunbookLibrary } from './library'
import type { Runbook } from './types'
import { allSteps } from './walk'

interface TickRow {
  step_id: string
  checked: number
  changed_at: number
  changed_by: string | null
  comment: string | null
}

/** Auto ticks keep the run that earned them in the comment column: `auto:<runId>`. */
const AUTO = 'auto:'
/** Output shown per target in list views; runbooks.output returns all of it. */
const LIST_OUTPUT_CHARS = 16_000
const MAX_PARAMETERS = 200

export interface Started {
  runbookId: string
  version: number
}

export interface IncidentChecklistsOptions {
  store: Store
  library: RunbookLibrary
  now: () => number
}

export class IncidentChecklists {
  private readonly store: Store
  private readonly library: RunbookLibrary
  private readonly now: () => number

  constructor(opts: IncidentChecklistsOptions) {
    this.store = opts.store
    this.library = opts.library
    this.now = opts.now
  }

  /** Starting again is harmless: the incident keeps the version it first started with. */
  start(incidentId: string, runbookId: string, actor: string | null): void {
    const summary = this.library.get(runbookId).summary
    const db = this.store.db
    this.store.timeline.transaction(() => {
      const exists = db
        .prepare('SELECT 1 FROM incident_runbooks WHERE incident_id = ? AND runbook_id = ?')
        .get(incidentId, runbookId)
      if (exists) return
      // The event first: it checks that the incident exists before the row refers to it.
      this.store.timeline.append(incidentId, {
        kind: 'runbook.started',
        actor,
        payload: {
          runbookId,
          version: summary.version,
          title: summary.title,
          hash: summary.hash,
        },
      })
      db.prepare(
        `INSERT INTO incident_runbooks (incident_id, runbook_id, version, started_at, started_by)
         VALUES (?, ?, ?, ?, ?)`,
      ).run(incidentId, runbookId, summary.version, this.now(), actor)
    })
  }

  /** The version an incident follows, or a not_found error saying to start it first. */
  started(incidentId: string, runbookId: string): Started & { document: Runbook } {
    const row = this.store.db
      .prepare('SELECT version FROM incident_runbooks WHERE incident_id = ? AND runbook_id = ?')
      .get(incidentId, runbookId) as { version: number } | undefined
    if (!row) {
      throw new InvalidParamsError(
        `The runbook ${runbookId} is not started for this incident. Start it from the checklist first.`,
      )
    }
    return {
      runbookId,
      version: row.version,
      document: this.library.document(runbookId, row.version),
    }
  }

  view(incidentId: string): IncidentChecklist {
    const db = this.store.db
    if (!db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(incidentId)) {
      throw new NotFoundError(`Incident ${incidentId}`)
    }
    const rows = db
      .prepare(
        `SELECT runbook_id, version, started_at, started_by FROM incident_runbooks
         WHERE incident_id = ? ORDER BY started_at, runbook_id`,
      )
      .all(incidentId) as {
      runbook_id: string
      version: number
      started_at: number
      started_by: string | null
    }[]
    const runbooks: IncidentRunbook[] = rows.map((r) => {
      const detail = this.library.get(r.runbook_id, r.version)
      const latest = this.library.latestVersion(r.runbook_id) ?? r.version
      return {
        summary: detail.summary,
        document: detail.document,
        startedAt: r.started_at,
        startedBy: r.started_by,
        ticks: this.ticks(incidentId, r.runbook_id),
        lastRuns: this.lastRuns(incidentId, r.runbook_id),
        newerVersion: latest > r.version ? latest : null,
      }
    })
    return { incidentId, parameters: this.parameters(incidentId), runbooks }
  }

  parameters(incidentId: string): Record<string, string> {
    const rows = this.store.db
      .prepare('SELECT name, value FROM incident_parameters WHERE incident_id = ? ORDER BY name')
      .all(incidentId) as { name: string; value: string }[]
    return Object.fromEntries(rows.map((r) => [r.name, r.value]))
  }

  /** Remembers values; an empty string forgets one. Returns every remembered value. */
  setParameters(incidentId: string, values: Record<string, string>): Record<string, string> {
    const db = this.store.db
    if (!db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(incidentId)) {
      throw new NotFoundError(`Incident ${incidentId}`)
    }
    const upsert = db.prepare(
      `INSERT INTO incident_parameters (incident_id, name, value, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (incident_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    )
    const remove = db.prepare('DELETE FROM incident_parameters WHERE incident_id = ? AND name = ?')
    db.transaction(() => {
      for (const [name, value] of Object.entries(values)) {
        if (value === '') remove.run(incidentId, name)
        else upsert.run(incidentId, name, value, this.now())
      }
      const n = db
        .prepare('SELECT count(*) AS n FROM incident_parameters WHERE incident_id = ?')
        .get(incidentId) as { n: number }
      if (n.n > MAX_PARAMETERS) {
        throw new InvalidParamsError(
          `An incident remembers at most ${MAX_PARAMETERS} parameter values; clear some first.`,
        )
      }
    })()
    return this.parameters(incidentId)
  }

  ticks(incidentId: string, runbookId: string): Record<string, StepTick> {
    const rows = this.store.db
      .prepare(
        `SELECT step_id, checked, changed_at, changed_by, comment FROM checklist_state
         WHERE incident_id = ? AND runbook_id = ?`,
      )
      .all(incidentId, runbookId) as TickRow[]
    return Object.fromEntries(rows.map((r) => [r.step_id, tickOf(r)]))
  }

  /**
   * Ticks or unticks a step by hand, or automatically after a run (`autoRunId`). An automatic
   * tick never overrides what a responder did by hand: it only ticks an unticked step.
   */
  tick(
    incidentId: string,
    runbookId: string,
    stepId: string,
    change: { checked: boolean; comment?: string; actor: string | null; autoRunId?: string },
  ): StepTick | null {
    const { document, version } = this.started(incidentId, runbookId)
    const step = allSteps(document).find((s) => s.id === stepId)
    if (!step) {
      throw new NotFoundError(`The step ${stepId} in version ${version} of ${runbookId}`)
    }
    const db = this.store.db
    return this.store.timeline.transaction(() => {
      const current = db
        .prepare(
          `SELECT step_id, checked, changed_at, changed_by, comment FROM checklist_state
           WHERE incident_id = ? AND runbook_id = ? AND step_id = ?`,
        )
        .get(incidentId, runbookId, stepId) as TickRow | undefined
      if (change.autoRunId && current) return null
      const comment = change.autoRunId ? `${AUTO}${change.autoRunId}` : (change.comment ?? null)
      const payload: JsonObject = {
        runbookId,
        version,
        stepId,
        step: step.text,
        auto: Boolean(change.autoRunId),
      }
      if (change.autoRunId) payload.runId = change.autoRunId
      else if (change.comment) payload.comment = change.comment
      const event = this.store.timeline.append(incidentId, {
        kind: change.checked ? 'checklist.ticked' : 'checklist.unticked',
        actor: change.actor,
        payload,
      })
      db.prepare(
        `INSERT INTO checklist_state (incident_id, runbook_id, step_id, checked, changed_at, changed_by, comment)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (incident_id, runbook_id, step_id) DO UPDATE SET checked = excluded.checked,
           changed_at = excluded.changed_at, changed_by = excluded.changed_by, comment = excluded.comment`,
      ).run(incidentId, runbookId, stepId, change.checked ? 1 : 0, event.at, change.actor, comment)
      return tickOf({
        step_id: stepId,
        checked: change.checked ? 1 : 0,
        changed_at: event.at,
        changed_by: change.actor,
        comment,
      })
    })
  }

  /** Stores a run's full output; called inside the transaction that appends command.ran. */
  saveRun(run: RunRecord): void {
    this.store.db
      .prepare(
        `INSERT INTO runbook_runs (id, incident_id, runbook_id, version, command_id, started_at, record)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        run.id,
        run.incidentId,
        run.runbookId,
        run.version,
        run.commandId,
        run.startedAt,
        JSON.stringify(run),
      )
  }

  run(runId: string): RunRecord {
    const row = this.store.db.prepare('SELECT record FROM runbook_runs WHERE id = ?').get(runId) as
      { record: string } | undefined
    if (!row) throw new NotFoundError(`The run ${runId}`)
    return JSON.parse(row.record) as RunRecord
  }

  private lastRuns(incidentId: string, runbookId: string): Record<string, RunRecord> {
    const rows = this.store.db
      .prepare(
        `SELECT r.record FROM runbook_runs r
         WHERE r.incident_id = ? AND r.runbook_id = ? AND r.rowid = (
           SELECT rowid FROM runbook_runs WHERE incident_id = r.incident_id
             AND runbook_id = r.runbook_id AND command_id = r.command_id
           ORDER BY started_at DESC, rowid DESC LIMIT 1)`,
      )
      .all(incidentId, runbookId) as { record: string }[]
    const out: Record<string, RunRecord> = {}
    for (const { record } of rows) {
      const run = JSON.parse(record) as RunRecord
      out[run.commandId] = clipRun(run)
    }
    return out
  }
}

function tickOf(r: TickRow): StepTick {
  const auto = r.comment?.startsWith(AUTO) ?? false
  return {
    stepId: r.step_id,
    checked: r.checked === 1,
    at: r.changed_at,
    by: r.changed_by,
    comment: auto ? null : r.comment,
    auto,
  }
}

function clipRun(run: RunRecord): RunRecord {
  return {
    ...run,
    targets: run.targets.map((t) => {
      const clipped = t.stdout.length > LIST_OUTPUT_CHARS || t.stderr.length > LIST_OUTPUT_CHARS
      return clipped
        ? {
            ...t,
            stdout: t.stdout.slice(0, LIST_OUTPUT_CHARS),
            stderr: t.stderr.slice(0, LIST_OUTPUT_CHARS),
            clipped,
          }
        : t
    }),
  }
}
