// The built-in runbooks (resources/runbooks/{en,ja}/<id>.md): each parses cleanly, the two
// languages are the same runbook (same ids, phases, steps and command code, so an incident can
// switch language without losing its checklist), every state-changing command asks for
// confirmation, and the read-only PostgreSQL queries are valid SQL on a real PostgreSQL 15.
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  allCommands,
  allSections,
  allSteps,
  fillPlaceholders,
  parseRunbook,
  type Command,
  type Runbook,
} from '../../../src/main/core/runbooks'
import {
  KUBECTL_PATH,
  OPENSSL_PATH,
  startKubeApi,
  type KubeApi,
} from '../../helpers/services/kubeApi'
import { freePort } from '../../helpers/services/ports'
import { POSTGRES_PATH, startPostgres, type Postgres } from '../../helpers/services/postgres'
import {
  PROMETHEUS_PATH,
  startPrometheus,
  type HttpService,
} from '../../helpers/services/prometheus'
import {
  spawnDaemon,
  terminate,
  trackDir,
  type TrackedProcess,
} from '../../helpers/services/processes'
import { requireBinaries } from '../../helpers/services/require'

const run = promisify(execFile)
const REDIS_SERVER = '/usr/bin/redis-server'

/** A command's exit status, its stdout, and stdout+stderr (`all`), whether it failed or not. */
async function exitOf(
  p: Promise<{ stdout: string; stderr: string }>,
): Promise<{ out: string; all: string; code: number }> {
  try {
    const { stdout, stderr } = await p
    return { out: stdout, all: stdout + stderr, code: 0 }
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number | string }
    return {
      out: e.stdout ?? '',
      all: (e.stdout ?? '') + (e.stderr ?? ''),
      code: typeof e.code === 'number' ? e.code : -1,
    }
  }
}
const ROOT = path.resolve(import.meta.dirname, '../../../resources/runbooks')
const LANGS = ['en', 'ja'] as const

const EXPECTED_IDS = [
  'after-deploy',
  'application-diagnosis',
  'database-unreachable',
  'endpoint-failing',
  'initial-response',
  'kubernetes',
  'post-incident',
  'recovery-verification',
  'service-down',
  'slow-service',
  'system-diagnosis',
]
/** Host tags the built-ins target; a new one must be added here and to the README on purpose. */
const TARGET_TAGS = ['app', 'db', 'k8s', 'monitoring']
const SEVERITIES = ['P1', 'P2', 'P3', 'P4']

function filesOf(lang: string): string[] {
  return readdirSync(path.join(ROOT, lang))
    .filter((f) => f.endsWith('.md'))
    .sort()
}

function load(lang: string, file: string): Runbook {
  return parseRunbook(readFileSync(path.join(ROOT, lang, file)), `${lang}/${file}`)
}

const ids = filesOf('en').map((f) => f.replace(/\.md$/, ''))
const books = Object.fromEntries(
  LANGS.map((lang) => [lang, Object.fromEntries(ids.map((id) => [id, load(lang, `${id}.md`)]))]),
) as Record<(typeof LANGS)[number], Record<string, Runbook>>

const commands = (rb: Runbook): Command[] => allCommands(rb)

/** Anything that looks like a placeholder in any of the syntaxes the seeds use. */
const PLACEHOLDER_LIKE =
  /<([a-z][a-z0-9_]*)>|\[([A-Z][A-Z0-9_]+)\]|\{\{\s*(\w+)\s*\}\}|\$\{(\w+)\}/g

/**
 * Commands a responder must confirm whatever the classifier says: it is judged here on the
 * words, so a gap in the classifier (`find -delete`, `docker compose up`) still gets a confirm.
 */
const CHANGES_STATE =
  /\b(restart|stop|kill|pkill|rm|delete|scale|undo|flushdb|flushall|pg_terminate_backend|pg_cancel_backend|up -d|truncate|drop|update)\b|--vacuum-\w+|config set|\bmkdir\b/i

describe('built-in runbooks', () => {
  it('ships the same eleven runbooks in English and Japanese', () => {
    expect(ids).toEqual(EXPECTED_IDS)
    expect(filesOf('ja')).toEqual(filesOf('en'))
  })

  describe.each(LANGS.flatMap((lang) => ids.map((id) => ({ lang, id }))))(
    '$lang/$id',
    ({ lang, id }) => {
      const rb = books[lang][id] as Runbook

      it('parses with zero warnings and complete front matter', () => {
        expect(rb.warnings).toEqual([])
        expect(rb.meta.id).toBe(id)
        expect(rb.meta.version).toBe('1')
        expect(rb.meta.title).toBeTruthy()
        expect(rb.title).toBe(rb.meta.title)
        expect(rb.meta.severities.length).toBeGreaterThan(0)
        for (const s of rb.meta.severities) expect(SEVERITIES).toContain(s)
        expect(rb.meta.defaultTargets.length).toBeGreaterThan(0)
        for (const t of rb.meta.defaultTargets) expect(TARGET_TAGS).toContain(t)
        if (lang === 'ja') expect(rb.title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
      })

      it('has one H1 whose phases (H2) each carry a time box and checklist steps', () => {
        const h1 = rb.sections.filter((s) => s.level === 1)
        expect(h1).toHaveLength(1)
        expect(rb.sections.filter((s) => s.level !== 1)).toEqual([])
        const phases = h1[0]?.children ?? []
        expect(phases.length).toBeGreaterThan(1)
        expect(Object.keys(rb.meta.timeBoxes)).toEqual(phases.map((p) => p.title))
        for (const box of Object.values(rb.meta.timeBoxes)) expect(box).toMatch(/^\d+(m|h)$/)
        for (const p of phases) expect(p.steps.length, p.title).toBeGreaterThan(0)
      })

      it('has only named, targeted, runnable commands under checklist steps', () => {
        const names = new Set<string>()
        for (const c of commands(rb)) {
          const where = `line ${c.line}`
          expect(c.runnable, where).toBe(true)
          expect(c.kind, where).toBe('shell')
          expect(c.stepId, where).toBeDefined()
          expect(c.attributes.name, where).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
          expect(names.has(c.attributes.name ?? ''), `${where}: duplicate name`).toBe(false)
          names.add(c.attributes.name ?? '')
          expect(TARGET_TAGS, where).toContain(c.attributes.target)
          expect(c.attributes.extra, where).toEqual({})
        }
      })

      it('asks for confirmation before every dangerous or state-changing command', () => {
        for (const c of commands(rb)) {
          const where = `line ${c.line}: ${c.code}`
          if (c.danger.dangerous) expect(c.attributes.confirm, where).toBe(true)
          if (CHANGES_STATE.test(c.code)) expect(c.attributes.confirm, where).toBe(true)
          // Confirm means something only when it is rare: read-only checks must not ask.
          if (c.attributes.confirm) expect(CHANGES_STATE.test(c.code), where).toBe(true)
        }
      })

      it('finds every placeholder, explains each in the text, and fills them all', () => {
        const prose = allSections(rb)
          .flatMap((s) => s.blocks)
          .map((b) => (b.kind === 'markdown' ? b.text : ''))
          .join('\n')
        for (const c of commands(rb)) {
          const names = c.parameters.map((p) => p.name)
          for (const m of c.code.matchAll(PLACEHOLDER_LIKE)) {
            const name = m[1] ?? m[2] ?? m[3] ?? m[4] ?? ''
            expect(names, `line ${c.line}: ${m[0]}`).toContain(name)
          }
          for (const p of c.parameters) {
            expect(p.syntax, `line ${c.line}`).toBe('angle')
            expect(prose, `<${p.name}> is not explained`).toContain(`\`<${p.name}>\``)
          }
          const filled = fillPlaceholders(c, Object.fromEntries(names.map((n) => [n, 'x'])))
          expect(filled.match(PLACEHOLDER_LIKE), `line ${c.line}`).toBeNull()
        }
      })
    },
  )

  describe.each(ids)('%s: English and Japanese are the same runbook', (id) => {
    const en = books.en[id] as Runbook
    const ja = books.ja[id] as Runbook

    it('has the same front matter apart from the words', () => {
      for (const key of ['id', 'version', 'severities', 'defaultTargets', 'parameters'] as const) {
        expect(ja.meta[key], key).toEqual(en.meta[key])
      }
      expect(Object.values(ja.meta.timeBoxes)).toEqual(Object.values(en.meta.timeBoxes))
      const rules = (rb: Runbook) => rb.meta.escalation.map((r) => [r.after, r.notify, !!r.when])
      expect(rules(ja)).toEqual(rules(en))
    })

    it('has the same phases, steps and commands, in the same places', () => {
      const shape = (rb: Runbook) =>
        allSections(rb).map((s) => ({
          level: s.level,
          steps: s.steps.map((st) => st.commands.map((c) => c.attributes.name)),
          commands: s.commands.length,
        }))
      expect(shape(ja)).toEqual(shape(en))
      expect(allSteps(ja).map((s) => s.checked)).toEqual(allSteps(en).map((s) => s.checked))
      const code = (rb: Runbook) =>
        commands(rb).map((c) => ({
          language: c.language,
          code: c.code,
          attributes: c.attributes,
          parameters: c.parameters.map((p) => p.name),
          danger: c.danger.reasons,
        }))
      expect(code(ja)).toEqual(code(en))
    })
  })

  describe('database-unreachable: the first step is a harmless port check', () => {
    const servers: Server[] = []
    afterAll(async () => {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
    })

    for (const lang of LANGS) {
      it(`${lang}: first step, first command, one placeholder, not dangerous`, () => {
        const rb = books[lang]['database-unreachable'] as Runbook
        const first = commands(rb)[0] as Command
        const firstStep = allSteps(rb)[0]
        expect(first.stepId).toBe(firstStep?.id)
        expect(first.attributes).toMatchObject({ name: 'db-port-check', confirm: false })
        expect(first.parameters).toEqual([
          { name: 'db_host', syntax: 'angle', line: first.line + 1 },
        ])
        expect(first.danger.dangerous).toBe(false)
        // Bash's /dev/tcp: no nc/telnet needed on the host.
        // It fails (after saying so) when the port is closed: the step never ticks on bad news.
        expect(first.code).toBe(
          "timeout 3 bash -c '</dev/tcp/<db_host>/5432' && echo reachable || { echo unreachable; false; }",
        )
      })
    }

    /** Runs the filled command the way a target would, with 5432 pointed at a port we own. */
    async function portCheck(host: string, port: number): Promise<{ out: string; code: number }> {
      const rb = books.en['database-unreachable'] as Runbook
      const filled = fillPlaceholders(commands(rb)[0] as Command, { db_host: host })
      const { out, code } = await exitOf(
        run('/bin/bash', ['--noprofile', '--norc', '-c', filled.replace('/5432', `/${port}`)]),
      )
      return { out, code }
    }

    it('says reachable and exits 0 when something listens, says unreachable and exits 1 otherwise', async () => {
      const server = createServer((s) => s.end())
      servers.push(server)
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      const addr = server.address()
      if (addr === null || typeof addr === 'string') throw new Error('no port')
      expect(await portCheck('127.0.0.1', addr.port)).toEqual({ out: 'reachable\n', code: 0 })
      expect(await portCheck('127.0.0.1', await freePort())).toEqual({
        out: 'unreachable\n',
        code: 1,
      })
      expect(await portCheck('no-such-host.invalid', addr.port)).toEqual({
        out: 'unreachable\n',
        code: 1,
      })
    })
  })

  /** Every command of every built-in (English; the Japanese code is identical, tested above). */
  const everyCommand = ids.flatMap((id) =>
    commands(books.en[id] as Runbook).map((c) => ({ id, name: c.attributes.name ?? '', c })),
  )
  const fillWith = (c: Command, values: Record<string, string>, fallback = 'x'): string =>
    fillPlaceholders(
      c,
      Object.fromEntries(c.parameters.map((p) => [p.name, values[p.name] ?? fallback])),
    )
  const bash = (code: string, env: Record<string, string> = {}) =>
    run('/bin/bash', ['--noprofile', '--norc', '-c', code], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...env },
      timeout: 20_000,
    })

  it('every command is valid bash once its placeholders are filled', async () => {
    for (const { id, name, c } of everyCommand) {
      // A plain value: a space is refused where a value would become code (psql's \d <table>).
      const filled = fillWith(c, {}, 'some-value')
      await expect(
        run('/bin/bash', ['--noprofile', '--norc', '-n', '-c', filled]),
        `${id}/${name}`,
      ).resolves.toMatchObject({ stderr: '' })
    }
  })

  // Host checks built only from procps and iproute2 run on any Linux host, this one included:
  // run them as written, so a wrong flag (`df -x`, `ss -H`, `ps --sort`) fails here, not on call.
  const PORTABLE = new Set(['uptime', 'nproc', 'top', 'ps', 'free', 'df', 'vmstat', 'ss'])
  const hostChecks = everyCommand.filter(({ c }) =>
    c.code.split('\n').every((line) => PORTABLE.has(line.trim().split(/\s+/)[0] ?? '')),
  )

  it('runs the portable host checks on this host: exit 0 and some output', async () => {
    expect(hostChecks.length).toBeGreaterThan(10)
    for (const { id, name, c } of hostChecks) {
      const { stdout } = await bash(fillWith(c, { port: '22' }))
      expect(stdout.trim(), `${id}/${name}`).not.toBe('')
    }
  })

  it.skipIf(
    requireBinaries([{ name: 'journalctl', path: '/usr/bin/journalctl', aptPackage: 'systemd' }]),
  )('every journalctl time (--since, --until) is one journalctl understands', async () => {
    const SAMPLE = { start: '2026-11-23 10:00', end: '2026-11-23 11:30' }
    const times = everyCommand.flatMap(({ id, name, c }) =>
      [...fillWith(c, SAMPLE).matchAll(/--(since|until) "([^"]+)"/g)].map((m) => ({
        where: `${id}/${name}`,
        flag: m[1] ?? '',
        time: m[2] ?? '',
      })),
    )
    expect(times.length).toBeGreaterThan(10)
    for (const { where, flag, time } of times) {
      const { stderr } = await run('/usr/bin/journalctl', [
        `--${flag}`,
        time,
        '-n',
        '0',
        '--no-pager',
      ]).catch((e: { stderr?: string }) => ({ stderr: e.stderr ?? String(e) }))
      expect(stderr, `${where}: ${time}`).not.toMatch(/Failed to parse/)
    }
  })

  describe.skipIf(requireBinaries([{ name: 'prometheus', path: PROMETHEUS_PATH }]))(
    'Prometheus queries run on a real Prometheus',
    () => {
      let prom: HttpService
      beforeAll(async () => {
        prom = await startPrometheus({ scrapeTargets: [`127.0.0.1:${await freePort()}`] })
      })
      afterAll(async () => {
        await prom?.stop()
      })

      it('every monitoring command is accepted by the query API', async () => {
        const queries = everyCommand.filter(({ c }) => c.attributes.target === 'monitoring')
        expect(queries.length).toBeGreaterThan(5)
        for (const { id, name, c } of queries) {
          const { stdout } = await bash(fillWith(c, { prometheus_url: prom.url }), {
            NO_PROXY: '*',
          })
          expect(JSON.parse(stdout), `${id}/${name}`).toMatchObject({ status: 'success' })
        }
      })
    },
  )

  const missing = requireBinaries([
    { name: 'postgres', path: POSTGRES_PATH },
    { name: 'psql', path: '/usr/bin/psql' },
  ])
  describe.skipIf(missing)('PostgreSQL queries run on a real PostgreSQL 15', () => {
    let pg: Postgres
    beforeAll(async () => {
      pg = await startPostgres()
    })
    afterAll(async () => {
      await pg?.stop()
    })

    const psql = (sql: string) =>
      run(
        '/usr/bin/psql',
        [
          '-h',
          pg.host,
          '-p',
          String(pg.port),
          '-U',
          pg.user,
          '-X',
          '-v',
          'ON_ERROR_STOP=1',
          '-c',
          sql,
        ],
        {
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PGCONNECT_TIMEOUT: '5' },
        },
      )

    /** Every `psql … -c "SQL"` in the built-ins, with sample values filled in. */
    const SAMPLE: Record<string, string> = { db_name: 'postgres', pid: '0', table: 'pg_class' }
    const queries = ids.flatMap((id) =>
      commands(books.en[id] as Runbook)
        .filter((c) => /\bpsql\b/.test(c.code))
        .map((c) => {
          const filled = fillPlaceholders(
            c,
            Object.fromEntries(c.parameters.map((p) => [p.name, SAMPLE[p.name] ?? 'x'])),
          )
          // As bash reads the double-quoted argument: \" \\ \$ \` stand for the character.
          const sql = /-c "((?:[^"\\]|\\.)*)"/.exec(filled)?.[1]?.replace(/\\(["\\$`])/g, '$1')
          return { id, name: c.attributes.name ?? '', sql, dangerous: c.danger.dangerous }
        }),
    )

    it('finds the SQL of every psql command', () => {
      expect(queries.length).toBeGreaterThan(10)
      for (const q of queries) expect(q.sql, `${q.id}/${q.name}`).toBeTruthy()
    })

    it('runs every read-only query without an error', async () => {
      // pg_stat_statements needs shared_preload_libraries, which the throwaway cluster lacks.
      // With the extension created, its query is parsed and planned (columns checked) and only
      // then refused for that reason; any other error is a mistake in the runbook.
      await psql('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')
      const NOT_PRELOADED = /pg_stat_statements must be loaded via "?shared_preload_libraries/
      for (const q of queries.filter((x) => !x.dangerous)) {
        const where = `${q.id}/${q.name}: ${q.sql}`
        const result = await psql(q.sql ?? '').then(
          (r) => r.stderr,
          (e: { stderr?: string }) => e.stderr ?? String(e),
        )
        if (/pg_stat_statements/.test(q.sql ?? '')) expect(result, where).toMatch(NOT_PRELOADED)
        else expect(result, where).toBe('')
      }
    })

    it('the application-side checks reach PostgreSQL as written', async () => {
      const appSide = everyCommand.filter(({ c }) => /^(pg_isready|psql) -h <db_host>/.test(c.code))
      expect(appSide.map((x) => x.name)).toEqual(
        expect.arrayContaining(['pg-isready', 'select-one', 'verify-pg-isready', 'database-ready']),
      )
      for (const { id, name, c } of appSide) {
        const values = { db_host: pg.host, db_user: pg.user, db_name: pg.database }
        // 5432 is what the runbook says; the throwaway cluster listens elsewhere.
        const code = fillWith(c, values).replace('-p 5432', `-p ${pg.port}`)
        const { stdout } = await bash(code, { PGPORT: String(pg.port) })
        expect(stdout, `${id}/${name}`).toMatch(/accepting connections|\(1 row\)/)
      }
    })

    it('terminate-backend ends the session it names, and only that one', async () => {
      const sleeper = spawn(
        '/usr/bin/psql',
        ['-h', pg.host, '-p', String(pg.port), '-U', pg.user, '-X', '-c', 'SELECT pg_sleep(60)'],
        { stdio: 'ignore' },
      )
      const exited = new Promise<number | null>((r) => sleeper.on('exit', r))
      try {
        let pid = ''
        for (let i = 0; i < 100 && pid === ''; i++) {
          const { stdout } = await psql(
            "SELECT pid FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)'",
          )
          pid = /^\s*(\d+)\s*$/m.exec(stdout)?.[1] ?? ''
          if (pid === '') await new Promise((r) => setTimeout(r, 50))
        }
        expect(pid).not.toBe('')
        const terminate = queries.find((q) => q.name === 'terminate-backend')
        expect(terminate?.dangerous).toBe(true)
        const sql = (terminate?.sql ?? '').replace('(0)', `(${pid})`)
        const { stdout } = await psql(sql)
        expect(stdout).toMatch(/\bt\b/)
        expect(await exited).not.toBe(0)
      } finally {
        sleeper.kill()
      }
    })
  })
  // A check that prints "unreachable" and exits 0 ticks its own step: every check must fail when
  // what it checks is down. Each is run as written (placeholders filled, a port or a pause
  // adjusted for the test host) against a real service that answers, then against one that is
  // down, and must exit 0 only for the first.
  describe('checks fail when what they check is down', () => {
    const named = (...names: string[]) => everyCommand.filter((x) => names.includes(x.name))
    const check = async (code: string, env: Record<string, string> = {}) => exitOf(bash(code, env))

    describe('HTTP checks (curl) against a real HTTP server', () => {
      let server: HttpServer
      let port = 0
      let status = 200
      beforeAll(async () => {
        server = createHttpServer((_req, res) => {
          res.writeHead(status, { 'content-type': 'text/plain' })
          res.end(status === 200 ? 'ok\n' : 'service unavailable\n')
        })
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
        const addr = server.address()
        if (addr === null || typeof addr === 'string') throw new Error('no port')
        port = addr.port
      })
      afterAll(async () => {
        await new Promise((r) => server.close(r))
      })

      const httpChecks = everyCommand.filter(
        ({ c }) =>
          /\bcurl\b/.test(c.code) &&
          c.parameters.some((p) => ['health_url', 'url', 'dependency_url'].includes(p.name)),
      )
      const at = (c: Command, url: string) =>
        fillWith(c, { health_url: url, url, dependency_url: url }).replaceAll('sleep 1', 'sleep 0')

      it('finds the health, endpoint and timing checks', () => {
        expect(new Set(httpChecks.map((x) => x.name))).toEqual(
          new Set([
            'health-check',
            'verify-health',
            'call-endpoint',
            'verify-endpoint',
            'main-function',
            'time-requests',
            'verify-time-requests',
            'time-dependency',
          ]),
        )
      })

      it('exit 0 on HTTP 200, non-zero on HTTP 503 (status still shown) and on a closed port', async () => {
        const closed = await freePort()
        for (const { id, name, c } of httpChecks) {
          const where = `${id}/${name}`
          status = 200
          expect(await check(at(c, `http://127.0.0.1:${port}/health`)), where).toMatchObject({
            code: 0,
          })
          status = 503
          const down = await check(at(c, `http://127.0.0.1:${port}/health`))
          expect(down.code, where).not.toBe(0)
          expect(down.all, where).toMatch(/503/)
          expect((await check(at(c, `http://127.0.0.1:${closed}/health`))).code, where).not.toBe(0)
        }
      })
    })

    describe.skipIf(missing)('PostgreSQL checks against a real PostgreSQL 15, then stopped', () => {
      let pg: Postgres
      beforeAll(async () => {
        pg = await startPostgres()
      })
      afterAll(async () => {
        await pg?.stop()
      })
      const pgChecks = named('db-port-check', 'pg-isready', 'select-one', 'verify-pg-isready')
      const database = named('database-ready')
      const runCheck = (c: Command) => {
        const values = { db_host: pg.host, db_user: pg.user, db_name: pg.database }
        // 5432 is what the runbooks say; the throwaway cluster listens elsewhere.
        const code = fillWith(c, values)
          .replace('-p 5432', `-p ${pg.port}`)
          .replace('/5432', `/${pg.port}`)
        return check(code, { PGPORT: String(pg.port), PGCONNECT_TIMEOUT: '3' })
      }

      it('succeed while it runs and fail once it is stopped', async () => {
        const all = [...pgChecks, ...database]
        expect(all).toHaveLength(5)
        for (const { id, name, c } of all) expect((await runCheck(c)).code, `${id}/${name}`).toBe(0)
        await pg.stop()
        for (const { id, name, c } of all) {
          const down = await runCheck(c)
          expect(down.code, `${id}/${name}: ${down.all}`).not.toBe(0)
        }
        expect((await runCheck((pgChecks[0] as { c: Command }).c)).out).toBe('unreachable\n')
      })
    })

    describe.skipIf(
      requireBinaries([{ name: 'redis-server', path: REDIS_SERVER, aptPackage: 'redis-server' }]),
    )('Redis checks against a real redis-server, then stopped', () => {
      let redis: TrackedProcess | null = null
      let port = 0
      beforeAll(async () => {
        port = await freePort()
        const dir = mkdtempSync(path.join(tmpdir(), 'sitrep-redis-'))
        trackDir(dir)
        redis = spawnDaemon(
          'redis-server',
          REDIS_SERVER,
          ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
          { dir, logPath: path.join(dir, 'redis.log') },
        )
        for (let i = 0; i < 100; i++) {
          if ((await check(`redis-cli -p ${port} PING`)).out.trim() === 'PONG') return
          await new Promise((r) => setTimeout(r, 50))
        }
        throw new Error('redis-server did not start')
      })
      afterAll(async () => {
        if (redis) await terminate(redis)
      })
      const redisChecks = named('redis-ping', 'queue-length', 'queue-draining')
      const runCheck = (c: Command) =>
        check(
          fillWith(c, { redis_host: '127.0.0.1', queue: 'jobs' })
            .replaceAll('-h 127.0.0.1', `-h 127.0.0.1 -p ${port}`)
            .replaceAll('sleep 20', 'sleep 0'),
        )

      it('succeed while it answers and fail once it is stopped', async () => {
        expect(redisChecks).toHaveLength(4)
        for (const { id, name, c } of redisChecks)
          expect((await runCheck(c)).code, `${id}/${name}`).toBe(0)
        if (redis) await terminate(redis)
        redis = null
        for (const { id, name, c } of redisChecks) {
          const down = await runCheck(c)
          expect(down.code, `${id}/${name}`).not.toBe(0)
          expect(down.all, `${id}/${name}`).toMatch(/Could not connect to Redis/)
        }
      })
    })

    it('port checks fail when nothing listens on the port', async () => {
      const portChecks = named('port-listening', 'service-port')
      expect(portChecks).toHaveLength(2)
      const server = createServer((s) => s.end())
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      const addr = server.address()
      if (addr === null || typeof addr === 'string') throw new Error('no port')
      const closed = await freePort()
      try {
        for (const { id, name, c } of portChecks) {
          // The test host may not grant sudo; ss lists listening sockets without it (no -p names).
          const at = (p: number) => fillWith(c, { port: String(p) }).replace(/^sudo /, '')
          expect((await check(at(addr.port))).code, `${id}/${name}`).toBe(0)
          const down = await check(at(closed))
          expect(down, `${id}/${name}`).toMatchObject({ code: 1 })
          expect(down.all).toContain(`nothing listens on port ${closed}`)
        }
      } finally {
        await new Promise((r) => server.close(r))
      }
    })

    it('unit, container and log checks fail on an inactive unit, a dead daemon and fresh errors', async () => {
      for (const { id, name, c } of named('verify-unit', 'service-active', 'workers-active')) {
        const down = await check(
          fillWith(c, { service: 'sitrep-no-such-unit', worker_service: 'sitrep-no-such-unit' }),
        )
        expect(down.code, `${id}/${name}`).not.toBe(0)
      }
      // No Docker daemon where DOCKER_HOST points: "no container is down" must not be claimed.
      const [containers] = named('containers-down')
      const dead = await check(fillWith((containers as { c: Command }).c, {}), {
        DOCKER_HOST: `tcp://127.0.0.1:${await freePort()}`,
      })
      expect(dead.code).not.toBe(0)
      expect(dead.out).not.toMatch(/no container is exited/)
      // The log checks read the journal; here the same pipeline reads given lines instead.
      const logChecks = named('verify-log', 'verify-path-log')
      expect(logChecks).toHaveLength(2)
      for (const { id, name, c } of logChecks) {
        const filled = fillWith(c, { service: 'api', path: '/checkout' })
        const journal = /journalctl -u api --since "5 min ago" --no-pager/
        expect(filled, `${id}/${name}`).toMatch(journal)
        const given = (lines: string) => filled.replace(journal, `printf '%s\\n' ${lines}`)
        const bad = await check(given(`'GET /checkout ok' 'GET /checkout ERROR: pool exhausted'`))
        expect(bad, `${id}/${name}`).toMatchObject({ code: 1 })
        expect(bad.all).toContain('GET /checkout ERROR: pool exhausted')
        const good = await check(given(`'GET /checkout ok' 'GET /checkout ok'`))
        expect(good, `${id}/${name}`).toMatchObject({ code: 0 })
        expect(good.out).toMatch(/^no errors .*in the last 5 minutes\n$/)
      }
    })

    describe.skipIf(
      requireBinaries([
        { name: 'kubectl', path: KUBECTL_PATH },
        { name: 'openssl', path: OPENSSL_PATH },
      ]),
    )('Kubernetes checks with the real kubectl against a fixture API server', () => {
      let kube: KubeApi
      beforeAll(async () => {
        kube = await startKubeApi()
      })
      afterAll(async () => {
        await kube?.stop()
      })
      const podChecks = named('pods-not-running', 'verify-pods')
      const runCheck = (c: Command) =>
        check(fillWith(c, { namespace: 'payments', deployment: 'api' }), { ...kube.env })

      it('succeed when every pod is Running and ready, fail when one is not or the API is down', async () => {
        expect(podChecks).toHaveLength(4)
        for (const { id, name, c } of podChecks) {
          const ok = await runCheck(c)
          expect(ok.code, `${id}/${name}: ${ok.all}`).toBe(0)
        }
        kube.cluster.setPod('payments', 'api-7d9f8-abcde', { phase: 'Pending', ready: false })
        for (const { id, name, c } of podChecks) {
          const bad = await runCheck(c)
          expect(bad.code, `${id}/${name}`).not.toBe(0)
          expect(bad.all, `${id}/${name}`).toContain('api-7d9f8-abcde')
        }
        // Running but not ready (a failing readiness probe) is not recovered either.
        kube.cluster.setPod('payments', 'api-7d9f8-abcde', { phase: 'Running', ready: false })
        for (const { id, name, c } of named('verify-pods')) {
          const bad = await runCheck(c)
          expect(bad.code, `${id}/${name}`).not.toBe(0)
          expect(bad.all).toMatch(/1 of 2 pods not Running and ready/)
        }
        await kube.stop()
        for (const { id, name, c } of podChecks) {
          const down = await runCheck(c)
          expect(down.code, `${id}/${name}`).not.toBe(0)
          expect(down.out, `${id}/${name}`).not.toMatch(/all pods Running or Completed/)
        }
      })
    })
  })
})
