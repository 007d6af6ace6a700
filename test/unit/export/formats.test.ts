// Every export format on the fixed incident: golden files (UPDATE_GOLDEN=1 rewrites them), GFM
// tables that pandoc reads as tables, RFC 4180 CSV, and the planted secrets in no output at all.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ExportFormat, ExportResult } from '../../../src/shared/contract'
import { requireBinary } from '../../helpers/services/require'
import { buildFixture, normalizeIds, planted, type Fixture } from './fixture'

const GOLDEN = join(__dirname, '../../fixtures/export')

let fx: Fixture | null = null
afterEach(() => {
  fx?.core.close()
  fx = null
})

async function run(
  f: Fixture,
  format: ExportFormat,
  lang: 'en' | 'ja' = 'en',
): Promise<ExportResult> {
  return f.core.exports().service.run({
    incidentId: f.incident.id,
    format,
    lang,
    patterns: [],
    inline: false,
  })
}

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name)
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true })
    writeFileSync(file, actual)
  }
  expect(actual).toBe(readFileSync(file, 'utf8'))
}

/** The machine's name as a whole word: a short one ("vm") also occurs inside base64 and words. */
const machineName = new RegExp(
  `(?<![A-Za-z0-9+/_-])${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_-])`,
  'g',
)

const stable = (text: string): string =>
  normalizeIds(text)
    // Each install's Ed25519 key is new in every run: its key and signatures are placeholders
    // here (test/unit/export/signing.test.ts checks them). First: a random signature once held
    // the machine's name, and the name's placeholder broke the signature's.
    .replace(/"(publicKey|signature|maskedSignature)":"[A-Za-z0-9+/=]+"/g, '"$1":"<$1>"')
    .replace(machineName, '<host>')

/** Everything an output holds as text, base64 transcripts of the JSON bundle decoded. */
function readable(path: string): string {
  const text = readFileSync(path, 'utf8')
  if (!path.endsWith('.json')) return text
  const bundle = JSON.parse(text) as { sessions: { chunks: [number, string, string][] }[] }
  const decoded = bundle.sessions.flatMap((s) =>
    s.chunks.map((c) => Buffer.from(c[2], 'base64').toString('utf8')),
  )
  return `${text}\n${decoded.join('')}`
}

describe('export formats on a fixed incident', () => {
  it('writes golden Markdown (en, ja), HTML, CSV, JSON and asciicast', async () => {
    fx = buildFixture({ secrets: false })
    for (const [format, lang, name] of [
      ['markdown', 'en', 'postmortem.en.md'],
      ['markdown', 'ja', 'postmortem.ja.md'],
      ['html', 'ja', 'postmortem.ja.html.golden'],
      ['csv', 'en', 'timeline.csv'],
      ['json', 'en', 'bundle.sitrep.json.golden'],
      ['asciicast', 'en', 'session.cast'],
    ] as const) {
      const r = await run(fx, format, lang)
      expect(r.files).toHaveLength(1)
      expect(r.masked).toBe(0)
      golden(name, stable(readFileSync(r.files[0]!.path, 'utf8')))
    }
    // Files land under <dataDir>/exports and nothing half-written is left next to them.
    const names = readdirSync(join(fx.dataDir, 'exports'))
    expect(names).toHaveLength(6)
    expect(names.filter((n) => n.endsWith('.part'))).toEqual([])
  })

  it.skipIf(requireBinary('pandoc', '/usr/bin/pandoc', 'pandoc'))(
    'Markdown tables are real tables to pandoc (GFM)',
    async () => {
      fx = buildFixture({ secrets: false })
      for (const lang of ['en', 'ja'] as const) {
        const r = await run(fx, 'markdown', lang)
        const ast = JSON.parse(
          execFileSync('pandoc', ['-f', 'gfm', '-t', 'json', r.files[0]!.path], {
            encoding: 'utf8',
          }),
        ) as { blocks: { t: string; c: unknown }[] }
        const tables = ast.blocks.filter((b) => b.t === 'Table')
        // severity history, roles, timeline (action items are empty: a dash, not a table)
        expect(tables.length).toBe(3)
        const json = JSON.stringify(tables[2])
        // The timeline table holds the pinned note and the runbook command.
        expect(json).toContain('max_connections')
        expect(json).toContain('pgbouncer')
        // A pipe in the description stayed inside its cell: the rows have 3 cells each.
        const body = (tables[2] as { c: unknown[] }).c[4] as unknown[]
        const rows = ((body[0] as unknown[])[3] as unknown[]) ?? []
        for (const row of rows) expect(((row as unknown[])[1] as unknown[]).length).toBe(3)
      }
    },
  )

  it('CSV follows RFC 4180: CRLF, quoted fields, doubled quotes, one record per event', async () => {
    fx = buildFixture({ secrets: false })
    const r = await run(fx, 'csv')
    const text = readFileSync(r.files[0]!.path, 'utf8')
    expect(text.startsWith('\ufeffseq,uid,at_utc')).toBe(true)
    // Parse it by the RFC's grammar and compare with the timeline.
    const records: string[][] = []
    let field = ''
    let record: string[] = []
    let quoted = false
    const body = text.slice(1)
    for (let i = 0; i < body.length; i++) {
      const ch = body[i]
      if (quoted) {
        if (ch === '"' && body[i + 1] === '"') {
          field += '"'
          i++
        } else if (ch === '"') quoted = false
        else field += ch
      } else if (ch === '"') quoted = true
      else if (ch === ',') {
        record.push(field)
        field = ''
      } else if (ch === '\r' && body[i + 1] === '\n') {
        record.push(field)
        records.push(record)
        record = []
        field = ''
        i++
      } else {
        expect(ch).not.toBe('\n')
        field += ch
      }
    }
    const events = fx.core.data.require().timeline.list(fx.incident.id, { limit: 1000 })
    expect(records).toHaveLength(events.length + 1)
    expect(records.every((r) => r.length === 12)).toBe(true)
    const note = records.find((r) => r[7]?.includes('too many clients'))
    expect(note?.[7]).toBe('DB connections at max_connections (100/100), "too many clients"')
  })

  it('masks every planted secret in every format, and the preview lists each kind', async () => {
    fx = buildFixture({ secrets: true })
    const preview = await fx.core.exports().preview(fx.incident.id, [])
    expect(Object.keys(preview.byKind).sort()).toEqual(
      [
        'aws-access-key',
        'aws-secret-key',
        'bearer',
        'connection-string',
        'known-secret',
        'password',
        'private-key',
        'token',
        'user-pattern',
      ].sort(),
    )
    expect(preview.knownSecrets).toBeGreaterThanOrEqual(1)
    const shown = JSON.stringify(preview.findings)
    for (const secret of Object.values(planted)) expect(shown).not.toContain(secret)
    expect(preview.findings.some((f) => f.excerpt.includes('PGPASSWORD=[REDACTED]'))).toBe(true)

    for (const format of ['markdown', 'html', 'csv', 'json', 'asciicast'] as const) {
      for (const lang of ['en', 'ja'] as const) {
        const r = await run(fx, format, lang)
        expect(r.masked, format).toBeGreaterThan(0)
        for (const f of r.files) {
          const text = readable(f.path)
          for (const [kind, secret] of Object.entries(planted)) {
            expect(text.includes(secret), `${kind} leaked into ${format}/${lang}`).toBe(false)
          }
          expect(text).toContain('[REDACTED]')
        }
      }
    }
  })
})
