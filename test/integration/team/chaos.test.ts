// Team sync under everything at once (#18): many laptops (real Cores, each on its own data folder
// and behind its own TCP proxy) write while their links stall (black-holed for up to STALL_MS,
// then healed: the held bytes arrive late, so pushes the laptop gave up on commit after all),
// their server connections are cut, committed pushes are forgotten locally and pushed again (a
// crash between the server's commit and the local mark), their clocks are ±10 minutes off, and a
// foreign write transaction stays open on the same server. After the writes stop and the links
// heal: 0 missing, 0 duplicated, and every laptop holds the same chain heads and the same
// projection within SETTLE_MS.
//
// CI runs it small; `npm run reliability` sets SITREP_TEAM_CHAOS_LAPTOPS=50,
// SITREP_TEAM_CHAOS_EVENTS=1000000, SITREP_TEAM_CHAOS_RATE=250 (events/s in all),
// SITREP_TEAM_CHAOS_STALL_MS=60000, SITREP_TEAM_CHAOS_FOREIGN_MS=600000 (ten minutes) and
// SITREP_TEAM_CHAOS_SETTLE_MS=15000.
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { startTcpProxy, type TcpProxy } from '../faults/tcpProxy'
import {
  declareInput,
  eventually,
  startLaptop,
  startTeamServer,
  type TeamServer,
} from './teamHarness'

const LAPTOPS = Number(process.env.SITREP_TEAM_CHAOS_LAPTOPS ?? 6)
const EVENTS = Number(process.env.SITREP_TEAM_CHAOS_EVENTS ?? 1_500)
const STALL_MS = Number(process.env.SITREP_TEAM_CHAOS_STALL_MS ?? 2_500)
const FOREIGN_MS = Number(process.env.SITREP_TEAM_CHAOS_FOREIGN_MS ?? 4_000)
// The issue's bound is 15 s (what `npm run reliability` asserts); CI shares its cores with
// other test files, so it allows twice that.
const SETTLE_MS = Number(process.env.SITREP_TEAM_CHAOS_SETTLE_MS ?? 30_000)
const SKEW_MS = 10 * 60_000
// A round every second or so; a stall lasts STALL_MS / 2 on average.
const STALL_CHANCE = Math.min(0.2, 0.2 / Math.max(1, STALL_MS / 2_000))
/** Events per second written in all; 0: as fast as the loop goes. */
const RATE = Number(process.env.SITREP_TEAM_CHAOS_RATE ?? 0)
// A million events take hours; on a loaded machine the writes fall well below RATE (a 100 000-
// event run paced at 250/s wrote 80/s beside other suites and hit a timeout meant for 250).
const TEST_MS = Math.max(900_000, EVENTS * 25)

const users = Array.from({ length: LAPTOPS }, (_, i) => `chaos${i}`)
let server: TeamServer
const cores: Core[] = []
const proxies: TcpProxy[] = []

beforeAll(async () => {
  server = await startTeamServer(users)
}, 120_000)

afterAll(async () => {
  for (const c of cores.splice(0)) {
    await c.team().close()
    c.close()
  }
  await Promise.all(proxies.map((p) => p.close()))
  await server?.stop()
}, 600_000)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const rand = (n: number) => Math.floor(Math.random() * n)

describe('team sync chaos', () => {
  it(
    `${LAPTOPS} laptops, ${EVENTS} events, stalls, cuts, re-pushes, skewed clocks, a foreign transaction: 0 lost, 0 duplicated, one incident`,
    async () => {
      // Each laptop: its own proxy to the server, its clock somewhere within ±10 minutes.
      const skews = users.map((_, i) =>
        i === 0 ? 0 : Math.round((Math.random() * 2 - 1) * SKEW_MS),
      )
      for (const [i, user] of users.entries()) {
        const proxy = await startTcpProxy(server.pg.port)
        proxies.push(proxy)
        const core = startLaptop({ engine: { probeMs: 1_000 }, skewMs: skews[i] ?? 0 })
        cores.push(core)
        await core.team().configure({
          ...server.settings(user, { port: proxy.port }),
          password: server.password(user),
        })
      }
      // Progress on stdout: a full-size run (npm run reliability) takes many minutes.
      const t0 = performance.now()
      const progress = (what: string) => {
        const m = process.memoryUsage()
        const gb = (n: number) => (n / 1e9).toFixed(2)
        console.log(
          `chaos ${((performance.now() - t0) / 1000).toFixed(0)} s (rss ${gb(m.rss)} GB, heap ${gb(m.heapUsed)}, external ${gb(m.external)}): ${what}`,
        )
      }
      progress(`${LAPTOPS} laptops configured`)
      const incident = (cores[0] as Core).incidents().declare(declareInput('chaos', 'chaos0'))
      await eventually(
        async () => {
          for (const c of cores) await c.team().syncNow()
          return cores.every((c) => c.team().timeline(incident.id).length > 0)
        },
        'every laptop holds the incident',
        60_000,
      )

      // A foreign application's write transaction, open for FOREIGN_MS on the same server.
      const foreign: pg.Client = await server.admin()
      await foreign.query('CREATE TABLE IF NOT EXISTS foreign_app (id serial PRIMARY KEY, v text)')
      await foreign.query('BEGIN')
      await foreign.query("INSERT INTO foreign_app (v) VALUES ('held')")
      let foreignOpen = true
      const foreignDone = sleep(FOREIGN_MS).then(async () => {
        await foreign.query('COMMIT')
        await foreign.end()
        foreignOpen = false
      })

      const stats = { stalls: 0, cuts: 0, repushed: 0 }
      /**
       * A crash between the server's commit and the local mark, on one laptop that has pushed
       * something (early in the run, or behind a stalled link, a laptop may have pushed nothing
       * yet: picking it forgot nothing, and a run could end with 0 re-pushes). Returns how many.
       */
      const forgetPushed = (): number => {
        const start = rand(cores.length)
        const db = cores
          .map((_, i) => (cores[(start + i) % cores.length] as Core).data.require().db)
          .find((d) =>
            d.prepare('SELECT 1 FROM team_own_events WHERE pushed_at IS NOT NULL LIMIT 1').get(),
          )
        return db
          ? db
              .prepare(
                `UPDATE team_own_events SET pushed_at = NULL WHERE event_id IN (
                 SELECT event_id FROM team_own_events WHERE pushed_at IS NOT NULL
                 ORDER BY random() LIMIT 20)`,
              )
              .run().changes
          : 0
      }
      let writing = true
      const chaos = (async () => {
        const admin = await server.admin()
        try {
          while (writing) {
            // Stall links for up to STALL_MS, then heal them (late bytes arrive): about a fifth
            // of them stalled at any time. A fifth per round with 60 s stalls (the full size)
            // kept nearly every link stalled nearly all the time, so every laptop caught up on
            // the whole run only after the writes stopped.
            for (const p of proxies)
              if (Math.random() < STALL_CHANCE) {
                stats.stalls++
                p.blackhole()
                setTimeout(() => p.heal(), rand(STALL_MS))
              }
            // Cut a third of the server connections.
            const r = await admin.query<{ n: number }>(
              `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
             WHERE application_name = 'sitrep' AND usename <> 'postgres' AND random() < 0.33`,
            )
            stats.cuts += r.rows[0]?.n ?? 0
            stats.repushed += forgetPushed()
            await sleep(500 + rand(1_000))
          }
          // A short run (a fast machine) may have had its only rounds before anything was pushed.
          if (stats.repushed === 0) stats.repushed += forgetPushed()
        } finally {
          await admin.end()
        }
      })()

      const declared = (cores[0] as Core)
        .team()
        .timeline(incident.id)
        .find((e) => e.kind === 'incident.declared')
      if (!declared) throw new Error('the declaration is not on the first laptop')
      const written = new Set<string>([declared.uid])
      const started = performance.now()
      for (let n = 0; n < EVENTS; n++) {
        const i = rand(cores.length)
        const e = (cores[i] as Core).incidents().addNote(incident.id, {
          text: `chaos ${n}`,
          actor: users[i] ?? 'x',
        })
        written.add(e.uid)
        if (n % 25 === 0) await sleep(rand(20))
        // Paced (full size): 50 laptops in one process share one core, so a rate above what they
        // pull leaves them behind at the end, which would time this process, not the sync.
        if (RATE > 0 && n % 25 === 0) {
          const due = started + (n / RATE) * 1000
          if (due > performance.now()) await sleep(due - performance.now())
        }
        if (n > 0 && n % 2_000 === 0) progress(`${n} events written`)
      }
      const writeSeconds = (performance.now() - started) / 1000
      writing = false
      await chaos
      for (const p of proxies) p.heal()
      progress(
        `${EVENTS} events written; links healed; settling${foreignOpen ? ' with the foreign transaction still open' : ''}`,
      )

      // Settle: from the last write, every laptop converges on its own (no test-driven sync),
      // while the foreign transaction may still be open (it must not hold anyone's pull). The
      // probe stays cheap while they work (row counts against the server's), since real laptops
      // do not share this event loop; hashes and chains are compared once the counts agree.
      const settleStart = performance.now()
      let settledAt: number | null = null
      const heads = (c: Core): string =>
        c
          .team()
          .verify(incident.id)
          .map((v) => `${v.origin}:${v.events}:${v.intact}`)
          .sort()
          .join(',')
      const held = (c: Core): number =>
        (
          c.data
            .require()
            .db.prepare(
              `SELECT (SELECT count(*) FROM team_events WHERE incident_id = ?)
                  + (SELECT count(*) FROM timeline_events WHERE incident_id = ?) AS n`,
            )
            .get(incident.id, incident.id) as { n: number }
        ).n
      const probe = await server.admin()
      let lastSaid = performance.now()
      try {
        await eventually(
          async () => {
            const r = await probe.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM sitrep.events WHERE incident_id = $1',
              [incident.id],
            )
            const total = r.rows[0]?.n ?? -1
            const behind = cores.filter((c) => c.team().status().waiting !== 0 || held(c) !== total)
            if (behind.length > 0) {
              settledAt = null
              if (performance.now() - lastSaid > 10_000) {
                lastSaid = performance.now()
                progress(`${behind.length} laptops not caught up with the server's ${total} events`)
              }
              await sleep(200)
              return false
            }
            // Every laptop holds every event now: that is when they converged, if the hashes and
            // chain heads (seconds of the test's own work at full size) agree.
            settledAt ??= performance.now()
            const hashes = new Set(cores.map((c) => c.team().canonicalHash(incident.id)))
            const chainHeads = new Set(cores.map(heads))
            if (hashes.size === 1 && chainHeads.size === 1) return true
            settledAt = null
            return false
          },
          'every laptop shows the same incident and chain heads',
          // Past the bound too (asserted below), for a verdict on loss and duplication.
          Math.max(SETTLE_MS * 2, 60_000, EVENTS * 3),
        )
      } finally {
        await probe.end()
      }
      const settleMs = (settledAt ?? performance.now()) - settleStart
      const foreignAtSettle = foreignOpen
      if (foreignOpen) progress('converged; waiting for the foreign transaction to end')
      await foreignDone

      const admin = await server.admin()
      let onServer: { n: number; uids: number }
      try {
        const r = await admin.query<{ n: number; uids: number }>(
          `SELECT count(*)::int AS n, count(DISTINCT uid)::int AS uids FROM sitrep.events
         WHERE incident_id = $1 AND kind IN ('note', 'incident.declared')`,
          [incident.id],
        )
        onServer = r.rows[0] as { n: number; uids: number }
      } finally {
        await admin.end()
      }
      // Read as uids only (a full-size run holds a million events on each of 50 laptops).
      const missing: number[] = []
      const duplicated: number[] = []
      for (const c of cores) {
        const uids = c.data
          .require()
          .db.prepare(
            `SELECT uid FROM timeline_events WHERE incident_id = ? AND kind IN ('note', 'incident.declared')
           UNION ALL
           SELECT uid FROM team_events WHERE incident_id = ? AND kind IN ('note', 'incident.declared')`,
          )
          .pluck()
          .all(incident.id, incident.id) as string[]
        const present = new Set(uids)
        let absent = 0
        for (const u of written) if (!present.has(u)) absent++
        missing.push(absent)
        duplicated.push(uids.length - present.size)
        expect(
          c
            .team()
            .verify(incident.id)
            .every((v) => v.intact),
        ).toBe(true)
      }
      const folds = { rewinds: 0, refolds: 0, refolded: 0, events: 0 }
      for (const c of cores) {
        const f = c.team().foldStats
        folds.rewinds += f.rewinds
        folds.refolds += f.refolds
        folds.refolded += f.refolded
        folds.events += f.events
      }
      console.log(
        `FIGURES team chaos: ${LAPTOPS} laptops, ${written.size} events written in ${writeSeconds.toFixed(1)} s${RATE > 0 ? ` (paced at ${RATE}/s)` : ''} (clocks skewed up to ±10 min), ${stats.stalls} link stalls up to ${STALL_MS} ms, ${stats.cuts} server connections cut, ${stats.repushed} committed events pushed again, a foreign write transaction open ${FOREIGN_MS} ms; server rows ${onServer.n}, distinct ${onServer.uids}; missing on any laptop ${Math.max(...missing)}, duplicated ${Math.max(...duplicated)}; every laptop on the same chain heads and projection ${Math.round(settleMs)} ms after the writes stopped and the links healed${foreignAtSettle ? ', the foreign transaction still open' : ''}; folds: ${folds.events} events folded on as they came, ${folds.rewinds} rewinds to a checkpoint for late events and ${folds.refolds} folds from scratch (first folds included) folding ${folds.refolded} again`,
      )
      expect(onServer).toEqual({ n: written.size, uids: written.size })
      expect(Math.max(...missing)).toBe(0)
      expect(Math.max(...duplicated)).toBe(0)
      expect(stats.repushed).toBeGreaterThan(0)
      expect(settleMs).toBeLessThan(SETTLE_MS)
    },
    TEST_MS,
  )
})
