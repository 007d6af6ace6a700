// The classifier reads a plain copy of the bash tree (shell/shellTree.ts) instead of the live
// WASM tree. A copy that differed anywhere (a type, a span, a field, a dropped child) would let
// a command go unjudged, so the copy is compared node for node with the live tree: on every
// shell block of the wild corpus, on generated scripts, and on broken and deep input.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import type { Node } from 'web-tree-sitter'
import { describe, expect, it } from 'vitest'
import { parseRunbook } from '../../../src/main/core/runbooks/parse'
import { withShellTree } from '../../../src/main/core/runbooks/shell/parser'
import { copyShellTree, type ShellNode } from '../../../src/main/core/runbooks/shell/shellTree'
import { classifyShell } from '../../../src/main/core/runbooks/shell/classifyShell'
import { allCommands } from '../../../src/main/core/runbooks/walk'

const CORPUS = join(import.meta.dirname, '..', '..', 'fixtures', 'runbooks-wild')

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return markdownFiles(path)
    return name.endsWith('.md') ? [path] : []
  })
}

interface Shape {
  type: string
  named: boolean
  field: string | null
  text: string
  row: number
  children: Shape[]
}

// The copy keeps field names only under the parents whose fields the classifier reads.
const FIELD_PARENTS = new Set(['redirected_statement', 'file_redirect'])

function live(n: Node, field: string | null): Shape {
  const children: Shape[] = []
  for (let i = 0; i < n.childCount; i++) {
    const c = n.child(i)
    if (c) children.push(live(c, FIELD_PARENTS.has(n.type) ? n.fieldNameForChild(i) : null))
  }
  return { type: n.type, named: n.isNamed, field, text: n.text, row: n.startPosition.row, children }
}

function copied(n: ShellNode): Shape {
  return {
    type: n.type,
    named: n.isNamed,
    field: n.field,
    text: n.text,
    row: n.startRow,
    children: n.children.map(copied),
  }
}

function sameTree(text: string): void {
  withShellTree(text, ({ tree, root }) => {
    expect(copied(copyShellTree(tree, text))).toEqual(live(root, null))
  })
}

describe('the classifier’s copy of a bash tree', () => {
  it('equals the live tree on every shell block of the wild corpus', () => {
    let blocks = 0
    for (const file of markdownFiles(CORPUS)) {
      for (const c of allCommands(parseRunbook(readFileSync(file, 'utf8'), file))) {
        if (c.kind !== 'shell') continue
        sameTree(c.code)
        blocks++
      }
    }
    expect(blocks).toBeGreaterThan(80)
  })

  it('keeps the fields the classifier asks for', () => {
    const text = 'echo hi > /tmp/out.txt 2>&1\n'
    withShellTree(text, ({ tree }) => {
      const statement = copyShellTree(tree, text).children[0]
      expect(statement?.type).toBe('redirected_statement')
      expect(statement?.childForFieldName('body')?.text).toBe('echo hi')
      const redirects = statement?.childrenForFieldName('redirect') ?? []
      expect(redirects.map((r) => r.text)).toEqual(['> /tmp/out.txt', '2>&1'])
      expect(redirects[0]?.childForFieldName('destination')?.text).toBe('/tmp/out.txt')
    })
  })

  it('equals the live tree on generated scripts, broken ones and non-ASCII text included', () => {
    const piece = fc.constantFrom(
      'kubectl get pods -n "$NS"',
      ' | ',
      ' && ',
      '; ',
      '\n',
      "echo 'ノード名' ",
      '$(date)',
      '`id`',
      '<<EOF\nbody $x\nEOF\n',
      'if [ -f x ]; then ',
      'fi',
      'for i in 1 2; do ',
      'done',
      '{ ',
      ' }',
      '"',
      "'",
      '> /tmp/out ',
      '2>&1',
      '😀',
      'a=b ',
      '\\\n',
      '# note\n',
      '(( i++ ))',
      '[[ -n $x ]]',
    )
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 30 }), (p) =>
        sameTree(p.join('')),
      ),
      { numRuns: 400 },
    )
  })

  it('copies a list nested one level per command without running out of stack', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `test -f /x${i}`).join(' && ')
    withShellTree(text, ({ tree }) => {
      let depth = 0
      for (let n: ShellNode | undefined = copyShellTree(tree, text); n; n = n.children[0]) depth++
      expect(depth).toBeGreaterThan(1000)
    })
  })

  it('lets the classifier judge every command of a 20 000-command list (it threw before)', () => {
    const text = `${Array.from({ length: 20_000 }, (_, i) => `test -f /x${i}`).join(' && ')} && rm -rf /srv`
    const judged = classifyShell(text)
    expect(judged.verdicts).toHaveLength(20_001)
    expect(judged.verdicts.at(-1)).toMatchObject({
      class: 'state-changing',
      command: 'rm -rf /srv',
    })
  })

  it('judges commands named like Object.prototype properties as unknown (valueOf threw)', () => {
    for (const name of ['valueOf', 'constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const judged = classifyShell(`${name} --now && sudo ${name}`)
      expect(judged.verdicts.map((v) => v.class)).toEqual(['unknown', 'unknown'])
    }
  })
})
