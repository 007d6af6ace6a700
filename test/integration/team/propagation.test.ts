// How fast a note written on A shows on B: with LISTEN/NOTIFY wake-ups, and with polling only
// (LISTEN that never delivers, as through a pooler in transaction mode — here a LISTEN
// connection to another database, which PostgreSQL accepts and never notifies: this machine
// has no PgBouncer). The second laptop must say that it is polling, and why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { PULL_SQL } from '../../../src/main/core/team/sync'
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
  server = await startTeamServer(['alice', 'bob'])
}, 60_000)

afterAll(async () => {
  await closeLaptops(cores)
  await server?.stop()
})

const SAMPLES = Number(process.env.SITREP_TEAM_SAMPLES ?? 20)

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}

async function measure(a: Core, b: Core, incidentId: string, label: string): Promise<number[]> {
  const ms: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now()
    const e = a.incidents().addNote(incidentId, { text: `${label} ${i}`, actor: 'alice' })
    for (;;) {
      if (
        b
          .team()
          .timeline(incidentId)
          .some((x) => x.uid === e.uid)
      )
        break
      if (performance.now() - t0 > 10_000) throw new Error(`note ${i} did not reach B in 10 s`)
      await new Promise((r) => setTimeout(r, 2))
    }
    ms.push(performance.now() - t0)
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 30))
  }
  return ms
}

describe('team sync propagation', () => {
  it('append on A → on B: NOTIFY wake-ups, then polling only when LISTEN never delivers', async () => {
    const a = startLaptop()
    const b = startLaptop()
    const poller = startLaptop({
      engine: { listenOverride: { database: 'template1' }, pollOnlyMs: 500, probeMs: 500 },
    })
    cores.push(a, b, poller)
    await a.team().configure(configureInput(server, 'alice'))
    expect((await b.team().configure(configureInput(server, 'bob'))).wakeups).toBe('notify')
    const st = await poller.team().configure(configureInput(server, 'bob'))
    expect(st.wakeups).toBe('polling')
    expect(st.wakeupNote).toMatch(/did not receive a test NOTIFY .*polling only/)
    const incident = a.incidents().declare(declareInput('latency', 'alice'))
    await eventually(
      async () =>
        b.team().timeline(incident.id).length > 0 && poller.team().timeline(incident.id).length > 0,
      'B and the poller see the incident',
    )

    const notify = await measure(a, b, incident.id, 'notify')
    const polling = await measure(a, poller, incident.id, 'polling')
    const f = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(0)} ms, p95 ${pct(xs, 95).toFixed(0)} ms`
    console.log(
      `FIGURES team propagation (append on A → on B, ${SAMPLES} notes, 2 laptops): NOTIFY ${f(notify)}; polling only every 500 ms ${f(polling)}`,
    )
    // Goals from the issue (p95 300 ms with NOTIFY; poll interval + 0.5 s polling only), with
    // room for a loaded 2-core CI machine.
    expect(pct(notify, 95)).toBeLessThan(1_000)
    expect(pct(polling, 95)).toBeLessThan(500 + 1_000)
    // Polling-only really is slower on average: NOTIFY is what wakes B.
    expect(pct(notify, 50)).toBeLessThan(pct(polling, 50))
  }, 120_000)
})

describe('team sync cost for a laptop that writes fast (issue #18, appends with sync on)', () => {
  it('steady appends go out in few large pushes; the server sends a laptop only the place of its own events', async () => {
    const a = startLaptop()
    const b = startLaptop()
    cores.push(a, b)
    expect((await a.team().configure(configureInput(server, 'alice'))).wakeups).toBe('notify')
    await b.team().configure(configureInput(server, 'bob'))
    const incident = a.incidents().declare(declareInput('fast writer', 'alice'))
    // One by one, yielding every 20 as the append benchmark does: each push's round trip sees
    // ~20 new notes arrive. Pushing those right away (the push loop went on while anything was
    // waiting, and each push's own NOTIFY woke the laptop for another cycle) made ~one push per
    // 20 notes; a cycle now pushes what waited when it started and the next one comes after the
    // append gap, so each push carries everything written in between.
    const NOTES = 1_500
    const uids: string[] = []
    const writingFrom = performance.now()
    for (let i = 0; i < NOTES; i++) {
      uids.push(a.incidents().addNote(incident.id, { text: `fast ${i}`, actor: 'alice' }).uid)
      if (i % 20 === 0) await new Promise((r) => setImmediate(r))
    }
    const writingMs = performance.now() - writingFrom
    let left = (await a.team().syncNow()).waiting
    while (left > 0) left = (await a.team().syncNow()).waiting
    const bobNote = b.incidents().addNote(incident.id, { text: 'from bob', actor: 'bob' })
    while ((await b.team().syncNow()).waiting > 0);
    const c = await responderClient(server, 'alice')
    try {
      const own = await c.query<{ origin: string }>(
        'SELECT origin FROM sitrep.events WHERE uid = $1',
        [uids[0]],
      )
      const origin = own.rows[0]?.origin
      expect(origin).toBeTruthy()
      // Rows inserted by one transaction share its xmin: one per push statement.
      const pushes = await c.query<{ n: number; events: number }>(
        `SELECT count(DISTINCT xmin::text)::int AS n, count(*)::int AS events
           FROM sitrep.events WHERE origin = $1 AND kind = 'note'`,
        [origin],
      )
      const { n, events } = pushes.rows[0] ?? { n: 0, events: 0 }
      console.log(
        `FIGURES team fast writer: ${events} notes written in ${Math.round(writingMs)} ms, pushed in ${n} pushes`,
      )
      expect(events).toBe(NOTES)
      // While appends stream, a laptop starts at most one cycle per append gap (150 ms), so the
      // bound follows the writing time, not this machine's speed: a slow disk makes more gaps, not
      // more pushes per gap (a fixed bound of 25 fails wherever writing takes over ~3 s). The old loop
      // pushed every ~20 notes: 75 here, at any speed. The 3 extra are the first cycle (20 ms
      // after the first note) and the syncNow calls that flush what the last cycle left.
      // A 5 s poll falling inside the writing can add a cycle of its own.
      expect(n).toBeLessThanOrEqual(Math.ceil(writingMs / 150) + Math.ceil(writingMs / 5_000) + 3)
      // The pull as the engine sends it: the laptop's own rows carry their place (seq, uid,
      // origin) and nothing else; bob's carry everything.
      const page = await c.query<Record<string, unknown>>(PULL_SQL, [TEAM, 0, 100_000, origin])
      const mine = page.rows.filter((r) => r.origin === origin)
      const theirs = page.rows.filter((r) => r.uid === bobNote.uid)
      expect(mine.length).toBeGreaterThan(NOTES)
      for (const r of mine) {
        expect(r.server_seq).not.toBeNull()
        expect(r.uid).toEqual(expect.any(String))
        expect([r.payload, r.hash, r.prev_hash, r.author, r.incident_id]).toEqual([
          null,
          null,
          null,
          null,
          null,
        ])
      }
      expect(theirs).toHaveLength(1)
      expect(theirs[0]).toMatchObject({ payload: expect.stringContaining('from bob') })
      // And the laptops still converge on everything (own rows skipped, bob's stored).
      await eventually(
        async () =>
          a
            .team()
            .timeline(incident.id)
            .some((e) => e.uid === bobNote.uid),
        "bob's note reaches alice",
      )
      expect(
        b
          .team()
          .timeline(incident.id)
          .filter((e) => e.kind === 'note'),
      ).toHaveLength(NOTES + 1)
    } finally {
      await c.end()
    }
  }, 120_000)
})
