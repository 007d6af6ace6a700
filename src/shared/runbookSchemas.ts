// Validation at the boundary for runbooks: the library (import, list, versions), the checklist
// of an incident (start, tick, remembered parameters) and the step runner (run a command or a
// whole section on chosen targets, read the full output back). The document shapes mirror what
// the core's parser produces (src/main/core/runbooks/types.ts), written here so the renderer can
// use them without importing core.
import { z } from 'zod'
import { documentId } from './primitives'

// ---------------------------------------------------------------------------------------------
// Documents (the parsed runbook as the console shows it)

export interface RunbookWarning {
  code: string
  line: number
  message: string
}

export interface RunbookParameter {
  name: string
  syntax: string
  line: number
  options?: string[]
  /** An undeclared `$VAR`: left empty, the target's own environment supplies it. */
  fromEnvironment?: boolean
  hint?: string
  /** The value may start with `-` (declared allow-flag). */
  allowFlag?: boolean
}

/** How Sitrep judged one command of a block (read-only ones are not listed). */
export interface JudgedCommand {
  command: string
  class: 'read-only' | 'unknown' | 'state-changing'
  line: number
  reason?: string
  reasonJa?: string
}

export interface RunbookCommand {
  id: string
  language: string
  kind: 'shell' | 'sql' | 'promql' | null
  runnable: boolean
  code: string
  line: number
  attributes: {
    name?: string
    target?: string
    confirm: boolean
    extra: Record<string, string | true>
  }
  parameters: RunbookParameter[]
  danger: {
    dangerous: boolean
    reasons: string[]
    reasonsJa: string[]
    /** The block's class: its most serious command's. */
    class: 'read-only' | 'unknown' | 'state-changing'
    /** Every command that is not read-only, with its reason. */
    commands: JudgedCommand[]
    /** The shell or SQL could not be parsed (each names its line). */
    parseErrors: string[]
    /** Commands that open an interactive session: they need Type into panes. */
    sessions: { command: string; line: number; reason: string; reasonJa: string }[]
  }
  sectionId: string
  stepId?: string
  /** A block written as a terminal session: each line, whether it runs or is output shown. */
  transcript?: { role: 'command' | 'output'; text: string; line: number; prompt?: string }[]
}

export interface RunbookStep {
  id: string
  text: string
  line: number
  checked: boolean
  subLines: string[]
  commands: RunbookCommand[]
}

export type RunbookBlock =
  | { kind: 'markdown'; text: string; line: number }
  | { kind: 'step'; stepId: string }
  | { kind: 'command'; commandId: string }

export interface RunbookSection {
  id: string
  level: number
  title: string
  line: number
  path: string[]
  blocks: RunbookBlock[]
  steps: RunbookStep[]
  commands: RunbookCommand[]
  children: RunbookSection[]
}

export interface RunbookDocument {
  source: string
  digest: string
  title: string
  meta: {
    title?: string
    id?: string
    version?: string
    lang?: string
    severities: string[]
    defaultTargets: string[]
    timeBoxes: Record<string, string>
    escalation: { after?: string; when?: string; notify: string }[]
    parameters: string[]
  }
  sections: RunbookSection[]
  warnings: RunbookWarning[]
}

// ---------------------------------------------------------------------------------------------
// Library

export interface RunbookSummary {
  /** `<lang>/<slug>`: one runbook across its versions. */
  id: string
  slug: string
  lang: 'en' | 'ja'
  version: number
  title: string
  /** File name or label it was imported from. */
  source: string
  /** The file this version was read from (null for pasted text and versions before it was kept). */
  path: string | null
  /** SHA-256 (hex) of the bytes imported; null for versions imported before it was kept. */
  sha256: string | null
  hash: string
  importedAt: number
  builtin: boolean
  warnings: RunbookWarning[]
  steps: number
}

export interface RunbookDetail {
  summary: RunbookSummary
  document: RunbookDocument
}

export type ImportStatus = 'new' | 'changed' | 'unchanged'

export interface ImportConflict {
  id: string
  /** Every file of this import that would have taken the id (one when a stored one holds it). */
  sources: string[]
  message: string
}

export interface ImportOutcome {
  imported: { summary: RunbookSummary; created: boolean; status: ImportStatus }[]
  /** Ids by what the import did to them, in import order. */
  new: string[]
  changed: string[]
  unchanged: string[]
  /** Ids two files would have shared: none of those files was saved. */
  conflicts: ImportConflict[]
  /** Files that are not runbooks at all (binary, too big, unreadable); nothing of them saved. */
  failed: { source: string; message: string }[]
}

// ---------------------------------------------------------------------------------------------
// Checklist of an incident

export interface StepTick {
  stepId: string
  checked: boolean
  at: number
  by: string | null
  comment: string | null
  auto: boolean
}

export interface IncidentRunbook {
  summary: RunbookSummary
  document: RunbookDocument
  startedAt: number
  startedBy: string | null
  ticks: Record<string, StepTick>
  /** Latest run per command id, for the results shown under it. */
  lastRuns: Record<string, RunRecord>
  /** Newer version imported since this incident started (the incident keeps its own). */
  newerVersion: number | null
}

export interface IncidentChecklist {
  incidentId: string
  /** Values filled in for placeholders, shared by every runbook of the incident. */
  parameters: Record<string, string>
  runbooks: IncidentRunbook[]
}

// ---------------------------------------------------------------------------------------------
// Runs

export type RunTargetRef =
  | { kind: 'ssh'; targetId: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'local' }
  | { kind: 'pane'; sessionId: string }
  /** A saved kubectl context: the command runs here with that context and namespace. */
  | { kind: 'kubectl'; targetId: string }
  /** A saved PostgreSQL database: SQL goes to it; shell runs here with its PG* settings. */
  | { kind: 'psql'; targetId: string }
  /** A saved AWS profile: the command runs here with AWS_PROFILE and the region set. */
  | { kind: 'aws'; targetId: string }

export interface TargetResult {
  /** Name shown to the responder (target name, 'local', or the pane's title). */
  name: string
  kind: 'ssh' | 'local' | 'pane' | 'kubectl' | 'psql' | 'aws'
  ref: string
  production: boolean
  stdout: string
  stderr: string
  exitCode: number | null
  signal: string | null
  durationMs: number
  truncated: boolean
  /** Output shortened for a list view; runbooks.output returns all of it. */
  clipped: boolean
  /** Why it did not run or did not finish (connection refused, timeout…). */
  error: string | null
  /** SSH: the host's login shell took this long to start (rc files), when that was slow. */
  shellStartupMs?: number
}

export interface RunRecord {
  id: string
  incidentId: string
  runbookId: string
  version: number
  commandId: string
  stepId: string | null
  sectionId: string
  /** The command as it ran, placeholders filled. */
  command: string
  mode: 'captured' | 'pane'
  startedAt: number
  dangerous: boolean
  confirmedBy: string | null
  eventUid: string | null
  ok: boolean
  targets: TargetResult[]
}

/** A command with the incident's values filled in, before it runs (runbooks.fillPreview). */
export interface FillPreview {
  /** The text that would run, or null while values are missing or refused. */
  text: string | null
  missing: string[]
  /** Why the values cannot be filled in (they would become syntax, a flag, a control). */
  error: string | null
}

export interface SectionRunOutcome {
  runs: RunRecord[]
  /** The command whose failure stopped the run, or null when every command ran. */
  stoppedAt: string | null
  skipped: string[]
}

// ---------------------------------------------------------------------------------------------
// Schemas

// Runbook ids are path-derived (documentId); the incident, target and session ids in these
// calls are well under the same limit.
const id = documentId
const actor = z.string().trim().max(100).optional()
const path = z.string().min(1).max(4096)
const paramValues = z.record(z.string().min(1).max(100), z.string().max(10_000))

const runTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ssh'), targetId: id }),
  z.strictObject({ kind: z.literal('tag'), tag: z.string().trim().min(1).max(40) }),
  z.strictObject({ kind: z.literal('local') }),
  z.strictObject({ kind: z.literal('pane'), sessionId: id }),
  z.strictObject({ kind: z.literal('kubectl'), targetId: id }),
  z.strictObject({ kind: z.literal('psql'), targetId: id }),
  z.strictObject({ kind: z.literal('aws'), targetId: id }),
])

/** The responder's explicit yes: who, and the name of every target they saw in the dialog. */
const confirmation = z.strictObject({
  by: z.string().trim().min(1).max(100),
  targets: z.array(z.string().min(1).max(200)).min(1).max(200),
})
export type RunConfirmation = z.infer<typeof confirmation>

const runCommon = {
  incidentId: id,
  runbookId: id,
  targets: z.array(runTarget).min(1).max(100),
  mode: z.enum(['captured', 'pane']).default('captured'),
  /** Values to remember for this incident before running (same as runbooks.setParameters). */
  values: paramValues.optional(),
  confirmation: confirmation.optional(),
  timeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(30 * 60_000)
    .optional(),
  actor,
}

export const runbookParamSchemas = {
  'runbooks.list': z.strictObject({ lang: z.enum(['en', 'ja']).optional() }),
  'runbooks.get': z.strictObject({ runbookId: id, version: z.number().int().min(1).optional() }),
  'runbooks.importFile': z.strictObject({ path }),
  'runbooks.importFolder': z.strictObject({ path }),
  'runbooks.importText': z.strictObject({
    text: z.string().max(2_000_000),
    source: z.string().trim().min(1).max(300),
  }),
  /**
   * A folder read in the page (a browser cannot hand main a path): each file with its path as
   * picked, the folder's own name first (`ops/db/README.md`). Ids are the path after it.
   */
  'runbooks.importFiles': z.strictObject({
    files: z
      .array(
        z.strictObject({
          path: z.string().trim().min(1).max(1000),
          text: z.string().max(2_000_000),
        }),
      )
      .min(1)
      .max(2000),
  }),
  'runbooks.startForIncident': z.strictObject({ incidentId: id, runbookId: id, actor }),
  'runbooks.forIncident': z.strictObject({ incidentId: id }),
  'runbooks.setParameters': z.strictObject({ incidentId: id, values: paramValues }),
  'runbooks.run': z.strictObject({ ...runCommon, commandId: id }),
  'runbooks.fillPreview': z.strictObject({
    incidentId: id,
    runbookId: id,
    commandId: id,
    /** Typed but not saved yet; they win over the remembered ones. Nothing is saved. */
    values: paramValues.optional(),
  }),
  'runbooks.runSection': z.strictObject({
    ...runCommon,
    sectionId: id,
    continueOnFailure: z.boolean().default(false),
  }),
  'runbooks.tick': z.strictObject({
    incidentId: id,
    runbookId: id,
    stepId: id,
    checked: z.boolean(),
    comment: z.string().max(10_000).optional(),
    actor,
  }),
  'runbooks.output': z.strictObject({ runId: id }),
} as const satisfies { [M in keyof RunbookMethodResults]: z.ZodType }

export interface RunbookMethodResults {
  /** Latest version of every runbook, built-ins included. */
  'runbooks.list': RunbookSummary[]
  'runbooks.get': RunbookDetail
  'runbooks.importFile': ImportOutcome
  'runbooks.importFolder': ImportOutcome
  'runbooks.importText': ImportOutcome
  'runbooks.importFiles': ImportOutcome
  'runbooks.startForIncident': IncidentChecklist
  'runbooks.forIncident': IncidentChecklist
  'runbooks.setParameters': Record<string, string>
  /** Refused with `confirmation_required` for dangerous commands or production targets. */
  'runbooks.run': RunRecord
  'runbooks.fillPreview': FillPreview
  'runbooks.runSection': SectionRunOutcome
  'runbooks.tick': StepTick
  'runbooks.output': RunRecord
}

export interface RunbookEventPayloads {
  /** The library changed (import, new version, built-ins loaded). */
  'runbooks.changed': { ids: string[] }
  /** An incident's checklist changed: started runbook, tick, run or parameters. */
  'checklist.changed': { incidentId: string }
}

export const runbookEventNames: (keyof RunbookEventPayloads)[] = [
  'runbooks.changed',
  'checklist.changed',
]
