// Placeholders in commands ([SERVICE_NAME], <container_id>, {{namespace}}, declared ${VAR},
// [A|B] choices): found once at import as parameters, filled in just before a run.
import { InvalidChoiceError, MissingParametersError } from './errors'
import { quoteContextAt } from './shellWords'
import type { CommandKind, Parameter, PlaceholderSyntax } from './types'

export interface Occurrence {
  name: string
  syntax: PlaceholderSyntax
  start: number
  end: number
  options?: string[]
}

interface Pattern {
  syntax: PlaceholderSyntax
  re: RegExp
}

// Lookbehinds keep shell syntax out: `[[ … ]]` and `[ $x -eq 1 ]` (spaces, doubled brackets),
// arrays `${a[@]}` / `arr[IDX]` (a word or $ before), escaped regex `\[ERROR\]`, heredocs `<<EOF`.
const PATTERNS: Pattern[] = [
  { syntax: 'mustache', re: /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g },
  { syntax: 'dollar', re: /\$\{([A-Za-z_]\w*)\}/g },
  { syntax: 'choice', re: /(?<![\w\\$[])\[([\w.-]+(?:\|[\w.-]+)+)\](?!\])/g },
  { syntax: 'square', re: /(?<![\w\\$[])\[([A-Z][A-Z0-9_]+)\](?!\])/g },
  // Lower-case prose in brackets only as a flag value (`--service=[affected-service]`), where
  // no bracket of shell syntax can stand.
  { syntax: 'flag', re: /(?<==["']?)\[([a-z][a-z0-9 _-]*[a-z0-9])\]/g },
  { syntax: 'angle', re: /(?<![<\w])<([a-z][a-z0-9_-]*)>/g },
]

/** Every placeholder in order of appearance; `declared` are the front matter's ${VAR} names. */
export function findPlaceholders(code: string, declared: readonly string[]): Occurrence[] {
  const found: Occurrence[] = []
  for (const { syntax, re } of PATTERNS) {
    for (const m of code.matchAll(re)) {
      const inner = m[1] ?? ''
      if (syntax === 'dollar' && !declared.includes(inner)) continue
      const start = m.index
      const occ: Occurrence = { name: inner, syntax, start, end: start + m[0].length }
      if (syntax === 'choice') {
        occ.options = inner.split('|')
        occ.name = choiceName(code.slice(0, start)) ?? inner
      }
      found.push(occ)
    }
  }
  // Earlier patterns win a tie at the same spot; overlapping later matches are dropped.
  found.sort((a, b) => a.start - b.start)
  let end = 0
  return found.filter((o) => {
    if (o.start < end) return false
    end = o.end
    return true
  })
}

/** `--severity=[A|B]` is called SEVERITY; a bare choice keeps its options as its name. */
function choiceName(before: string): string | null {
  const flag = /--?([A-Za-z][\w-]*)=["']?$/.exec(before)
  return flag?.[1] ? flag[1].toUpperCase().replace(/-/g, '_') : null
}

/** One parameter per name, at the file line of its first appearance. */
export function parametersOf(code: string, firstLine: number, declared: readonly string[]) {
  const params: Parameter[] = []
  for (const occ of findPlaceholders(code, declared)) {
    if (params.some((p) => p.name === occ.name)) continue
    const line = firstLine + (code.slice(0, occ.start).match(/\n/g)?.length ?? 0)
    const p: Parameter = { name: occ.name, syntax: occ.syntax, line }
    if (occ.options) p.options = occ.options
    params.push(p)
  }
  return params
}

const SAFE = /^[A-Za-z0-9._:/@-]+$/

/** Escapes a value for the quoting it lands in, so it reaches the command as one argument. */
export function shellQuote(value: string, context: 'none' | 'single' | 'double'): string {
  if (SAFE.test(value)) return value
  if (context === 'single') return value.replace(/'/g, `'\\''`)
  if (context === 'double') return value.replace(/[\\"$`]/g, '\\$&')
  return `'${value.replace(/'/g, `'\\''`)}'`
}

export interface Fillable {
  code: string
  kind: CommandKind | null
  parameters: Parameter[]
}

/**
 * The command text with every placeholder replaced. Shell values are quoted when they hold
 * anything beyond [A-Za-z0-9._:/@-]; SQL values are inserted as written, since only the
 * author knows whether the spot is an identifier, a literal or a fragment.
 */
export function fillPlaceholders(command: Fillable, values: Record<string, string>): string {
  const declared = command.parameters.filter((p) => p.syntax === 'dollar').map((p) => p.name)
  const occurrences = findPlaceholders(command.code, declared)
  const missing = [...new Set(occurrences.map((o) => o.name))].filter(
    (n) => values[n] === undefined,
  )
  if (missing.length > 0) throw new MissingParametersError(missing)
  let out = ''
  let at = 0
  for (const occ of occurrences) {
    const value = values[occ.name] ?? ''
    if (occ.options && !occ.options.includes(value)) {
      throw new InvalidChoiceError(occ.name, value, occ.options)
    }
    const text =
      command.kind === 'shell' ? shellQuote(value, quoteContextAt(command.code, occ.start)) : value
    out += command.code.slice(at, occ.start) + text
    at = occ.end
  }
  return out + command.code.slice(at)
}
