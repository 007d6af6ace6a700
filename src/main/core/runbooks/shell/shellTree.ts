// A plain JavaScript copy of a tree-sitter bash tree, made in one cursor walk. The classifier
// visits every node of a block several times (type, children, text, fields); through
// web-tree-sitter each of those reads crosses into WASM and allocates a Node, which cost more
// than parsing itself on big blocks. The copy reads each node's type, span and field once.
// Only what the classifier reads is kept; placeholder filling, which needs parents, keeps using
// the live tree (fillShell.ts).
import type { Language, Tree, TreeCursor } from 'web-tree-sitter'

export class ShellNode {
  readonly children: ShellNode[] = []
  private named: ShellNode[] | null = null

  constructor(
    private readonly source: Source,
    readonly type: string,
    readonly isNamed: boolean,
    /**
     * Field of this node in its parent, kept only under FIELD_PARENTS (`body`, `redirect`,
     * `destination`); null elsewhere.
     */
    readonly field: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
  ) {}

  get text(): string {
    return this.source.text.slice(this.startIndex, this.endIndex)
  }

  /** 0-based row of the node's first character, as tree-sitter's startPosition.row. */
  get startRow(): number {
    return this.source.rowOf(this.startIndex)
  }

  get namedChildren(): ShellNode[] {
    this.named ??= this.children.filter((c) => c.isNamed)
    return this.named
  }

  get firstNamedChild(): ShellNode | null {
    return this.namedChildren[0] ?? null
  }

  childForFieldName(field: string): ShellNode | null {
    return this.children.find((c) => c.field === field) ?? null
  }

  childrenForFieldName(field: string): ShellNode[] {
    return this.children.filter((c) => c.field === field)
  }
}

/** The parsed text and where its lines start, shared by every node of one copy. */
class Source {
  private lineStarts: number[] | null = null

  constructor(readonly text: string) {}

  rowOf(index: number): number {
    const starts = (this.lineStarts ??= lineStarts(this.text))
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((starts[mid] ?? 0) <= index) lo = mid
      else hi = mid - 1
    }
    return lo
  }
}

function lineStarts(text: string): number[] {
  const out = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1)
  return out
}

/** Node types whose children's field names the classifier reads (childForFieldName). */
const FIELD_PARENTS = new Set(['redirected_statement', 'file_redirect'])

/** Per language: names of types and fields, and which types are named (read once each). */
interface Names {
  types: string[]
  fields: Array<string | null>
  named: Map<number, boolean>
}

const namesByLanguage = new WeakMap<Language, Names>()

function namesOf(language: Language): Names {
  let names = namesByLanguage.get(language)
  if (!names) {
    names = { types: language.types, fields: language.fields, named: new Map() }
    namesByLanguage.set(language, names)
  }
  return names
}

/** Copies `tree` (parsed from `text`) into ShellNodes; the live tree can be deleted afterwards. */
export function copyShellTree(tree: Tree, text: string): ShellNode {
  const names = namesOf(tree.language)
  const source = new Source(text)
  const cursor = tree.walk()
  try {
    const node = (c: TreeCursor, parent: ShellNode | null): ShellNode => {
      const typeId = c.nodeTypeId
      let named = names.named.get(typeId)
      if (named === undefined) {
        named = c.nodeIsNamed
        names.named.set(typeId, named)
      }
      // Fields are read only where the classifier asks for them (one WASM call saved per node).
      const fieldId = parent !== null && FIELD_PARENTS.has(parent.type) ? c.currentFieldId : 0
      return new ShellNode(
        source,
        // An ERROR node's type id (0xFFFF) lies past the table; the cursor names it.
        names.types[typeId] ?? c.nodeType,
        named,
        fieldId > 0 ? (names.fields[fieldId] ?? null) : null,
        c.startIndex,
        c.endIndex,
      )
    }
    const root = node(cursor, null)
    // Iterative: `a && b && …` nests one level per command, deeper than the JS stack on big blocks.
    // path[i] is the copy of the node the cursor stands on at depth i.
    const path: ShellNode[] = [root]
    const enter = (parent: ShellNode): void => {
      const child = node(cursor, parent)
      parent.children.push(child)
      path.push(child)
    }
    walk: for (;;) {
      if (cursor.gotoFirstChild()) {
        enter(path[path.length - 1] as ShellNode)
        continue
      }
      for (;;) {
        path.pop()
        const parent = path[path.length - 1]
        if (!parent) break walk
        if (cursor.gotoNextSibling()) {
          enter(parent)
          continue walk
        }
        cursor.gotoParent()
      }
    }
    return root
  } finally {
    cursor.delete()
  }
}
