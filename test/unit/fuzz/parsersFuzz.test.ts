// Property-based fuzzing of what Sitrep reads from files a responder imports: runbooks
// (Markdown), ~/.ssh/config, and exported JSON (when the importer exists). Each input must give
// a result or a typed SitrepError with a message (never another exception), and each parse is
// time-boxed: a slow input fails with the input that caused it.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SitrepError } from '../../../src/main/core/errors'
import { parseRunbook, RunbookError } from '../../../src/main/core/runbooks'
import { parseSshConfig, SshConfigError } from '../../../src/main/core/sessions/ssh/sshConfig'
import { jsonImporters } from './importers'

/** Per input: a parse that takes longer is a hang in the making (pathological backtracking). */
const TIME_BOX_MS = 1_500
const RUNS = Number(process.env.SITREP_FUZZ_RUNS ?? 400)

function timeBoxed<T>(what: string, input: unknown, fn: () => T): T {
  const start = performance.now()
  const out = fn()
  const ms = performance.now() - start
  if (ms > TIME_BOX_MS) {
    const shown = JSON.stringify(input)?.slice(0, 300)
    throw new Error(`${what} took ${ms.toFixed(0)} ms (> ${TIME_BOX_MS} ms) on ${shown}`)
  }
  return out
}

/** A line that looks like a line of a runbook, or of something near one. */
const runbookLine = fc.oneof(
  fc.constantFrom(
    '# 障害対応: DB 接続エラー',
    '## 1. 確認',
    '###### deep',
    '#no-space heading',
    '- [ ] `systemctl status nginx` を確認する',
    '- [x] done',
    '  - [ ] nested',
    '* [ ] star item',
    '1. [ ] numbered',
    '```bash',
    '```bash {name="restart" target=web confirm}',
    '```sql',
    '```promql',
    '~~~',
    '```',
    '````',
    '---',
    'title: 手順書',
    'severity: [P1, P2',
    'params: {a: 1}',
    'kubectl -n [NAMESPACE] rollout restart deploy/<deployment>',
    'psql -c "DELETE FROM t WHERE id = {{id}}"',
    'rm -rf ${DIR}/[A|B|C]',
    'sudo env X=1 xargs rm -rf /',
    '[[[[[[[[[[[[[[[[[[[[',
    '<<<<<<<<<<<<<<<<<<<<>',
    '{{{{{{{{{{{{{{{{{{{{}}',
    '${${${${${${${${${',
    '',
    '\t',
    '\u0000\u0001\u001b[31m',
    '\ufeff# BOM',
  ),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
)
const runbookText = fc
  .tuple(
    fc.array(runbookLine, { maxLength: 60 }),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.integer({ min: 0, max: 3 }),
  )
  .map(([lines, eol, indent]) => lines.map((l) => ' '.repeat(indent) + l).join(eol))
/** Long runs of one construct: where a backtracking pattern would blow up. */
const pathological = fc
  .tuple(
    fc.constantFrom('[', '<', '{{', '${', '- [ ] ', '```', '|', '*', '\\', 'a', ' ', '#', '`'),
    fc.integer({ min: 1_000, max: 50_000 }),
    fc.constantFrom('', '\n', 'x', ']', '>'),
  )
  .map(([unit, n, tail]) => unit.repeat(n) + tail)

describe('runbook parser fuzz', () => {
  it('is total on text: a runbook with line-numbered warnings, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(runbookText, runbookText, pathological), (text) => {
        let rb
        try {
          rb = timeBoxed('parseRunbook', text, () => parseRunbook(text, 'fuzz.md'))
        } catch (err) {
          // Only text that cannot be Markdown (NUL bytes) may be refused, with the file named.
          expect(text).toContain('\u0000')
          expect(err).toBeInstanceOf(RunbookError)
          expect((err as RunbookError).message).toMatch(/fuzz\.md.*binary data/)
          return
        }
        const lineCount = text.split(/\r\n|\r|\n/).length
        for (const w of rb.warnings) {
          expect(w.line).toBeGreaterThanOrEqual(1)
          expect(w.line).toBeLessThanOrEqual(lineCount + 1)
          expect(w.message.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: RUNS },
    )
  })

  it('on bytes: parses text, refuses non-text with a RunbookError that says so', () => {
    let refused = 0
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4_000 }), (bytes) => {
        try {
          timeBoxed('parseRunbook(bytes)', [...bytes.slice(0, 100)], () =>
            parseRunbook(bytes, 'fuzz.md'),
          )
        } catch (err) {
          expect(err).toBeInstanceOf(RunbookError)
          expect((err as RunbookError).message).toMatch(/fuzz\.md/)
          refused++
        }
      }),
      { numRuns: RUNS },
    )
    expect(refused).toBeGreaterThan(0)
  })
})

const sshConfigLine = fc.oneof(
  fc.constantFrom(
    'Host web-*',
    'Host *',
    'Host !bastion *.prod "quoted alias"',
    'Host "unclosed',
    'Match host foo exec "true"',
    'Include ~/.ssh/conf.d/*',
    '  HostName 10.0.0.5',
    '  HostName',
    '  Port 2222',
    '  Port 99999',
    '  Port twenty',
    '  Port=22',
    '  User = deploy',
    '  IdentityFile ~/.ssh/id_ed25519',
    '  IdentityFile "~/my keys/id"',
    '  ProxyJump bastion,jump2',
    '  ProxyJump user@host:2200',
    '  ProxyCommand ssh -W %h:%p bastion',
    '  ProxyCommand none',
    '  ServerAliveInterval 30',
    '# comment',
    '',
    '\t',
    `Host ${'a*'.repeat(40)}b`,
    `Host ${'a'.repeat(60)}`,
    `Host ${'?*'.repeat(40)}`,
  ),
  fc.string({ maxLength: 60 }),
  fc
    .tuple(fc.constantFrom('Host', 'HostName', 'Port', 'User', 'ProxyJump'), fc.string())
    .map(([k, v]) => `${k} ${v}`),
)

describe('ssh config importer fuzz', () => {
  it('imports hosts or names the bad line, never anything else, in bounded time', () => {
    let errors = 0
    let imported = 0
    fc.assert(
      fc.property(
        fc.array(sshConfigLine, { maxLength: 80 }).map((l) => l.join('\n')),
        (text) => {
          const lines = text.split(/\r?\n/).length
          try {
            const { hosts } = timeBoxed('parseSshConfig', text, () =>
              parseSshConfig(text, 'fuzz_config'),
            )
            imported += hosts.length
            for (const h of hosts) {
              expect(h.port).toBeGreaterThanOrEqual(1)
              expect(h.port).toBeLessThanOrEqual(65535)
              expect(h.hostName.length).toBeGreaterThan(0)
              // ProxyJump and ProxyCommand compete in OpenSSH: a host never has both.
              expect(h.proxyJump.length > 0 && h.proxyCommand !== null).toBe(false)
            }
          } catch (err) {
            expect(err).toBeInstanceOf(SshConfigError)
            const e = err as SshConfigError
            expect(e.line).toBeGreaterThanOrEqual(1)
            expect(e.line).toBeLessThanOrEqual(lines)
            expect(e.message).toMatch(/^fuzz_config, line \d+: .+Fix that line/)
            errors++
          }
        },
      ),
      { numRuns: RUNS },
    )
    expect(errors).toBeGreaterThan(0)
    expect(imported).toBeGreaterThan(0)
  })

  it('matches Host patterns as OpenSSH globs (checked against a regex on short inputs)', () => {
    const glob = (p: string): RegExp =>
      new RegExp(
        `^${p
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
        'i',
      )
    const short = (chars: string[]) =>
      fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 8 }).map((a) => a.join(''))
    fc.assert(
      fc.property(
        short(['a', 'B', 'b', '.', '-']),
        short(['a', 'b', '*', '?', '.']),
        (alias, pattern) => {
          const text = `Host ${alias}\n\nHost ${pattern}\n  User matched\n`
          const { hosts } = parseSshConfig(text, 'fuzz_config')
          const host = hosts.find((h) => h.alias === alias)
          expect(host?.user === 'matched').toBe(glob(pattern).test(alias))
        },
      ),
      { numRuns: RUNS * 2 },
    )
  })

  it('wildcard-heavy patterns against long aliases stay fast', () => {
    // Host patterns become regular expressions; many `*` against a long alias is the classic
    // catastrophic-backtracking shape.
    for (const stars of [10, 20, 30]) {
      const text = [`Host ${'a'.repeat(40)}`, '', `Host ${'a*'.repeat(stars)}b`, '  User x'].join(
        '\n',
      )
      timeBoxed('parseSshConfig (wildcards)', text, () => parseSshConfig(text, 'fuzz_config'))
    }
  })
})

const importers = await jsonImporters()

/** A valid JSON document with one value changed, removed, or duplicated at a random place. */
function mutated(valid: string): fc.Arbitrary<string> {
  const doc = JSON.parse(valid) as unknown
  const paths: (string | number)[][] = []
  const walk = (v: unknown, path: (string | number)[]): void => {
    paths.push(path)
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]))
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) walk(x, [...path, k])
  }
  walk(doc, [])
  return fc
    .tuple(
      fc.constantFrom(...paths.filter((p) => p.length > 0)),
      fc.constantFrom('replace', 'delete', 'duplicate'),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(([path, op, value]) => {
      const copy = JSON.parse(valid) as Record<string | number, unknown>
      let parent: Record<string | number, unknown> = copy
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
      const key = path[path.length - 1] as string | number
      if (op === 'delete') {
        if (Array.isArray(parent)) parent.splice(Number(key), 1)
        else delete parent[key]
      } else if (op === 'duplicate' && Array.isArray(parent)) parent.push(parent[key])
      else parent[key] = value
      return JSON.stringify(copy)
    })
}

describe('JSON importer fuzz', () => {
  it('has importers to fuzz', () => {
    expect(importers.length).toBeGreaterThan(0)
  })

  it.each(importers)('$name: accepts its valid file; any damage is a typed error', async (imp) => {
    imp.run(imp.valid)
    let refused = 0
    const json = fc.oneof(
      mutated(imp.valid),
      mutated(imp.valid),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
      fc.constantFrom('', '{', '[]', 'null', '\ufeff{}', imp.valid.slice(0, imp.valid.length / 2)),
      fc.integer({ min: 1_000, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
    )
    fc.assert(
      fc.property(json, (text) => {
        try {
          timeBoxed(imp.name, text.slice(0, 300), () => imp.run(text))
        } catch (err) {
          if (err instanceof Error && /took \d+ ms/.test(err.message)) throw err
          expect(err, `${imp.name} threw a non-Sitrep error`).toBeInstanceOf(SitrepError)
          expect((err as SitrepError).message.length).toBeGreaterThan(10)
          refused++
        }
      }),
      { numRuns: RUNS },
    )
    expect(refused).toBeGreaterThan(RUNS / 2)
  })
})
