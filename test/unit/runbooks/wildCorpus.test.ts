// Runbooks written the way people write them (prompts with output, console blocks, loops, Go
// templates, Hugo front matter, a README.md per folder, blocks that open a session, upper-case
// and $VAR placeholders, psql heredocs), each beside its expected parse in a sidecar
// `<name>.expect.yaml` written by hand. All of test/fixtures/runbooks-wild/ was written for
// Sitrep; none of it is copied from a public runbook.
// Every field is compared: steps, blocks, parameters, read-only/state-changing per command and
// session-opening blocks.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import {
  allCommands,
  allSteps,
  parseRunbook,
  type Command,
  type Runbook,
} from '../../../src/main/core/runbooks'
import { RunbookLibrary } from '../../../src/main/core/runbooks/library'
import { startCore, type CoreUnderTest } from './coreSetup'

const CORPUS = path.resolve(import.meta.dirname, '../../fixtures/runbooks-wild')

type Check = [line: number, cls: 'read-only' | 'state-changing' | 'unknown', program: string]

interface ExpectedCommand {
  line: number
  kind: 'shell' | 'sql' | 'promql' | null
  runnable: boolean
  step?: string
  confirm?: boolean
  /** The code a run sends: prompts removed, output lines gone. */
  run: string
  /** Output lines shown with a prompted block (0: not a transcript, or no output). */
  output: number
  /** Per simple command (line within `run`): its class and the program it runs. */
  checks: Check[]
  /** Placeholder names, as the responder sees them. */
  parameters: string[]
  /** The block opens an interactive session (captured mode must not wait on it). */
  session?: boolean
}

interface Expected {
  id: string
  title: string
  warnings: string[]
  steps: string[]
  commands: ExpectedCommand[]
}

interface Case {
  relative: string
  file: string
  expected: Expected
}

function corpusFiles(dir: string, rel = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const r = rel === '' ? e.name : `${rel}/${e.name}`
      return e.isDirectory() ? corpusFiles(path.join(dir, e.name), r) : [r]
    })
}

const all = corpusFiles(CORPUS)
const runbookFiles = all.filter((f) => /\.(md|markdown|txt)$/.test(f))
const sidecarOf = (rel: string): string => rel.replace(/\.(md|markdown|txt)$/, '.expect.yaml')
const cases: Case[] = runbookFiles.map((relative) => ({
  relative,
  file: path.join(CORPUS, relative),
  expected: parseYaml(readFileSync(path.join(CORPUS, sidecarOf(relative)), 'utf8')) as Expected,
}))
const parsed = new Map<string, Runbook>(
  cases.map((c) => [c.relative, parseRunbook(readFileSync(c.file), c.relative)]),
)
const runbookOf = (c: Case): Runbook => {
  const rb = parsed.get(c.relative)
  if (!rb) throw new Error(`${c.relative} was not parsed`)
  return rb
}

// ---------------------------------------------------------------------------------------------
// Probes for fields that other work provides.

/**
 * Per-command verdicts ({ class, line, command }) wherever the classifier puts them. The
 * classifier may list only the commands that are not read-only: a command it does not list is
 * read-only.
 */
function verdictsOf(c: Command): { class: string; line: number; command: string }[] | null {
  for (const holder of [c.danger as unknown as Record<string, unknown>, c as unknown]) {
    for (const value of Object.values(holder as Record<string, unknown>)) {
      if (
        Array.isArray(value) &&
        value.length > 0 &&
        value.every((v) => typeof v === 'object' && v !== null && 'class' in v && 'line' in v)
      ) {
        return value as { class: string; line: number; command: string }[]
      }
    }
  }
  return null
}
/** Whether the block is recognised as opening an interactive session, wherever it is said. */
function opensSession(c: Command): boolean | null {
  for (const holder of [c.danger as unknown as Record<string, unknown>, c as unknown]) {
    for (const [key, value] of Object.entries(holder as Record<string, unknown>)) {
      if (!/session/i.test(key)) continue
      if (Array.isArray(value)) return value.length > 0
      if (typeof value === 'boolean') return value
      if (value !== null && value !== undefined) return true
    }
  }
  return null
}

/** The program a verdict's command runs: its first word after sudo and VAR=value. */
function programOf(command: string): string {
  const words = command.trim().split(/\s+/)
  while (words.length > 1 && (words[0] === 'sudo' || /^\w+=/.test(words[0] ?? ''))) words.shift()
  return words[0] ?? ''
}

const norm = (name: string): string => name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_')

// ---------------------------------------------------------------------------------------------

describe('runbooks-wild corpus', () => {
  it('has at least 60 runbooks, each with a sidecar, and no stray sidecar', () => {
    expect(runbookFiles.length).toBeGreaterThanOrEqual(60)
    const sidecars = all.filter((f) => f.endsWith('.expect.yaml'))
    expect(sidecars.sort()).toEqual(runbookFiles.map(sidecarOf).sort())
  })

  describe.each(cases.map((c) => [c.relative, c] as const))('%s', (_name, c) => {
    const rb = runbookOf(c)
    const commands = allCommands(rb)
    const stepText = new Map(allSteps(rb).map((s) => [s.id, s.text]))

    it('title, warnings and steps', () => {
      expect(rb.title).toBe(c.expected.title)
      expect(rb.warnings.map((w) => w.code)).toEqual(c.expected.warnings)
      expect(allSteps(rb).map((s) => s.text)).toEqual(c.expected.steps)
    })

    it('commands: where they stand, their kind, what runs and what is only shown', () => {
      expect(commands.map((x) => x.line)).toEqual(c.expected.commands.map((x) => x.line))
      c.expected.commands.forEach((want, i) => {
        const got = commands[i]
        const where = `${c.relative} block at line ${want.line}`
        expect({ kind: got?.kind, runnable: got?.runnable }, where).toEqual({
          kind: want.kind,
          runnable: want.runnable,
        })
        expect(got?.code, where).toBe(want.run)
        expect(got?.stepId ? stepText.get(got.stepId) : undefined, where).toBe(want.step)
        expect(got?.transcript?.filter((l) => l.role === 'output').length ?? 0, where).toBe(
          want.output,
        )
        expect(got?.attributes.confirm, where).toBe(want.confirm ?? false)
      })
    })

    it('parameters', () => {
      c.expected.commands.forEach((want, i) => {
        const got = commands[i]?.parameters.map((p) => norm(p.name)) ?? []
        expect([...new Set(got)], `${c.relative}:${want.line}`).toEqual(want.parameters.map(norm))
      })
    })

    it('read-only / state-changing per command', () => {
      c.expected.commands.forEach((want, i) => {
        const cmd = commands[i]
        if (!cmd?.runnable || want.kind === 'promql') return
        const verdicts = verdictsOf(cmd) ?? []
        const where = `${c.relative}:${want.line}`
        for (const [line, cls, program] of want.checks) {
          const onLine = verdicts.filter((v) => v.line === line)
          if (cls === 'read-only') {
            // Read-only: the classifier says nothing against this program on this line.
            const against = onLine.filter((v) => programOf(v.command) === program)
            expect(against, `${where}: ${program} on line ${line} should be read-only`).toEqual([])
          } else {
            // The verdict may name the SQL statement a psql line runs, or the redirection a
            // command writes through, rather than the program itself: the class on the line
            // is what counts.
            const classes = onLine.map((v) => v.class)
            expect(classes, `${where}: ${program} on line ${line} should be ${cls}`).toContain(cls)
          }
        }
        const worst = (xs: string[]): string =>
          xs.includes('state-changing')
            ? 'state-changing'
            : xs.includes('unknown')
              ? 'unknown'
              : 'read-only'
        expect(worst(verdicts.map((v) => v.class)), where).toBe(worst(want.checks.map((x) => x[1])))
      })
    })

    it('session-opening blocks', () => {
      c.expected.commands.forEach((want, i) => {
        const cmd = commands[i]
        if (!cmd?.runnable) return
        expect(opensSession(cmd) ?? false, `${c.relative}:${want.line}`).toBe(want.session ?? false)
      })
    })
  })
})

describe('runbooks-wild imported as one folder', () => {
  let t: CoreUnderTest | null = null
  afterAll(() => t?.core.close())

  it('gives every file its own id (front matter id, else its path), and re-imports add nothing', () => {
    t = startCore()
    const library = t.core.runbooks().library
    const first = library.importFolder(CORPUS)
    expect(first.failed).toEqual([])
    expect(first.conflicts).toEqual([])
    const idBySource = new Map(first.imported.map((i) => [i.summary.source, i.summary.id]))
    for (const c of cases) expect(idBySource.get(c.relative), c.relative).toBe(c.expected.id)
    expect(new Set(first.new).size).toBe(cases.length)

    const again = new RunbookLibrary(t.core.data.require().db, () => Date.now()).importFolder(
      CORPUS,
    )
    expect(again.new).toEqual([])
    expect(again.changed).toEqual([])
    expect(again.unchanged).toHaveLength(cases.length)
  })
})
