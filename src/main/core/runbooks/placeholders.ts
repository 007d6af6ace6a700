// Placeholders in commands, in the styles runbooks are written in: <db_host>, <POD_NAME>,
// <value of namespace label from alert>, {{namespace}}, [SERVICE_NAME], [A|B] choices, declared
// ${VAR} / $VAR, and undeclared $VAR / ${VAR} that the block never assigns (a parameter that
// defaults to the target's environment). Not placeholders: Go/Jinja templates ({{ .X }},
// {{ end }}, {{- … -}}, {% … %}) and pasted output such as <none>, <snip>, <...>.
// Found once at import as parameters; filled just before a run by where each one stands in the
// parsed command (shell/fillShell.ts, sql/fillSql.ts), never by text substitution.
import { InvalidChoiceError, MissingParametersError } from './errors'
import { applyEdits, PLAIN, sentinel, singleQuoted, type PendingValue } from './fillValues'
import { controlCharacters } from './placeholderErrors'
import { fillShell } from './shell/fillShell'
import { withShellTree } from './shell/parser'
import { fillSqlEdits } from './sql/fillSql'
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
  /** A character every match holds: blocks without it skip the scan (most blocks). */
  needs: string
}

// Lookbehinds keep shell syntax out: `[[ … ]]` and `[ $x -eq 1 ]` (spaces, doubled brackets),
// arrays `${a[@]}` / `arr[IDX]` (a word or $ before), escaped regex `\[ERROR\]`, heredocs `<<EOF`.
const PATTERNS: Pattern[] = [
  { syntax: 'mustache', needs: '{', re: /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g },
  { syntax: 'dollar', needs: '$', re: /\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)\b/g },
  { syntax: 'choice', needs: '[', re: /(?<![\w\\$[])\[([\w.-]+(?:\|[\w.-]+)+)\](?!\])/g },
  { syntax: 'square', needs: '[', re: /(?<![\w\\$[])\[([A-Z][A-Z0-9_]+)\](?!\])/g },
  // Lower-case prose in brackets only as a flag value (`--service=[affected-service]`), where
  // no bracket of shell syntax can stand.
  { syntax: 'flag', needs: '[', re: /(?<==["']?)\[([a-z][a-z0-9 _-]*[a-z0-9])\]/g },
  // <db_host>, <POD_NAME>, <value of namespace label from alert>; not `<<EOF`, `< in > out`.
  {
    syntax: 'angle',
    needs: '<',
    re: /(?<![<\w])<([A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+)*)>(?![>=])/g,
  },
]

/** Words that appear in angle brackets in pasted output or keys, not as values to fill. */
const NOT_ANGLE = new Set(
  'none snip snipped omitted redacted truncated unknown pending nil null empty missing invalid error output br hr b i p enter esc tab space return ctrl-c'.split(
    ' ',
  ),
)

/** Go template words: `{{ end }}`, `{{ else }}` are template syntax, not parameters. */
const TEMPLATE_WORDS = new Set(
  'end else if range with define block template break continue nil'.split(' '),
)

/** A block that uses template actions anywhere is a template: its {{…}} are not placeholders. */
const TEMPLATE_ACTION =
  /\{\{-|-\}\}|\{\{\s*(?:[.$]|end\b|else\b|if\s|range\s|with\s|define\s|block\s|template\s)|\{%|\{#|\{\{[^}]*\|[^|]/

/** Variables every shell or login sets: never parameters, even undeclared. */
const ENVIRONMENT = new Set(
  'HOME USER LOGNAME PATH PWD OLDPWD HOSTNAME SHELL LANG LC_ALL TERM RANDOM UID EUID PPID IFS SECONDS LINENO TMPDIR BASH BASH_VERSION BASHPID BASH_SOURCE FUNCNAME PIPESTATUS REPLY OPTARG OPTIND HISTFILE EDITOR PAGER DISPLAY SSH_CONNECTION SSH_CLIENT SSH_TTY KUBECONFIG HOSTTYPE OSTYPE MACHTYPE SHLVL COLUMNS LINES PS1 PS2 PS4 NF NR FS OFS RS ORS FILENAME'.split(
    ' ',
  ),
)

export type Declared = readonly string[]

/**
 * Every placeholder in order of appearance. `declared` are the front matter's parameter names
 * (their `$NAME` / `${NAME}` are parameters); in shell blocks undeclared upper-case variables
 * that the block does not assign are parameters too (syntax 'env').
 */
export function findPlaceholders(
  code: string,
  declared: Declared,
  kind: CommandKind | null = 'shell',
): Occurrence[] {
  const found: Occurrence[] = []
  const template = TEMPLATE_ACTION.test(code)
  // Only a block with an upper-case `$NAME` can have environment parameters to rule out.
  const assigned =
    kind === 'shell' && /\$\{?[A-Z]/.test(code) ? assignedNames(code) : new Set<string>()
  // Nothing is filled in a shell comment: `# writes /tmp/diag-<host>.tgz` names no parameter.
  const comments = kind === 'shell' && code.includes('#') ? commentRanges(code) : []
  const inComment = (at: number): boolean => comments.some(([s, e]) => s <= at && at < e)
  for (const { syntax, re, needs } of PATTERNS) {
    if (syntax === 'mustache' && template) continue
    if (!code.includes(needs)) continue
    for (const m of code.matchAll(re)) {
      const inner = m[1] ?? m[2] ?? ''
      const start = m.index
      if (inComment(start)) continue
      const occ: Occurrence = { name: inner, syntax, start, end: start + m[0].length }
      if (syntax === 'mustache' && TEMPLATE_WORDS.has(inner)) continue
      if (syntax === 'angle' && NOT_ANGLE.has(inner.toLowerCase())) continue
      if (syntax === 'dollar') {
        if (kind === 'sql' && !declared.includes(inner)) continue
        if (!declared.includes(inner)) {
          // Undeclared: only UPPER_CASE names the block never sets and the shell does not provide,
          // and not inside single quotes, where bash leaves `$X` as text.
          if (!/^[A-Z][A-Z0-9_]*$/.test(inner) || ENVIRONMENT.has(inner) || assigned.has(inner))
            continue
          if (inSingleQuotes(code, start)) continue
          occ.syntax = 'env'
        }
      }
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

/** The last block's comments: import asks for them twice in a row (parameters, neutral text). */
let lastComments: { code: string; ranges: Array<[number, number]> } | null = null

function commentRanges(code: string): Array<[number, number]> {
  if (lastComments?.code === code) return lastComments.ranges
  const ranges = withShellTree(code, ({ root }) =>
    root.descendantsOfType('comment').map((c): [number, number] => [c.startIndex, c.endIndex]),
  )
  lastComments = { code, ranges }
  return ranges
}

/** Names the block gives a value itself: `X=…`, `export X=…`, `for X in`, `read X`, `local X`. */
function assignedNames(code: string): Set<string> {
  const out = new Set<string>()
  for (const m of code.matchAll(
    /(?:^|[\s;&|(`])(?:export\s+|local\s+|declare\s+(?:-\w+\s+)*|readonly\s+)?([A-Za-z_]\w*)(?:\[[^\]\n]{0,80}\])?\+?=/g,
  ))
    out.add(m[1] ?? '')
  for (const m of code.matchAll(/\bfor\s+([A-Za-z_]\w*)\s+in\b/g)) out.add(m[1] ?? '')
  // `read -r -p "x" NAME OTHER`: every identifier-looking word after it (a flag's value
  // included: that only keeps a name from becoming a parameter, never the other way).
  for (const m of code.matchAll(/\b(?:read|mapfile|readarray)\b([^\n;|&]*)/g))
    for (const w of (m[1] ?? '').split(/\s+/)) if (/^[A-Za-z_]\w*$/.test(w)) out.add(w)
  for (const m of code.matchAll(/\bgetopts\s+\S+\s+([A-Za-z_]\w*)/g)) out.add(m[1] ?? '')
  return out
}

function inSingleQuotes(code: string, offset: number): boolean {
  let inSingle = false
  let inDouble = false
  for (let i = 0; i < offset; i++) {
    const c = code[i]
    if (c === '\\' && !inSingle) i++
    else if (c === "'" && !inDouble) inSingle = !inSingle
    else if (c === '"' && !inSingle) inDouble = !inDouble
    else if (c === '\n' && !inSingle && !inDouble) continue
  }
  return inSingle
}

/** `--severity=[A|B]` is called SEVERITY; a bare choice keeps its options as its name. */
function choiceName(before: string): string | null {
  const flag = /--?([A-Za-z][\w-]*)=["']?$/.exec(before)
  return flag?.[1] ? flag[1].toUpperCase().replace(/-/g, '_') : null
}

/** One parameter per name, at the file line of its first appearance. */
export function parametersOf(
  code: string,
  firstLine: number,
  declared: Declared,
  kind: CommandKind | null = 'shell',
): Parameter[] {
  const params: Parameter[] = []
  for (const occ of findPlaceholders(code, declared, kind)) {
    if (params.some((p) => p.name === occ.name)) continue
    const line = firstLine + (code.slice(0, occ.start).match(/\n/g)?.length ?? 0)
    const p: Parameter = { name: occ.name, syntax: occ.syntax, line }
    if (occ.options) p.options = occ.options
    if (occ.syntax === 'env') {
      p.fromEnvironment = true
      p.hint = `Not set by the runbook: leave empty to use $${occ.name} from the target's environment.`
    }
    params.push(p)
  }
  return params
}

/** Escapes a value for the quoting it lands in, so it reaches the command as one argument. */
export function shellQuote(value: string, context: 'none' | 'single' | 'double'): string {
  if (PLAIN.test(value)) return value
  if (context === 'single') return value.replace(/'/g, `'\\''`)
  if (context === 'double') return value.replace(/[\\"$`]/g, '\\$&')
  return singleQuoted(value)
}

export interface Fillable {
  code: string
  kind: CommandKind | null
  parameters: Parameter[]
  /** File line of the block's first code line, for error messages (defaults to 1). */
  firstLine?: number
}

/** C0 and C1 controls and DEL: never part of a value, whatever the run mode. */
export function hasControlCharacter(v: string): boolean {
  for (const ch of v) {
    const c = ch.codePointAt(0) ?? 0
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true
  }
  return false
}

/** The block with every placeholder replaced by a sentinel word, and what each one stands for. */
export function withSentinels(
  command: Fillable,
  values: Record<string, string>,
): { text: string; pending: Map<string, PendingValue> } {
  const declared = command.parameters.filter((p) => p.syntax === 'dollar').map((p) => p.name)
  const occurrences = findPlaceholders(command.code, declared, command.kind)
  const optional = new Set(command.parameters.filter((p) => p.fromEnvironment).map((p) => p.name))
  for (const o of occurrences) if (o.syntax === 'env') optional.add(o.name)
  const missing = [...new Set(occurrences.map((o) => o.name))].filter(
    (n) => values[n] === undefined && !optional.has(n),
  )
  if (missing.length > 0) throw new MissingParametersError(missing)
  const allowFlag = new Set(command.parameters.filter((p) => p.allowFlag).map((p) => p.name))
  const pending = new Map<string, PendingValue>()
  let text = ''
  let at = 0
  for (const occ of occurrences) {
    const value = values[occ.name]
    // An environment parameter left empty keeps `$NAME`: the target's environment decides.
    if (optional.has(occ.name) && (value === undefined || value === '')) continue
    const v = value ?? ''
    if (occ.options && !occ.options.includes(v))
      throw new InvalidChoiceError(occ.name, v, occ.options)
    if (hasControlCharacter(v)) throw controlCharacters(occ.name)
    const s = sentinel(pending.size)
    pending.set(s, { name: occ.name, value: v, allowFlag: allowFlag.has(occ.name) })
    text += command.code.slice(at, occ.start) + s
    at = occ.end
  }
  return { text: text + command.code.slice(at), pending }
}

/**
 * The command text with every placeholder filled: for shell by its place in bash's AST, for SQL
 * as a literal or identifier by PostgreSQL's parser; refused (typed errors naming the parameter
 * and line) where a value could become syntax.
 */
export function fillPlaceholders(command: Fillable, values: Record<string, string>): string {
  if (command.code.includes('SITREPVALUE')) {
    throw new Error(
      'A runbook command may not contain the word SITREPVALUE (Sitrep uses it internally).',
    )
  }
  const { text, pending } = withSentinels(command, values)
  if (pending.size === 0) return text
  const firstLine = command.firstLine ?? 1
  if (command.kind === 'sql') return applyEdits(text, fillSqlEdits(text, pending, firstLine))
  if (command.kind === 'shell') return fillShell(text, pending, firstLine)
  // Shown-only blocks (PromQL, templates) are never run: the value is displayed as written.
  return text.replace(/SITREPVALUE\d+X/g, (s) => pending.get(s)?.value ?? s)
}

/** The block with placeholders as neutral words, for judging it before any value is known. */
export function neutralText(
  code: string,
  parameters: Parameter[],
  kind: CommandKind | null,
): string {
  const declared = parameters.filter((p) => p.syntax === 'dollar').map((p) => p.name)
  let out = ''
  let at = 0
  for (const occ of findPlaceholders(code, declared, kind)) {
    if (occ.syntax === 'env') continue
    out += code.slice(at, occ.start) + 'SITREPVALUE'
    at = occ.end
  }
  return out + code.slice(at)
}
