// What Sitrep concludes about one simple command (or SQL statement) of a runbook block: it only
// reads, it changes state (and why, in the responder's languages), or Sitrep cannot tell.
// Unknown is never treated as harmless: on production it asks like a state-changing command.

export type CommandClass = 'read-only' | 'unknown' | 'state-changing'

/** Higher is more serious; a block is as serious as its most serious command. */
export const CLASS_RANK: Record<CommandClass, number> = {
  'read-only': 0,
  unknown: 1,
  'state-changing': 2,
}

export interface Reason {
  en: string
  ja: string
}

export interface CommandVerdict {
  class: CommandClass
  /** The command as written (its words), for the confirmation dialog. */
  command: string
  /** Why it changes state, or why Sitrep cannot tell; absent for read-only. */
  reason?: Reason
  /** 1-based line within the block. */
  line: number
}

/** A command that opens an interactive session: captured runs would wait for input. */
export interface SessionOpener {
  command: string
  line: number
  reason: Reason
}

export function worst(classes: Iterable<CommandClass>): CommandClass {
  let out: CommandClass = 'read-only'
  for (const c of classes) if (CLASS_RANK[c] > CLASS_RANK[out]) out = c
  return out
}

// What a block's commands amount to. Here, beside the verdicts it is made of, so that types.ts
// (the parsed runbook) and dangerous.ts (the judge) do not import each other.
export interface JudgedCommand {
  command: string
  class: CommandClass
  /** 1-based line within the block. */
  line: number
  reason?: string
  reasonJa?: string
}

export interface SessionCommand {
  command: string
  line: number
  reason: string
  reasonJa: string
}

export interface DangerAssessment {
  /** Asks everywhere: a state-changing command, or text that could not be parsed. */
  dangerous: boolean
  /** Distinct reasons of the state-changing and unknown commands. */
  reasons: string[]
  reasonsJa: string[]
  /** The block's class: its most serious command's. */
  class: CommandClass
  /** Every command that is not read-only, with its reason (the confirmation dialog lists them). */
  commands: JudgedCommand[]
  /** Parse errors, each naming its line: shown as warnings. */
  parseErrors: string[]
  /** Commands that open an interactive session: they need *Type into panes*. */
  sessions: SessionCommand[]
}
