// No import cycles anywhere in src/ (#21): a cycle makes module order decide behaviour (a class
// undefined at import time) and ties two places that should be able to change apart. Every
// relative import counts, `import type` and re-exports included, read by TypeScript's own
// pre-processor; the fixture case proves a cycle is found.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

function resolveImport(from: string, spec: string, files: ReadonlySet<string>): string | null {
  if (!spec.startsWith('.')) return null
  const base = resolve(dirname(from), spec)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (files.has(candidate)) return candidate
  }
  return null
}

/** Each cycle (strongly connected set of more than one file, or a file importing itself). */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, iterative so a deep chain of imports cannot overflow the stack.
  let index = 0
  const indexOf = new Map<string, number>()
  const low = new Map<string, number>()
  const onStack = new Set<string>()
  const stack: string[] = []
  const cycles: string[][] = []
  for (const start of graph.keys()) {
    if (indexOf.has(start)) continue
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }]
    indexOf.set(start, index)
    low.set(start, index++)
    stack.push(start)
    onStack.add(start)
    while (work.length > 0) {
      const top = work[work.length - 1] as { node: string; next: number }
      const edges = graph.get(top.node) ?? []
      if (top.next < edges.length) {
        const to = edges[top.next++] as string
        if (!indexOf.has(to)) {
          indexOf.set(to, index)
          low.set(to, index++)
          stack.push(to)
          onStack.add(to)
          work.push({ node: to, next: 0 })
        } else if (onStack.has(to)) {
          low.set(top.node, Math.min(low.get(top.node) ?? 0, indexOf.get(to) ?? 0))
        }
        continue
      }
      work.pop()
      const parent = work[work.length - 1]
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(top.node) ?? 0))
      if (low.get(top.node) === indexOf.get(top.node)) {
        const members: string[] = []
        for (;;) {
          const m = stack.pop() as string
          onStack.delete(m)
          members.push(m)
          if (m === top.node) break
        }
        if (members.length > 1 || edges.includes(top.node)) cycles.push(members.sort())
      }
    }
  }
  return cycles
}

describe('import graph', () => {
  it('finds a cycle when there is one (control)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ])
    expect(importCycles(graph)).toEqual([['a', 'b', 'c'], ['e']])
  })

  it('src/ has no import cycles, type imports and re-exports included', () => {
    const files = sourceFiles(join(ROOT, 'src'))
    const known = new Set(files)
    const graph = new Map<string, string[]>()
    for (const file of files) {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
      graph.set(
        file,
        importedFiles
          .map((i) => resolveImport(file, i.fileName, known))
          .filter((f): f is string => f !== null),
      )
    }
    expect(files.length).toBeGreaterThan(300)
    const cycles = importCycles(graph).map((c) => c.map((f) => relative(ROOT, f)))
    expect(cycles).toEqual([])
  })
})
