// How many listening laptops one PostgreSQL 15 serves (#18). Each laptop keeps a LISTEN
// connection and, on every NOTIFY, pulls what is new with the same query the sync engine runs.
// NOTIFY takes a cluster-wide lock at commit and (before PostgreSQL 19) signals every listening
// backend, so each push costs the server something per listener. Measured here, for N listening
// laptops (simulated: a LISTEN connection and a pull each, over TLS like the app), while one
// real laptop pushes 20 notes/s:
// - the server's CPU (every postgres process, from /proc), as % of one core, vs. N = 0;
// - the p95 commit latency another application on the same server sees (an autocommitted
//   INSERT every 20 ms on its own table, synchronous_commit on), vs. N = 0.
// The bar: ≤ 5 % extra CPU and ≤ 1 ms added p95. SITREP_BENCH_TEAM_SCALE (e.g.
// "10,50,250,500") and SITREP_BENCH_TEAM_SCALE_SECONDS resize it.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { Core } from '../src/main/core/core'
import { clientConfig, type TeamServer } from '../src/main/core/team/connection'
import { addResponder, initServerSchema } from '../src/main/core/team/serverSchema'
import { startPostgres } from '../test/helpers/services/postgres'
import { processTree } from '../test/helpers/services/procfs'
import { makeTestCa } from '../test/helpers/services/testCa'
import { type Benchmark, type Figure, withTempDirAsync } from './harness'

const COUNTS = (process.env.SITREP_BENCH_TEAM_SCALE ?? '10,50,250')
  .split(',')
  .map((x) => Number(x.trim()))
  .filter((n) => n > 0)
const SECONDS = Number(process.env.SITREP_BENCH_TEAM_SCALE_SECONDS ?? 15)
const RATE = 20
const ADMIN = 'bench-admin-pw'
const TEAM = 'scale'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}

/** CPU seconds the server has used so far: the postmaster (with reaped children) + live backends. */
function serverCpuSeconds(postmaster: number): number {
  const ticks = 100 // USER_HZ on Linux
  let total = 0
  for (const p of processTree(postmaster)) {
    try {
      const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8')
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      // utime, stime at fields 14 and 15 (1-based), cutime and cstime at 16 and 17.
      total += Number(f[11]) + Number(f[12])
      if (p.pid === postmaster) total += Number(f[13]) + Number(f[14])
    } catch {
      // A backend that ended between the listing and the read.
    }
  }
  return total / ticks
}

const PULL_SQL = `SELECT server_seq, author, origin, origin_name, uid, incident_id, seq, at, recorded_at,
  tz, kind, actor, payload, amends, prev_hash, hash, hash_version, hlc FROM sitrep.events
  WHERE team = $1 AND server_seq > $2 ORDER BY server_seq LIMIT 1000`

/** A listening laptop as the server sees it: LISTEN, then a pull per NOTIFY from its cursor. */
async function listeningLaptop(cfg: pg.ClientConfig): Promise<pg.Client> {
  const c = new pg.Client(cfg)
  await c.connect()
  let cursor = 0
  let pulling = false
  let again = false
  const pull = async (): Promise<void> => {
    if (pulling) {
      again = true
      return
    }
    pulling = true
    try {
      do {
        again = false
        const r = await c.query<{ server_seq: string }>(PULL_SQL, [TEAM, cursor])
        const last = r.rows[r.rows.length - 1]
        if (last) cursor = Number(last.server_seq)
      } while (again)
    } catch {
      // Ended under a pull at the end of a phase.
    } finally {
      pulling = false
    }
  }
  c.on('notification', () => void pull())
  c.on('error', () => undefined)
  await c.query('LISTEN sitrep_team')
  await pull()
  return c
}

export const teamScale: Benchmark = {
  name: 'team-scale',
  description: `Listening laptops on one PostgreSQL 15 (TLS, verify-full): ${COUNTS.join(', ')} simulated laptops, each a LISTEN connection that pulls with the sync engine's query on every NOTIFY, while one real laptop pushes ${RATE} notes/s for ${SECONDS} s per phase. Measured: the server's CPU (all postgres processes, from /proc, % of one core) and the p95 commit latency of another application's autocommitted INSERTs on the same server (every 20 ms, synchronous_commit on); baseline: the same with no listening laptop.`,
  howToRead:
    'The issue asks where one server stops serving laptops with ≤ 5 % extra CPU and ≤ 1 ms added p95 commit latency for other applications. The listening laptops run in this process, on the same two cores as the server, so the server competes with them: a real deployment is kinder. docs/scaling.md says what it takes past the ceiling (a channel or a relay per team, sync connections through a transaction-mode pooler, replicas for pulls).',
  async run(): Promise<Figure[]> {
    const ca = await makeTestCa()
    const max = Math.max(...COUNTS)
    const server = await startPostgres({
      password: ADMIN,
      durable: true,
      tls: { certFile: ca.certFile, keyFile: ca.keyFile },
      settings: { max_connections: String(max + 30) },
    })
    const settings = (user: string): TeamServer => ({
      host: '127.0.0.1',
      port: server.port,
      database: 'postgres',
      user,
      sslmode: 'verify-full',
      caFile: ca.caFile,
    })
    const admin = new pg.Client(clientConfig(settings('postgres'), ADMIN))
    await admin.connect()
    await initServerSchema(admin)
    await addResponder(admin, 'writer', 'pw-writer')
    await addResponder(admin, 'listener', 'pw-listener')
    await admin.query(
      'CREATE TABLE other_app (id bigserial PRIMARY KEY, at timestamptz, body text)',
    )
    const postmaster = server.pid
    if (!postmaster) throw new Error('team-scale: the server has no pid')
    const cores: Core[] = []
    try {
      return await withTempDirAsync(async (root) => {
        const writer = new Core({
          dataDir: join(root, 'writer'),
          shell: 'headless',
          version: 'bench',
          backupIntervalMs: 0,
          userKnownHosts: join(root, 'none'),
        })
        writer.start()
        cores.push(writer)
        await writer.team().configure({
          ...settings('writer'),
          password: 'pw-writer',
          team: TEAM,
          displayName: 'writer',
          role: 'responder',
        })
        const incident = writer.incidents().declare({
          title: 'scale',
          severity: 'P2',
          services: [],
          impactScope: 'core',
          detection: 'monitoring-alert',
          actor: 'bench',
        })

        /** One phase: writes and other-app commits for SECONDS, with `n` laptops listening. */
        const phase = async (n: number): Promise<{ cpu: number; p95: number }> => {
          const listeners: pg.Client[] = []
          for (let i = 0; i < n; i += 25)
            listeners.push(
              ...(await Promise.all(
                Array.from({ length: Math.min(25, n - i) }, () =>
                  listeningLaptop(clientConfig(settings('listener'), 'pw-listener')),
                ),
              )),
            )
          const other = new pg.Client(clientConfig(settings('postgres'), ADMIN))
          await other.connect()
          await sleep(1_000) // connections settle
          const commits: number[] = []
          const cpu0 = serverCpuSeconds(postmaster)
          const t0 = performance.now()
          const end = t0 + SECONDS * 1000
          let writes = 0
          const writing = (async () => {
            while (performance.now() < end) {
              writer.incidents().addNote(incident.id, { text: `scale ${writes}`, actor: 'bench' })
              writes++
              await sleep(Math.max(0, t0 + (writes * 1000) / RATE - performance.now()))
            }
          })()
          while (performance.now() < end) {
            const s = performance.now()
            await other.query("INSERT INTO other_app (at, body) VALUES (now(), 'x')")
            commits.push(performance.now() - s)
            await sleep(Math.max(0, 20 - (performance.now() - s)))
          }
          await writing
          const cpu =
            ((serverCpuSeconds(postmaster) - cpu0) / ((performance.now() - t0) / 1000)) * 100
          await other.end()
          await Promise.all(listeners.map((l) => l.end().catch(() => undefined)))
          return { cpu, p95: pct(commits, 95) }
        }

        const base = await phase(0)
        const figures: Figure[] = []
        for (const n of COUNTS) {
          const r = await phase(n)
          figures.push(
            {
              label: `server CPU with ${n} listening laptops (% of one core)`,
              value: r.cpu,
              unit: '%',
              baselineLabel: `no listening laptop (extra: ${(r.cpu - base.cpu).toFixed(1)} points)`,
              baselineValue: base.cpu,
              higherIsBetter: false,
            },
            {
              label: `another application's commit p95 with ${n} listening laptops`,
              value: r.p95,
              unit: 'ms',
              baselineLabel: `no listening laptop (added: ${(r.p95 - base.p95).toFixed(2)} ms)`,
              baselineValue: base.p95,
              higherIsBetter: false,
            },
          )
        }
        return figures
      })
    } finally {
      for (const c of cores) {
        await c.team().close()
        c.close()
      }
      await admin.end().catch(() => undefined)
      await server.stop()
    }
  },
}
