// Every simple command of a bash AST, wherever it sits: lists, pipelines, loops, conditionals,
// groups, subshells, negations, command and process substitutions, assignments' values. Each
// comes with its words (the static value bash would pass, or null when an expansion decides it),
// what feeds its stdin (a heredoc or herestring body, or a pipe) and the files it writes.
import type { ShellNode as Node } from './shellTree'

export interface ShellWord {
  /** What bash passes after quote removal, or null when an expansion makes it dynamic. */
  value: string | null
  raw: string
  start: number
  end: number
}

export interface StdinBody {
  text: string
  /** `<<'EOF'`: the body is passed as written, no expansion. */
  literal: boolean
  start: number
  end: number
}

export interface SimpleCommand {
  words: ShellWord[]
  /** `NAME=value` words before the command name. */
  assignments: string[]
  stdin: StdinBody | null
  /** Reads a pipe: `… | bash`, `… | psql`. */
  piped: boolean
  start: number
  /** 1-based line within the parsed text. */
  line: number
}

export interface FileWrite {
  operator: string
  target: ShellWord | null
  line: number
}

export interface CommandCollection {
  commands: SimpleCommand[]
  writes: FileWrite[]
  /**
   * Backquoted substitutions holding backslashes: bash removes `\$`, `\``, `\\` escapes before
   * reading them, so their text is judged again as the script bash will see.
   */
  backquoted: Array<{ text: string; line: number }>
}

/** What wordValue reads of a node: a live tree-sitter node and a ShellNode copy both have it. */
export interface WordNode {
  readonly type: string
  readonly text: string
  readonly isNamed: boolean
  readonly namedChildren: ReadonlyArray<WordNode | null>
  readonly children: ReadonlyArray<WordNode | null>
  readonly firstNamedChild: WordNode | null
}

/** Static value of a word node, or null when bash decides it at run time. */
export function wordValue(n: WordNode): string | null {
  switch (n.type) {
    case 'word':
    case 'command_name':
      if (n.type === 'command_name' && n.firstNamedChild) return wordValue(n.firstNamedChild)
      // A `$` or backtick left inside a word node means the parser met something it did not
      // understand there: never treat that as a known literal.
      return /[`]|\$[({\w]/.test(n.text)
        ? null
        : n.text.replace(/\\\n/g, '').replace(/\\(.)/gs, '$1')
    case 'number':
      return n.text
    case 'raw_string':
      return n.text.slice(1, -1)
    case 'string':
    case 'translated_string': {
      if (n.namedChildren.some((c) => c && c.type !== 'string_content')) return null
      const inner = n.text.slice(n.type === 'string' ? 1 : 2, -1)
      return inner.replace(/\\\n/g, '').replace(/\\([$`"\\])/g, '$1')
    }
    case 'ansi_c_string':
      return ansiC(n.text.slice(2, -1))
    case 'concatenation': {
      let out = ''
      for (const c of n.namedChildren) {
        const v = c ? wordValue(c) : null
        if (v === null) return null
        out += v
      }
      // Unnamed pieces (a lone `{`, `=`) are part of the word too.
      return n.namedChildren.length === 0 ? n.text : joinWithUnnamed(n, out)
    }
    default:
      return null
  }
}

function joinWithUnnamed(n: WordNode, named: string): string | null {
  if (n.children.every((c) => c?.isNamed)) return named
  let out = ''
  for (const c of n.children) {
    if (!c) continue
    const v = c.isNamed ? wordValue(c) : c.text
    if (v === null) return null
    out += v
  }
  return out
}

const C_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
}

function ansiC(s: string): string {
  return s.replace(
    /\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs,
    (_m, e: string) => {
      const head = e[0] ?? ''
      if (head === 'x' || head === 'u' || head === 'U')
        return String.fromCodePoint(parseInt(e.slice(1), 16))
      if (/[0-7]/.test(head)) return String.fromCharCode(parseInt(e, 8))
      if (head === 'c') return String.fromCharCode((e.charCodeAt(1) ?? 64) & 31)
      return C_ESCAPES[e] ?? `\\${e}`
    },
  )
}

const WRITE_OPERATORS = new Set(['>', '>>', '>|', '&>', '&>>', '>&'])

export function collectCommands(root: Node): CommandCollection {
  const commands: SimpleCommand[] = []
  const writes: FileWrite[] = []
  const backquoted: CommandCollection['backquoted'] = []

  // An explicit work stack instead of recursion: `a && b && …` nests one tree level per command,
  // and ten thousand of them must not overflow the JS stack (a throw would judge nothing).
  // Tasks run in document order: each node's follow-up work is pushed in reverse.
  type Task = { n: Node; stdin: StdinBody | null; piped: boolean } | (() => void)
  const stack: Task[] = []
  const schedule = (tasks: Task[]): void => {
    for (let i = tasks.length - 1; i >= 0; i--) stack.push(tasks[i] as Task)
  }
  const inner = (n: Node): Task => ({ n, stdin: null, piped: false })

  const visit = (n: Node, stdin: StdinBody | null, piped: boolean): void => {
    const next: Task[] = []
    switch (n.type) {
      case 'comment':
        return
      case 'command_substitution':
        if (n.text.startsWith('`') && n.text.includes('\\')) {
          backquoted.push({
            text: n.text.slice(1, -1).replace(/\\([$`\\])/g, '$1'),
            line: n.startRow + 1,
          })
          return
        }
        for (const c of n.namedChildren) next.push(inner(c))
        break
      case 'command':
        commands.push(simple(n, stdin, piped))
        // Substitutions inside its words and assignments are commands of their own.
        for (const c of n.namedChildren) next.push(inner(c))
        break
      case 'redirected_statement': {
        let body: StdinBody | null = null
        for (const r of n.childrenForFieldName('redirect')) {
          if (r.type === 'heredoc_redirect') body = heredoc(r)
          else if (r.type === 'herestring_redirect') {
            const w = r.namedChildren[0]
            if (w)
              body = {
                text: wordValue(w) ?? w.text,
                literal: false,
                start: w.startIndex,
                end: w.endIndex,
              }
          }
        }
        const bodyNode = n.childForFieldName('body')
        if (bodyNode) next.push({ n: bodyNode, stdin: body ?? stdin, piped })
        for (const r of n.namedChildren) {
          if (r === bodyNode) continue
          if (r.type === 'file_redirect') {
            next.push(() => fileRedirect(r))
            continue
          }
          // A heredoc's own redirect holds the rest of the pipeline: `psql <<EOF | grep x`;
          // an unquoted heredoc body runs its `$( )`.
          for (const c of r.namedChildren) {
            if (c.type === 'pipeline' || c.type === 'list' || c.type === 'command')
              next.push({ n: c, stdin: null, piped: true })
            else next.push(inner(c))
          }
        }
        break
      }
      case 'file_redirect':
        fileRedirect(n)
        return
      case 'pipeline': {
        let first = true
        for (const c of n.namedChildren) {
          next.push({ n: c, stdin: first ? stdin : null, piped: !first || piped })
          first = false
        }
        break
      }
      default:
        for (const c of n.namedChildren) next.push({ n: c, stdin, piped })
    }
    schedule(next)
  }

  const fileRedirect = (r: Node): void => {
    const op = r.children.find((c) => !c.isNamed)?.text ?? ''
    if (!WRITE_OPERATORS.has(op)) {
      schedule(r.namedChildren.map(inner))
      return
    }
    const dest = r.childForFieldName('destination')
    // `2>&1`, `>&2`: duplicating a descriptor writes no file.
    if (op === '>&' && dest && /^\d+$|^-$/.test(dest.text)) return
    writes.push({
      operator: op,
      target: dest ? word(dest) : null,
      line: r.startRow + 1,
    })
    if (dest) schedule([inner(dest)])
  }

  stack.push(inner(root))
  for (let task = stack.pop(); task !== undefined; task = stack.pop()) {
    if (typeof task === 'function') task()
    else visit(task.n, task.stdin, task.piped)
  }
  return { commands, writes, backquoted }
}

function word(n: Node): ShellWord {
  return { value: wordValue(n), raw: n.text, start: n.startIndex, end: n.endIndex }
}

/** Children of a command node that are not its words (name and arguments). */
const NOT_WORDS = new Set(['file_redirect', 'heredoc_redirect', 'comment'])

function simple(n: Node, stdin: StdinBody | null, piped: boolean): SimpleCommand {
  const words: ShellWord[] = []
  const assignments: string[] = []
  for (const c of n.namedChildren) {
    // `psql <<< "…"`: tree-sitter keeps a herestring inside the command node.
    if (c.type === 'herestring_redirect') {
      const w = c.namedChildren[0]
      if (w)
        stdin = {
          text: wordValue(w) ?? w.text,
          literal: false,
          start: w.startIndex,
          end: w.endIndex,
        }
      continue
    }
    if (c.type === 'variable_assignment') {
      if (words.length === 0) assignments.push(c.text)
      else words.push(word(c))
    } else if (!NOT_WORDS.has(c.type)) words.push(word(c))
  }
  return { words, assignments, stdin, piped, start: n.startIndex, line: n.startRow + 1 }
}

function heredoc(r: Node): StdinBody | null {
  const start = r.namedChildren.find((c) => c.type === 'heredoc_start')
  const body = r.namedChildren.find((c) => c.type === 'heredoc_body')
  if (!body) return { text: '', literal: true, start: r.endIndex, end: r.endIndex }
  const literal = /['"\\]/.test(start?.text ?? '')
  let text = body.text
  if (r.text.startsWith('<<-')) text = text.replace(/^\t+/gm, '')
  return { text, literal, start: body.startIndex, end: body.endIndex }
}
