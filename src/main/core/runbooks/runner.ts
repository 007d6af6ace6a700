// The step runner: fills a command's placeholders with the incident's remembered values, checks
// the confirmation rule, runs it on every target at once (SSH exec, this machine, or typed into
// open panes), and records the run: full output in runbook_runs, a command.ran event with
// excerpts on the timeline, and an automatic tick when every target exited 0.
import { randomUUID } from 'node:crypto'
import type { JsonObject } from '../../../shared/contract'
import type {
  FillPreview,
  RunConfirmation,
  RunRecord,
  RunTargetRef,
  SectionRunOutcome,
  TargetResult,
} from '../../../shared/runbookSchemas'
import { awsTargetEnv } from '../aws/domain'
import { NotFoundError, SitrepError } from '../errors'
import type { Store } from '../store/store'
import type { IncidentChecklists } from './checklist'
import { ServiceTargets, startsReadOnly } from '../targets/serviceTargets'
import {
  capturedSqlCommand,
  kubectlSpawn,
  psqlSpawn,
  type ExecOptions,
  type ExecResult,
  type TunnelOpener,
} from '../sessions/domain'
import { classifyCommand, type DangerAssessment } from './dangerous'
import { MissingParametersError, NotRunnableError, SessionCommandError } from './errors'
import { execLocal } from './localExec'
import { fillPlaceholders } from './placeholders'
import { worst } from './verdict'
import {
  checkConfirmation,
  type DangerFacts,
  resolveTargets,
  type PaneLookup,
  type ResolvedTarget,
} from './runTargets'
import type { Command, Runbook } from './types'
import { allCommands, allSections } from './walk'

export interface SshExec {
  exec(targetId: string, command: string, opts?: ExecOptions): Promise<ExecResult>
  /** For a database reached through an SSH host. */
  tunnel?: TunnelOpener
}

export interface RunnerDeps {
  store: Store
  checklists: IncidentChecklists
  ssh: () => SshExec
  panes: PaneLookup & { write(sessionId: string, text: string): void }
  now: () => number
}

export interface RunRequest {
  incidentId: string
  runbookId: string
  targets: RunTargetRef[]
  mode: 'captured' | 'pane'
  values?: Record<string, string> | undefined
  confirmation?: RunConfirmation | undefined
  timeoutMs?: number | undefined
  actor?: string | undefined
}

export const EXCERPT_BYTES = 2048

/** A command ready to run: its text filled in and its danger judged on that text. */
interface Prepared {
  command: Command
  text: string
  stdin: string | undefined
  danger: DangerAssessment
}

/** What the confirmation rule needs to know about the commands about to run. */
function facts(prepared: Prepared[]): DangerFacts {
  return {
    class: worst(prepared.map((p) => p.danger.class)),
    parseError: prepared.some((p) => p.danger.parseErrors.length > 0),
    commands: prepared.flatMap((p) => p.danger.commands),
    authorConfirm: prepared.some((p) => p.command.attributes.confirm),
  }
}

export class StepRunner {
  constructor(private readonly deps: RunnerDeps) {}

  async run(req: RunRequest & { commandId: string }): Promise<RunRecord> {
    const { document, version } = this.begin(req)
    const command = allCommands(document).find((c) => c.id === req.commandId)
    if (!command) throw new NotFoundError(`The command ${req.commandId} in ${req.runbookId}`)
    const targets = resolveTargets(req.targets, req.mode, this.deps.store, this.deps.panes)
    const prepared = this.prepare(command, req)
    const confirmedBy = checkConfirmation(facts([prepared]), targets, req.confirmation)
    return this.execute(req, version, prepared, targets, confirmedBy)
  }

  /**
   * Runs every runnable command of a section (its own and its steps', in file order) on the
   * same targets, one after another; stops at the first failure unless told to go on. Every
   * check (placeholders, confirmation) is made before the first command runs.
   */
  async runSection(
    req: RunRequest & { sectionId: string; continueOnFailure: boolean },
  ): Promise<SectionRunOutcome> {
    const { document, version } = this.begin(req)
    const section = allSections(document).find((s) => s.id === req.sectionId)
    if (!section) throw new NotFoundError(`The section ${req.sectionId} in ${req.runbookId}`)
    const commands = [...section.commands, ...section.steps.flatMap((s) => s.commands)].sort(
      (a, b) => a.line - b.line,
    )
    const runnable = commands.filter((c) => c.runnable && c.kind !== 'promql')
    if (runnable.length === 0) {
      throw new NotRunnableError(`The section "${section.title}" has no command to run.`)
    }
    const targets = resolveTargets(req.targets, req.mode, this.deps.store, this.deps.panes)
    const prepared = runnable.map((c) => this.prepare(c, req))
    const confirmedBy = checkConfirmation(facts(prepared), targets, req.confirmation)
    const runs: RunRecord[] = []
    let stoppedAt: string | null = null
    for (const p of prepared) {
      const run = await this.execute(req, version, p, targets, confirmedBy)
      runs.push(run)
      if (!run.ok && !req.continueOnFailure) {
        stoppedAt = p.command.id
        break
      }
    }
    const ran = new Set(runs.map((r) => r.commandId))
    const skipped = commands.filter((c) => !ran.has(c.id)).map((c) => c.id)
    return { runs, stoppedAt, skipped }
  }

  /**
   * The command exactly as it would run with the values remembered for the incident and those
   * typed but not saved yet (`values`), or what is still missing, or why the values are refused
   * (a leading '-', a control character, a placeholder where SQL cannot take a value). Nothing
   * is saved and nothing runs: the step shows it next to its Run button.
   */
  fillPreview(req: {
    incidentId: string
    runbookId: string
    commandId: string
    values?: Record<string, string> | undefined
  }): FillPreview {
    const { document } = this.deps.checklists.started(req.incidentId, req.runbookId)
    const command = allCommands(document).find((c) => c.id === req.commandId)
    if (!command) throw new NotFoundError(`The command ${req.commandId} in ${req.runbookId}`)
    const values = { ...this.deps.checklists.parameters(req.incidentId) }
    for (const [k, v] of Object.entries(req.values ?? {})) if (v !== '') values[k] = v
    const missing = command.parameters.map((p) => p.name).filter((n) => !values[n])
    if (missing.length > 0) return { text: null, missing, error: null }
    try {
      return {
        text: fillPlaceholders({ ...command, firstLine: command.line + 1 }, values),
        missing: [],
        error: null,
      }
    } catch (err) {
      if (err instanceof MissingParametersError)
        return { text: null, missing: err.missing, error: null }
      return { text: null, missing: [], error: err instanceof Error ? err.message : String(err) }
    }
  }

  private begin(req: RunRequest): { document: Runbook; version: number } {
    const started = this.deps.checklists.started(req.incidentId, req.runbookId)
    if (req.values && Object.keys(req.values).length > 0) {
      this.deps.checklists.setParameters(req.incidentId, req.values)
    }
    return started
  }

  private prepare(command: Command, req: RunRequest): Prepared {
    if (!command.runnable) {
      throw new NotRunnableError(
        `The block on line ${command.line} is shown, not run (${command.language || 'no language'}).`,
      )
    }
    if (command.kind === 'promql') {
      throw new NotRunnableError(
        `The block on line ${command.line} is a PromQL query; run it in the Metrics panel.`,
      )
    }
    const values = this.deps.checklists.parameters(req.incidentId)
    const filled = fillPlaceholders({ ...command, firstLine: command.line + 1 }, values)
    // Judged again on the text that runs: the values are part of what it does.
    const danger = classifyCommand(filled, command.kind)
    // A captured run has no keyboard: `psql`, `oc rsh POD`, `ssh host` would wait for input until
    // the timeout. Say so before anything connects.
    const opener = danger.sessions[0]
    if (req.mode === 'captured' && opener) {
      throw new SessionCommandError(command.line + opener.line, opener.command, opener.reason)
    }
    // SQL goes to psql on the target through stdin: no quoting of the statement can go wrong.
    const sql = command.kind === 'sql' && req.mode === 'captured'
    return { command, text: filled, stdin: sql ? filled : undefined, danger }
  }

  private async execute(
    req: RunRequest,
    version: number,
    p: Prepared,
    targets: ResolvedTarget[],
    confirmedBy: string | null,
  ): Promise<RunRecord> {
    const startedAt = this.deps.now()
    // SQL on a host's own psql: read-only on production, as a psql target's sessions are. A psql
    // target gets its own setting (readOnly production/always/never) through psqlSpawn's env.
    const shellText = (t: ResolvedTarget): string =>
      p.stdin !== undefined ? capturedSqlCommand(t.kind !== 'psql' && t.production) : p.text
    const results = await Promise.all(
      targets.map((t) => this.runOn(t, shellText(t), p, req.mode, req.timeoutMs)),
    )
    const ok = results.every((r) => (req.mode === 'pane' ? r.error === null : r.exitCode === 0))
    const run: RunRecord = {
      id: randomUUID(),
      incidentId: req.incidentId,
      runbookId: req.runbookId,
      version,
      commandId: p.command.id,
      stepId: p.command.stepId ?? null,
      sectionId: p.command.sectionId,
      command: p.text,
      mode: req.mode,
      startedAt,
      dangerous: p.danger.class !== 'read-only',
      confirmedBy,
      eventUid: null,
      ok,
      targets: results,
    }
    const store = this.deps.store
    store.timeline.transaction(() => {
      const event = store.timeline.append(req.incidentId, {
        kind: 'command.ran',
        at: startedAt,
        actor: req.actor ?? null,
        payload: ranPayload(run),
      })
      run.eventUid = event.uid
      this.deps.checklists.saveRun(run)
    })
    // Captured runs only: text typed into a pane has no exit code to judge by.
    if (ok && req.mode === 'captured' && run.stepId) {
      this.deps.checklists.tick(req.incidentId, req.runbookId, run.stepId, {
        checked: true,
        actor: req.actor ?? null,
        autoRunId: run.id,
      })
    }
    return run
  }

  /**
   * A kubectl context or a database target runs on this machine: kubectl with the target's
   * context and namespace as defaults (the sessions' overlay kubeconfig), psql with its PG*
   * connection (read-only on production when the target says so) and the password only in
   * the child's environment.
   */
  private async onService(t: ResolvedTarget, text: string, opts: ExecOptions): Promise<ExecResult> {
    const { store } = this.deps
    const services = new ServiceTargets(store)
    if (t.kind === 'kubectl') {
      const spawn = kubectlSpawn(services.kubectl(t.ref), { mode: 'shell' })
      try {
        return await execLocal(text, opts, spawn.env)
      } finally {
        spawn.cleanup()
      }
    }
    const ssh = this.deps.ssh()
    const target = services.psql(t.ref)
    const tunnel: TunnelOpener = (id, host, port) =>
      ssh.tunnel
        ? ssh.tunnel(id, host, port)
        : Promise.reject(new Error('SSH tunnels are not available to the runner'))
    const spawn = await psqlSpawn(target, services.psqlPassword(target.id), {
      readOnly: startsReadOnly(target),
      tunnel,
    })
    try {
      return await execLocal(text, opts, spawn.env)
    } finally {
      spawn.cleanup()
    }
  }

  private async runOn(
    t: ResolvedTarget,
    text: string,
    p: Prepared,
    mode: 'captured' | 'pane',
    timeoutMs: number | undefined,
  ): Promise<TargetResult> {
    const base = { name: t.name, kind: t.kind, ref: t.ref, production: t.production }
    const empty = {
      stdout: '',
      stderr: '',
      exitCode: null,
      signal: null,
      durationMs: 0,
      truncated: false,
      clipped: false,
    }
    const opts: ExecOptions = {}
    if (timeoutMs !== undefined) opts.timeoutMs = timeoutMs
    if (p.stdin !== undefined) opts.stdin = p.stdin
    try {
      if (mode === 'pane') {
        // Typed as if by the responder; a multi-line block goes in line by line.
        this.deps.panes.write(t.ref, `${p.text.replace(/\r?\n/g, '\r')}\r`)
        return { ...base, ...empty, error: null }
      }
      const r =
        t.kind === 'local'
          ? await execLocal(text, opts)
          : t.kind === 'aws'
            ? await execLocal(text, opts, awsTargetEnv(this.deps.store, t.ref))
            : t.kind === 'kubectl' || t.kind === 'psql'
              ? await this.onService(t, text, opts)
              : await this.deps.ssh().exec(t.ref, text, opts)
      return { ...base, ...r, clipped: false, error: null }
    } catch (err) {
      const partial = (err as { partial?: ExecResult }).partial
      const message =
        err instanceof SitrepError ? err.message : `Unexpected error: ${(err as Error).message}`
      return { ...base, ...empty, ...(partial ?? {}), clipped: false, error: message }
    }
  }
}

/** What goes on the timeline: excerpts only (≤ 2 KB per target); the run id links the rest. */
function ranPayload(run: RunRecord): JsonObject {
  return {
    runId: run.id,
    runbookId: run.runbookId,
    version: run.version,
    stepId: run.stepId,
    commandId: run.commandId,
    command: run.command,
    mode: run.mode,
    dangerous: run.dangerous,
    confirmedBy: run.confirmedBy,
    ok: run.ok,
    targets: run.targets.map((t) => ({
      name: t.name,
      exitCode: t.exitCode,
      durationMs: t.durationMs,
      output: excerpt(t),
      error: t.error,
    })),
  }
}

export function excerpt(t: Pick<TargetResult, 'stdout' | 'stderr'>): string {
  const text = t.stderr.trim() === '' ? t.stdout : `${t.stdout}\n[stderr]\n${t.stderr}`
  const bytes = Buffer.from(text, 'utf8')
  if (bytes.length <= EXCERPT_BYTES) return text
  // Cut on a character boundary: a half UTF-8 sequence would decode to U+FFFD.
  return bytes
    .subarray(0, EXCERPT_BYTES - 3)
    .toString('utf8')
    .replace(/\uFFFD+$/, '')
    .concat('…')
}
