// Shell placeholders are filled by where bash's AST puts them, so a value reaches the program as
// exactly its own text (one word where the placeholder stood as a word) in every quoting
// context: bare, '…', "…", $'…', inside $( ) or backticks, heredoc bodies, assignments and
// arrays. A word that a command reads as code (`bash -c '…'`, `ssh h '…'`, `psql -c "…"`, a
// heredoc fed to psql or sh) is filled for that language first, then quoted for the shell.
import type { Node } from 'web-tree-sitter'
import {
  applyEdits,
  lineAt,
  PLAIN,
  replaceSentinels,
  SENTINEL,
  singleQuoted,
  type Edit,
  type PendingValue,
} from '../fillValues'
import { leadingDash, unsafePosition } from '../placeholderErrors'
import { fillSqlEdits } from '../sql/fillSql'
import { classifyShell, type EmbeddedLanguage } from './classifyShell'
import { withShellTree } from './parser'
import { wordValue } from './simpleCommands'

const MAX_NESTING = 4

export function fillShell(
  text: string,
  values: ReadonlyMap<string, PendingValue>,
  firstLine = 1,
): string {
  return applyEdits(text, fillShellEdits(text, values, firstLine, 0))
}

type Context = 'none' | 'single' | 'double' | 'ansi' | 'backtick' | 'arith' | 'comment' | 'refuse'

function fillShellEdits(
  text: string,
  values: ReadonlyMap<string, PendingValue>,
  firstLine: number,
  nesting: number,
): Edit[] {
  if (!SENTINEL.test(text)) return []
  SENTINEL.lastIndex = 0
  const embedded = classifyShell(text).embedded
  return withShellTree(text, ({ root, errors }) => {
    const edits: Edit[] = []
    const done = new Set<number>()
    for (const m of text.matchAll(SENTINEL)) {
      const start = m.index
      if (done.has(start)) continue
      const end = start + m[0].length
      const pv = values.get(m[0])
      if (!pv) continue
      const line = firstLine + lineAt(text, start) - 1
      // A text bash cannot read leaves no context to trust: plain values only.
      if (errors.length > 0) {
        if (!PLAIN.test(pv.value))
          throw unsafePosition(pv.name, line, 'in a command Sitrep cannot parse')
        checkDash(pv, line, null, text, start)
        edits.push({ start, end, text: pv.value })
        continue
      }
      const node = root.descendantForIndex(start, end)
      const heredoc = ancestor(node, 'heredoc_body')
      if (heredoc) {
        const inner = heredocEdits(heredoc, text, values, embedded, firstLine, nesting)
        for (const e of inner) edits.push(e)
        for (const s of text.slice(heredoc.startIndex, heredoc.endIndex).matchAll(SENTINEL))
          done.add(heredoc.startIndex + s.index)
        continue
      }
      const word = argumentWord(node)
      const wordText = word ? wordValue(word) : null
      const language = wordText !== null ? embedded.get(wordText) : undefined
      if (word && wordText !== null && language) {
        edits.push({
          start: word.startIndex,
          end: word.endIndex,
          text: requote(word, fillEmbedded(wordText, language, values, line, nesting)),
        })
        for (const s of word.text.matchAll(SENTINEL)) done.add(word.startIndex + s.index)
        continue
      }
      if (word) checkDash(pv, line, word, text, start)
      edits.push({ start, end, text: encode(pv, contextOf(node), line) })
    }
    return edits
  })
}

/** Fills a string that a command reads as shell or SQL, for that language. */
function fillEmbedded(
  code: string,
  language: EmbeddedLanguage,
  values: ReadonlyMap<string, PendingValue>,
  line: number,
  nesting: number,
): string {
  if (language === 'sql') return applyEdits(code, fillSqlEdits(code, values, line))
  if (language === 'shell') {
    if (nesting >= MAX_NESTING)
      return plainOnly(code, values, line, 'in commands nested too deeply')
    return applyEdits(code, fillShellEdits(code, values, line, nesting + 1))
  }
  return plainOnly(code, values, line, 'inside code another program runs (python, redis-cli…)')
}

function plainOnly(
  code: string,
  values: ReadonlyMap<string, PendingValue>,
  line: number,
  where: string,
): string {
  for (const m of code.matchAll(SENTINEL)) {
    const pv = values.get(m[0])
    if (pv && !PLAIN.test(pv.value)) throw unsafePosition(pv.name, line, where)
  }
  return replaceSentinels(code, values)
}

function heredocEdits(
  body: Node,
  text: string,
  values: ReadonlyMap<string, PendingValue>,
  embedded: Map<string, EmbeddedLanguage>,
  firstLine: number,
  nesting: number,
): Edit[] {
  const redirect = body.parent
  const startNode = redirect?.namedChildren.find((c) => c?.type === 'heredoc_start')
  const literal = /['"\\]/.test(startNode?.text ?? '')
  const delimiter = (startNode?.text ?? '').replace(/['"\\]/g, '')
  const stripTabs = redirect?.text.startsWith('<<-') ?? false
  const bodyText = body.text
  const line = firstLine + lineAt(text, body.startIndex) - 1
  const language = embedded.get(stripTabs ? bodyText.replace(/^\t+/gm, '') : bodyText)
  let inner: Edit[]
  if (language && stripTabs) {
    // Offsets of a tab-stripped body do not map back: plain values only.
    plainOnly(bodyText, values, line, 'in a <<- heredoc read as code')
    inner = sentinelEdits(bodyText, values)
  } else if (language === 'sql') inner = fillSqlEdits(bodyText, values, line)
  else if (language === 'shell')
    inner = nesting >= MAX_NESTING ? [] : fillShellEdits(bodyText, values, line, nesting + 1)
  else if (language === 'opaque') {
    plainOnly(bodyText, values, line, 'inside code another program runs (python, redis-cli…)')
    inner = sentinelEdits(bodyText, values)
  } else inner = sentinelEdits(bodyText, values)
  // An unquoted heredoc expands $, ` and \ in its body: escape them in what was inserted.
  const edits = inner.map((e) => ({
    start: body.startIndex + e.start,
    end: body.startIndex + e.end,
    text: literal ? e.text : e.text.replace(/[\\$`]/g, '\\$&'),
  }))
  const filled = applyEdits(bodyText, inner)
  if (filled.split('\n').some((l) => (stripTabs ? l.replace(/^\t+/, '') : l) === delimiter)) {
    const first = [...bodyText.matchAll(SENTINEL)][0]
    const pv = first ? values.get(first[0]) : undefined
    throw unsafePosition(
      pv?.name ?? 'a value',
      line,
      `where it would end the heredoc (${delimiter})`,
    )
  }
  return edits
}

function sentinelEdits(text: string, values: ReadonlyMap<string, PendingValue>): Edit[] {
  const out: Edit[] = []
  for (const m of text.matchAll(SENTINEL)) {
    const pv = values.get(m[0])
    if (pv) out.push({ start: m.index, end: m.index + m[0].length, text: pv.value })
  }
  return out
}

/**
 * The word again with its new value, in the quotes the author used: a static "…" word stays
 * double-quoted (with \ " $ ` escaped, and ! stepped out of the quotes for interactive shells).
 */
function requote(word: Node, value: string): string {
  if (word.type !== 'string') return singleQuoted(value)
  return `"${inDoubleQuotes(value)}"`
}

/**
 * Text for inside "…": a backslash doubled only where bash would read it as an escape (before
 * \ $ ` " or at the end, or before a `!`, which becomes a closing quote), `$`, backtick and `"` escaped, `!` written outside the quotes (history
 * expansion in an interactive shell, where pane mode types).
 */
function inDoubleQuotes(v: string): string {
  return v
    .replace(/\\(?=[\\$`"!]|$)/g, '\\\\')
    .replace(/[$`"]/g, '\\$&')
    .replace(/!/g, `"'!'"`)
}

function ancestor(node: Node | null, type: string): Node | null {
  for (let n = node; n; n = n.parent) if (n.type === type) return n
  return null
}

/** The word of a command (its name or an argument) that holds the node, if any. */
function argumentWord(node: Node | null): Node | null {
  for (let n = node; n; n = n.parent) {
    const p = n.parent
    if (!p) return null
    if (n.type === 'command_substitution' || n.type === 'process_substitution') return null
    if (p.type === 'command' && n.type !== 'variable_assignment') return n
    if (p.type === 'command' || p.type === 'variable_assignment') return null
  }
  return null
}

function contextOf(node: Node | null): Context {
  // Arithmetic first: there `x` is a variable name and `a[$(cmd)]` runs cmd, so only a whole
  // number fits, up to the nearest quote or substitution.
  for (let n = node; n; n = n.parent) {
    if (/substitution|string/.test(n.type)) break
    if (
      n.type.includes('arithmetic') ||
      n.type === 'c_style_for_statement' ||
      (n.type === 'compound_statement' && n.text.startsWith('(('))
    )
      return 'arith'
  }
  for (let n = node; n; n = n.parent) {
    switch (n.type) {
      case 'raw_string':
        return 'single'
      case 'ansi_c_string':
        return 'ansi'
      case 'string':
      case 'translated_string':
        return 'double'
      case 'command_substitution':
        return n.text.startsWith('`') ? 'backtick' : 'none'
      case 'process_substitution':
        return 'none'
      case 'arithmetic_expansion':
      case 'c_style_for_statement':
        return 'arith'
      case 'comment':
        return 'comment'
      case 'expansion':
      case 'variable_name':
      case 'special_variable_name':
      case 'heredoc_start':
      case 'file_descriptor':
        return 'refuse'
      default:
        if (
          n.type.includes('arithmetic') ||
          (n.type === 'compound_statement' && n.text.startsWith('(('))
        )
          return 'arith'
    }
  }
  return 'none'
}

function encode(pv: PendingValue, context: Context, line: number): string {
  const v = pv.value
  switch (context) {
    case 'none':
      return PLAIN.test(v) ? v : singleQuoted(v)
    case 'single':
      return v.replace(/'/g, `'\\''`)
    case 'double':
      // `!` is history expansion in an interactive shell (pane mode): step out of the quotes.
      return inDoubleQuotes(v)
    case 'ansi':
      return [...Buffer.from(v, 'utf8')]
        .map((b) =>
          /[A-Za-z0-9 _.,:/@%+=-]/.test(String.fromCharCode(b)) && b < 128
            ? String.fromCharCode(b)
            : `\\x${b.toString(16).padStart(2, '0')}`,
        )
        .join('')
    case 'backtick':
      if (/[`\\$"]/.test(v)) throw unsafePosition(pv.name, line, 'inside backticks')
      return PLAIN.test(v) ? v : singleQuoted(v)
    case 'arith':
      if (!/^-?\d+$/.test(v))
        throw unsafePosition(pv.name, line, 'in arithmetic, where only a whole number fits')
      return v
    case 'comment':
      return v
    case 'refuse':
      if (!PLAIN.test(v))
        throw unsafePosition(pv.name, line, 'inside a ${…} expansion or a redirection')
      return v
  }
}

/** A value starting with `-` where an argument begins would be read as an option. */
function checkDash(
  pv: PendingValue,
  line: number,
  word: Node | null,
  text: string,
  start: number,
): void {
  if (!pv.value.startsWith('-') || pv.allowFlag) return
  if (word) {
    const raw = word.text
    const lead = /^(\$?['"])*/.exec(raw)?.[0].length ?? 0
    if (word.startIndex + lead !== start) return
    const command = word.parent
    if (!command || word.type === 'command_name') return
    // Options end at `--`: the author wrote `-- {{x}}`.
    for (const c of command.namedChildren) {
      if (!c || c.startIndex >= word.startIndex) break
      if (c.type !== 'command_name' && wordValue(c) === '--') return
    }
    throw leadingDash(pv.name, line)
  }
  // No AST to tell: a value at the start of a whitespace-separated word is refused.
  if (start === 0 || /[\s'"=]/.test(text[start - 1] ?? ' ')) {
    if (!/(^|\s)--\s/.test(text.slice(0, start))) throw leadingDash(pv.name, line)
  }
}
