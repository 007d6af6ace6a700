// The shape of a parsed runbook: what the console shows and what the step runner runs.
import type { DangerAssessment } from './verdict'

/** Something the author should fix; the runbook still imports. Lines are 1-based in the file. */
export interface RunbookWarning {
  code:
    | 'unclosed_fence'
    | 'front_matter'
    | 'front_matter_unknown_key'
    | 'duplicate_id'
    | 'no_headings'
    | 'empty_command'
    | 'nothing_to_run'
  line: number
  message: string
}

/** How a placeholder was written; decides how it is found again when filling in values. */
export type PlaceholderSyntax =
  | 'square'
  | 'choice'
  | 'flag'
  | 'angle'
  | 'mustache'
  | 'dollar'
  /** Undeclared `$VAR` the block never sets: defaults to the target's environment. */
  | 'env'

export interface Parameter {
  name: string
  syntax: PlaceholderSyntax
  /** File line of its first appearance in the command. */
  line: number
  /** For `[A|B|C]`: the values the responder picks from. */
  options?: string[]
  /** An undeclared `$VAR`: left empty, the target's own environment supplies it. */
  fromEnvironment?: boolean
  /** Shown under the field (why it may stay empty). */
  hint?: string
  /** The runbook declares that this value may start with `-` (an option, on purpose). */
  allowFlag?: boolean
}

/** What a fenced block can be run as; null means shown only (templates, Python, YAML…). */
export type CommandKind = 'shell' | 'sql' | 'promql'

export interface CommandAttributes {
  name?: string
  target?: string
  confirm: boolean
  /** Attributes Sitrep does not know yet, kept so nothing the author wrote is lost. */
  extra: Record<string, string | true>
}

export interface Command {
  id: string
  /** Language as written in the info string ('' when none). */
  language: string
  kind: CommandKind | null
  runnable: boolean
  code: string
  /** Line of the opening fence. */
  line: number
  attributes: CommandAttributes
  parameters: Parameter[]
  danger: DangerAssessment
  sectionId: string
  stepId?: string
  /**
   * A block written as a terminal session (`$ cmd` and its output): every line as written, its
   * role and file line. `code` then holds only the commands, prompts removed.
   */
  transcript?: CommandTranscriptLine[]
}

export interface CommandTranscriptLine {
  role: 'command' | 'output'
  text: string
  line: number
  /** The prompt written before a command (`$`, `%`, `#`); absent on its continuation lines. */
  prompt?: string
}

export interface Step {
  id: string
  text: string
  line: number
  checked: boolean
  /** Nested list items and continuation lines under the item, as written (indent removed). */
  subLines: string[]
  commands: Command[]
}

/** Ordered content of a section, so the console can show it as the author laid it out. */
export type SectionBlock =
  | { kind: 'markdown'; text: string; line: number }
  | { kind: 'step'; stepId: string }
  | { kind: 'command'; commandId: string }

export interface Section {
  id: string
  /** 1–6 for headings; 0 for the implicit section of text before any heading. */
  level: number
  title: string
  line: number
  path: string[]
  blocks: SectionBlock[]
  steps: Step[]
  /** Commands standing in the section itself, not under a step. */
  commands: Command[]
  children: Section[]
}

export interface EscalationRule {
  after?: string
  when?: string
  notify: string
}

export interface RunbookMeta {
  title?: string
  id?: string
  version?: string
  /** 'en' or 'ja' when the front matter says so. */
  lang?: 'en' | 'ja'
  severities: string[]
  defaultTargets: string[]
  /** Phase title → time box such as '15m'. */
  timeBoxes: Record<string, string>
  escalation: EscalationRule[]
  /** Names declared as parameters: turns `${NAME}` into a placeholder. */
  parameters: string[]
  /**
   * Declared parameters whose value may start with `-` (`allow-flag: true` on the front
   * matter's parameter): an option on purpose, not refused when filled.
   */
  allowFlag?: string[]
}

export interface Runbook {
  source: string
  /** Hash of the text as imported: an incident records it to keep the version it started with. */
  digest: string
  title: string
  meta: RunbookMeta
  sections: Section[]
  warnings: RunbookWarning[]
}
