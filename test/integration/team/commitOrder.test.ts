// The pull cursor never skips an event that commits late, and nothing outside Sitrep stalls it.
// - A push transaction held open (its row inserted, not committed) while another laptop pushes:
//   the second push waits on the team's counter row instead of committing a higher seq first,
//   so a laptop pulling meanwhile cannot move its cursor past the held event.
// - A foreign application's write transaction held open on the same server: pulls carry on
//   (no snapshot horizon to wait for).
// - Many laptops pushing at once while others pull: every event reaches every puller.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import {
  closeLaptops,
  configureInput,
  declareInput,
  eventually,
  responderClient,
  startLaptop,
  startTeamServer,
  TEAM,
  type TeamServer,
} from './teamHarness'

let server: TeamServer
const cores: Core[] = []

beforeAll(async () => {
  server = await startTeamServer(['alice', 'bob', 'carol', 'dave'])
}, 60_000)

afterAll(async () => {
  await closeLaptops(cores)
  await server?.stop()
})

const HOLD_MS = Number(process.env.SITREP_TEAM_HOLD_MS ?? 3_000)

describe('team sync: commit order', () => {
  it(
    'a push held open while a later one is sent: the puller gets both',
    async () => {
      const b = startLaptop()
      const p = startLaptop()
      cores.push(b, p)
      await b.team().configure(configureInput(server, 'bob'))
      await p.team().configure(configureInput(server, 'carol'))
      const incident = b.incidents().declare(declareInput('held push', 'bob'))
      await b.team().syncNow()
      await p.team().syncNow()

      // Alice's laptop, stuck between INSERT and COMMIT (a slow link, a paused process).
      const alice = await responderClient(server, 'alice')
      await alice.query('BEGIN')
      const held = await alice.query<{ server_seq: string }>(
        `INSERT INTO sitrep.events (team, origin, origin_name, uid, incident_id, seq, at, recorded_at,
         tz, kind, actor, payload, amends, prev_hash, hash, hash_version, hlc)
       VALUES ($1, 'alice-install', 'alice-laptop', 'held-1', $2, 1, 1, 1, 'UTC', 'note', 'alice',
         '{"text":"held"}', NULL, $3, 'x', 2, 1) RETURNING server_seq`,
        [TEAM, incident.id, '0'.repeat(64)],
      )
      const heldSeq = Number(held.rows[0]!.server_seq)

      // Bob writes and pushes: the push waits for the counter row.
      b.incidents().addNote(incident.id, { text: 'after the held one', actor: 'bob' })
      const bobPush = b.team().syncNow()
      await new Promise((r) => setTimeout(r, HOLD_MS))
      // The puller pulls meanwhile: it sees neither (nothing later has committed).
      await p.team().syncNow()
      const seen = () =>
        p
          .team()
          .timeline(incident.id)
          .map((e) => e.payload.text ?? e.kind)
      expect(seen()).toEqual(['incident.declared'])
      expect(b.team().status().waiting).toBe(1)

      await alice.query('COMMIT')
      await alice.end()
      // A hold longer than the engine's query timeout (15 s) fails that push; the next one goes.
      await bobPush
      expect(await b.team().syncNow()).toMatchObject({ state: 'synced', waiting: 0 })
      await p.team().syncNow()
      expect(seen().sort()).toEqual(['after the held one', 'held', 'incident.declared'].sort())
      // Bob's event got the number after the held one: sequence order is commit order.
      const admin = await server.admin()
      const r = await admin.query<{ server_seq: string }>(
        `SELECT server_seq FROM sitrep.events WHERE payload LIKE '%after the held one%'`,
      )
      await admin.end()
      expect(Number(r.rows[0]!.server_seq)).toBeGreaterThan(heldSeq)
      console.log(
        `FIGURES team commit order: a push held open ${HOLD_MS} ms while another laptop pushed and a third pulled: 0 skipped`,
      )
    },
    HOLD_MS + 60_000,
  )

  it(
    "another application's open write transaction does not stall pulls",
    async () => {
      const admin = await server.admin()
      await admin.query('CREATE TABLE IF NOT EXISTS public.other_app (id int)')
      await admin.query('BEGIN')
      await admin.query('INSERT INTO public.other_app VALUES (1)')
      await admin.query('SELECT pg_current_xact_id()')
      try {
        const a = startLaptop()
        const b = startLaptop()
        cores.push(a, b)
        await a.team().configure(configureInput(server, 'dave'))
        await b.team().configure(configureInput(server, 'carol'))
        const incident = a.incidents().declare(declareInput('foreign txn', 'dave'))
        // No syncNow: the engines run on their own (append → push → NOTIFY → pull), for as long
        // as the foreign transaction stays open (SITREP_TEAM_HOLD_MS; minutes in reliability runs).
        const until = Date.now() + HOLD_MS
        let worst = 0
        let notes = 0
        do {
          const e = a.incidents().addNote(incident.id, { text: `during ${notes++}`, actor: 'dave' })
          const t0 = Date.now()
          await eventually(
            async () =>
              b
                .team()
                .timeline(incident.id)
                .some((x) => x.uid === e.uid),
            'B pulls while a foreign transaction is open',
            5_000,
          )
          worst = Math.max(worst, Date.now() - t0)
          await new Promise((r) => setTimeout(r, 250))
        } while (Date.now() < until)
        expect(worst).toBeLessThan(5_000)
        console.log(
          `FIGURES team foreign transaction: a write transaction of another application open ${HOLD_MS} ms; ${notes} notes pulled meanwhile, slowest ${worst} ms`,
        )
      } finally {
        await admin.query('ROLLBACK')
        await admin.end()
      }
    },
    HOLD_MS + 60_000,
  )

  it('four writers pushing at once, two pullers pulling throughout: every event everywhere, once', async () => {
    const writers = Array.from({ length: 4 }, () => startLaptop())
    const pullers = Array.from({ length: 2 }, () => startLaptop())
    cores.push(...writers, ...pullers)
    const users = ['alice', 'bob', 'carol', 'dave']
    for (const [i, w] of writers.entries())
      await w.team().configure(configureInput(server, users[i]!))
    for (const p of pullers) await p.team().configure(configureInput(server, 'carol'))
    const incident = writers[0]!.incidents().declare(declareInput('storm', 'alice'))
    for (const w of writers) await w.team().syncNow()
    let stop = false
    const pulling = pullers.map(async (p) => {
      while (!stop) await p.team().syncNow()
    })
    const perWriter = 40
    await Promise.all(
      writers.map(async (w, i) => {
        for (let n = 0; n < perWriter; n++) {
          w.incidents().addNote(incident.id, { text: `w${i} n${n}`, actor: users[i]! })
          if (n % 5 === 0) void w.team().syncNow()
          await new Promise((r) => setTimeout(r, Math.random() * 10))
        }
        await w.team().syncNow()
      }),
    )
    stop = true
    await Promise.all(pulling)
    for (const p of pullers) {
      await p.team().syncNow()
      const notes = p
        .team()
        .timeline(incident.id)
        .filter((e) => e.kind === 'note')
        .map((e) => String(e.payload.text))
      expect(notes.length).toBe(writers.length * perWriter)
      expect(new Set(notes).size).toBe(notes.length)
    }
  }, 120_000)
})
