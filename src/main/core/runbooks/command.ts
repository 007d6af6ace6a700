// Turns one fenced block into a Command: kind, attributes, parameters, danger and a stable id.
import { commandKind, parseInfoString } from './codeBlock'
import { classifyCommand, NO_DANGER } from './dangerous'
import type { IdRegistry } from './ids'
import { makeId } from './ids'
import { neutralText, parametersOf } from './placeholders'
import type { Command, RunbookMeta, RunbookWarning, Section, Step } from './types'

export interface FencedBlock {
  info: string
  code: string
  /** Line of the opening fence. */
  line: number
}

export interface BlockContext {
  section: Section
  step: Step | undefined
  meta: RunbookMeta
  ids: IdRegistry
  warnings: RunbookWarning[]
}

export function buildCommand(block: FencedBlock, ctx: BlockContext): Command {
  const { code, line } = block
  const { language, attributes } = parseInfoString(block.info)
  const kind = commandKind(language, code)
  const empty = code.trim() === ''
  if (empty) {
    ctx.warnings.push({
      code: 'empty_command',
      line,
      message: `Line ${line}: code block is empty; there is nothing to run.`,
    })
  }
  const runnable = kind !== null && !empty
  const label = attributes.name ?? firstCodeLine(code)
  // A named block keeps its id when its code is edited; an unnamed one is known by its code.
  const id = ctx.ids.claim(
    makeId('cmd', label, ...ctx.section.path, ctx.step?.text ?? '', attributes.name ?? code),
    line,
    `code block "${label}"`,
  )
  const parameters = runnable ? parametersOf(code, line + 1, ctx.meta.parameters, kind) : []
  for (const p of parameters) if (ctx.meta.allowFlag?.includes(p.name)) p.allowFlag = true
  const command: Command = {
    id,
    language,
    kind,
    runnable,
    code,
    line,
    attributes,
    parameters,
    // Judged with each placeholder as a neutral word: `<POD_NAME>` is not a redirection.
    danger: runnable ? classifyCommand(neutralText(code, parameters, kind), kind) : NO_DANGER,
    sectionId: ctx.section.id,
  }
  if (ctx.step) command.stepId = ctx.step.id
  return command
}

/** A short label for ids and warnings: the first line that is not a comment or a shebang. */
function firstCodeLine(code: string): string {
  const line = code
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#') && !l.startsWith('--'))
  return (line ?? 'command').slice(0, 60)
}
