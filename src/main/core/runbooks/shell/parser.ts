// bash as bash reads it: tree-sitter-bash (WASM, through web-tree-sitter). Loaded once when this
// module is first imported (top-level await: WASM compiles asynchronously), after which every
// parse is synchronous — runbook import and the runner stay synchronous around it.
// Why tree-sitter and not mvdan/sh (sh-syntax): docs/architecture.md, "Runbook commands".
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter'
import { copyShellTree, type ShellNode } from './shellTree'

const require = createRequire(import.meta.url)

/**
 * The built app carries the grammar beside its main bundle (out/main, this module's chunk sits
 * in out/main/chunks): electron.vite.config.ts copies it there, since tree-sitter-bash is only
 * a build-time dependency. Run from source (tests, benchmarks) it comes from node_modules.
 */
function grammarFile(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  for (const dir of [here, dirname(here)]) {
    const built = join(dir, 'tree-sitter-bash.wasm')
    if (existsSync(built)) return built
  }
  return require.resolve('tree-sitter-bash/tree-sitter-bash.wasm')
}

async function load(): Promise<Parser> {
  await Parser.init()
  const bash = await Language.load(grammarFile())
  const parser = new Parser()
  parser.setLanguage(bash)
  return parser
}

const parser = await load()

export interface ShellSyntaxError {
  /** 0-based offset into the parsed text. */
  offset: number
  /** 1-based line within the parsed text. */
  line: number
  message: string
}

export interface ParsedShell {
  tree: Tree
  root: Node
  errors: ShellSyntaxError[]
}

/** Parses `text`; the caller must `tree.delete()` when done (WASM memory is not GC'd). */
/**
 * tree-sitter-bash reads `! case …`, `! if …`, `! { …; }` as a command named `case`/`if`/`{`.
 * The `!` only inverts the exit status; blanking it (same length, so every offset holds) lets
 * the grammar see the compound command bash runs.
 */
const NEGATED_COMPOUND = /(^|[\s;&|(])!(?=\s+(?:\{|\(|case|if|while|until|for|select|\[\[)[\s({])/g

export function parseShell(text: string): ParsedShell {
  const tree = parser.parse(text.includes('!') ? text.replace(NEGATED_COMPOUND, '$1 ') : text)
  if (!tree) throw new Error('tree-sitter returned no tree')
  const root = tree.rootNode
  return { tree, root, errors: root.hasError ? syntaxErrors(root, text) : [] }
}

/** Parses, hands the tree to `fn`, and frees it whatever `fn` does. */
export function withShellTree<T>(text: string, fn: (parsed: ParsedShell) => T): T {
  const parsed = parseShell(text)
  try {
    return fn(parsed)
  } finally {
    parsed.tree.delete()
  }
}

/**
 * Parses and hands `fn` a plain copy of the tree (see shellTree.ts) with the syntax errors; the
 * WASM tree is freed before `fn` runs. For readers that visit every node (the classifier).
 */
export function withShellCopy<T>(
  text: string,
  fn: (parsed: { root: ShellNode; errors: ShellSyntaxError[] }) => T,
): T {
  const copied = withShellTree(text, ({ tree, errors }) => ({
    root: copyShellTree(tree, text),
    errors,
  }))
  return fn(copied)
}

function syntaxErrors(root: Node, text: string): ShellSyntaxError[] {
  const out: ShellSyntaxError[] = []
  const visit = (n: Node): void => {
    if (out.length >= 5) return
    if (n.type === 'ERROR' || n.isMissing) {
      const near = text.slice(n.startIndex, n.startIndex + 20).split('\n')[0] ?? ''
      out.push({
        offset: n.startIndex,
        line: n.startPosition.row + 1,
        message: n.isMissing
          ? `missing ${n.type} at line ${n.startPosition.row + 1}`
          : `cannot read the shell syntax at line ${n.startPosition.row + 1}${near ? ` near "${near}"` : ''}`,
      })
      return
    }
    if (!n.hasError) return
    for (const c of n.children) if (c) visit(c)
  }
  visit(root)
  return out
}
