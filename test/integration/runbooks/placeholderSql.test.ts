// SQL placeholder values never become SQL. Hostile values are filled by their parse position
// (literal, E'' literal, identifier, bare value, bare name, comment, psql backslash argument) and
// run by psql against a real PostgreSQL 15: the value arrives as exactly the literal or name,
// and nothing else executes (the canary table keeps no row and exists, no canary file appears).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { PlaceholderValueError } from '../../../src/main/core/runbooks/placeholderErrors'
import { fillPlaceholders, parametersOf } from '../../../src/main/core/runbooks/placeholders'
import { POSTGRES_PATH, startPostgres, type Postgres } from '../../helpers/services/postgres'
import { describeWithBinaries } from '../../helpers/services/require'

const PSQL = '/usr/bin/psql'

interface Context {
  code: string
  /** What psql prints (unaligned, tuples only unless the header is the answer). */
  expect: (v: string) => string
  header?: boolean
  /** Values refused here, besides control characters. */
  refuses?: (v: string) => boolean
}

const CONTEXTS: Record<string, Context> = {
  literal: { code: "SELECT 'PH' AS v;", expect: (v) => v },
  'literal inside text': { code: "SELECT 'a PH b' AS v;", expect: (v) => `a ${v} b` },
  'escape-string literal': { code: "SELECT E'PH' AS v;", expect: (v) => v },
  'bare value': { code: 'SELECT PH::text AS v;', expect: (v) => v },
  'value in WHERE': {
    code: "SELECT count(*) FROM (VALUES ('x')) s(name) WHERE name = PH OR PH IS NULL;",
    expect: (v) => (v === 'x' ? '1' : '0'),
  },
  'quoted identifier': { code: 'SELECT 1 AS "PH";', expect: (v) => v, header: true },
  'bare name': { code: 'SELECT 1 AS PH;', expect: (v) => v, header: true },
  'dollar-quoted': {
    code: 'SELECT $$PH$$ AS v;',
    expect: (v) => v,
    refuses: (v) => v.includes('$'),
  },
  comment: { code: 'SELECT 1 AS v; -- PH', expect: () => '1' },
  'block comment': {
    code: 'SELECT 1 AS v /* PH */;',
    expect: () => '1',
    refuses: (v) => /\*\/|\/\*/.test(v),
  },
  'psql \\echo argument': { code: '\\echo PH', expect: (v) => v },
}

const HOSTILE = [
  "'",
  "''",
  '"',
  '\\',
  '$',
  '$$',
  ';',
  '--',
  '/*',
  '*/',
  "'); INSERT INTO canary VALUES (1); --",
  '"; DROP TABLE canary; --',
  '$$; DROP TABLE canary; $$',
  '*/ INSERT INTO canary VALUES (2); /*',
  '\\! touch canary',
  '\\gexec',
  ":'x'",
  ':x',
  '`touch canary`',
  'a b',
  'x',
  '日本',
  'é',
  '😀',
  '%',
  '_',
  'NULL',
  '\n',
  '\0',
]
const hostile = fc
  .array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 3 })
  .map((p) => p.join(''))
  // PostgreSQL truncates names to 63 bytes: keep names comparable.
  .filter((v) => Buffer.byteLength(v) <= 60)

const hasControl = (v: string): boolean => [...v].some((c) => (c.codePointAt(0) ?? 0) < 0x20)

describeWithBinaries(
  'SQL placeholders against PostgreSQL 15',
  [
    { name: 'postgres', path: POSTGRES_PATH, aptPackage: 'postgresql-15' },
    { name: 'psql', path: PSQL, aptPackage: 'postgresql-client-15' },
  ],
  () => {
    let pg: Postgres
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-sqlfill-'))
    const psql = (sql: string, header = false) =>
      spawnSync(
        PSQL,
        ['-X', '-q', '-A', ...(header ? [] : ['-t']), '-v', 'ON_ERROR_STOP=1', '-f', '-'],
        {
          input: sql,
          cwd: dir,
          encoding: 'utf8',
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            PGHOST: pg.host,
            PGPORT: String(pg.port),
            PGUSER: pg.user,
            PGDATABASE: pg.database,
            PGCLIENTENCODING: 'UTF8',
          },
          timeout: 20_000,
        },
      )

    beforeAll(async () => {
      pg = await startPostgres()
      expect(psql('CREATE TABLE canary (n int);').status).toBe(0)
    }, 60_000)
    afterAll(async () => {
      await pg?.stop()
      rmSync(dir, { recursive: true, force: true })
    })

    it.each(Object.entries(CONTEXTS))('%s', (_name, ctx) => {
      for (const style of ['<val>', '{{val}}']) {
        const code = ctx.code.replaceAll('PH', style)
        const parameters = parametersOf(code, 1, [], 'sql')
        expect(parameters.map((p) => p.name)).toEqual(['val'])
        fc.assert(
          fc.property(hostile, (value) => {
            let filled: string
            try {
              filled = fillPlaceholders({ code, kind: 'sql', parameters }, { val: value })
            } catch (err) {
              expect(err).toBeInstanceOf(PlaceholderValueError)
              expect(
                hasControl(value) || (ctx.refuses?.(value) ?? false),
                `refused ${JSON.stringify(value)}: ${(err as Error).message}`,
              ).toBe(true)
              return
            }
            expect(hasControl(value)).toBe(false)
            const r = psql(filled, ctx.header)
            expect(r.stderr, filled).toBe('')
            const lines = r.stdout.split('\n')
            expect(ctx.header ? lines[0] : r.stdout.replace(/\n$/, ''), filled).toBe(
              ctx.expect(value),
            )
            const canary = psql('SELECT count(*) FROM canary;')
            expect(canary.stdout.trim(), `${filled}: the canary table`).toBe('0')
            expect(existsSync(join(dir, 'canary')), filled).toBe(false)
          }),
          { numRuns: Number(process.env.SITREP_FILL_RUNS ?? 15) },
        )
      }
    })

    it('refuses a placeholder standing for a keyword or half a name, naming the line', () => {
      for (const code of [
        'SELECT 1;\nSELECT * FROM t <dir> BY x;',
        'SELECT 1;\nSELECT * FROM {{prefix}}_events;',
      ]) {
        const parameters = parametersOf(code, 10, [], 'sql')
        const name = parameters[0]?.name ?? ''
        expect(() =>
          fillPlaceholders({ code, kind: 'sql', parameters, firstLine: 10 }, { [name]: 'ORDER' }),
        ).toThrow(/on line 11 stands where SQL syntax/)
      }
    })
  },
)
