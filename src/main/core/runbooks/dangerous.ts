// Judges a runbook block command by command: read-only, state-changing (with a reason in English
// and Japanese) or unknown, from bash's own AST (tree-sitter-bash) and PostgreSQL's own parser
// (libpg-query) and the curated tables in shell/tools.ts and sql/classifySql.ts. A block is as
// serious as its most serious command; text that does not parse is unknown, never harmless.
import { REASONS } from './reasons'
import { classifyShell } from './shell/classifyShell'
import { classifySql } from './sql/classifySql'
import type { CommandKind } from './types'
import {
  worst,
  type CommandVerdict,
  type DangerAssessment,
  type JudgedCommand,
  type SessionOpener,
} from './verdict'

export type { DangerAssessment, JudgedCommand, SessionCommand } from './verdict'

export const NO_DANGER: DangerAssessment = {
  dangerous: false,
  reasons: [],
  reasonsJa: [],
  class: 'read-only',
  commands: [],
  parseErrors: [],
  sessions: [],
}

export function classifyCommand(code: string, kind: CommandKind | null): DangerAssessment {
  if (kind === 'sql') {
    const j = classifySql(code)
    const shell = j.shell.map((s) => ({ ...classifyShell(s.text), line: s.line }))
    return assess(
      [...j.verdicts, ...shell.flatMap((s) => s.verdicts.map((v) => ({ ...v, line: s.line })))],
      [...j.parseErrors, ...shell.flatMap((s) => s.parseErrors)],
      shell.flatMap((s) => s.sessions),
    )
  }
  if (kind === 'shell') {
    const j = classifyShell(code)
    return assess(j.verdicts, j.parseErrors, j.sessions)
  }
  return NO_DANGER
}

function assess(
  verdicts: CommandVerdict[],
  parseErrors: string[],
  sessions: SessionOpener[],
): DangerAssessment {
  const cls = worst(verdicts.map((v) => v.class))
  const flagged = verdicts.filter((v) => v.class !== 'read-only')
  const reasons = [
    ...new Map(flagged.map((v) => v.reason ?? REASONS.notInTable).map((r) => [r.en, r])).values(),
  ]
  return {
    dangerous: cls === 'state-changing' || parseErrors.length > 0,
    reasons: reasons.map((r) => r.en),
    reasonsJa: reasons.map((r) => r.ja),
    class: parseErrors.length > 0 && cls === 'read-only' ? 'unknown' : cls,
    commands: flagged.map((v) => {
      const j: JudgedCommand = { command: v.command, class: v.class, line: v.line }
      if (v.reason) {
        j.reason = v.reason.en
        j.reasonJa = v.reason.ja
      }
      return j
    }),
    parseErrors,
    sessions: sessions.map((s) => ({
      command: s.command,
      line: s.line,
      reason: s.reason.en,
      reasonJa: s.reason.ja,
    })),
  }
}
