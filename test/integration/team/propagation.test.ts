// How fast a note written on A shows on B: with LISTEN/NOTIFY wake-ups, and with polling only
// (LISTEN that never delivers, as through a pooler in transaction mode — here a LISTEN
// connection to another database, which PostgreSQL accepts and never notifies: this machine
// has no PgBouncer). The second laptop must say that it is polling, and why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import {
  closeLaptops,
  configureInput,
  declareInput,
  eventually,
  startLaptop,
  startTeamServer,
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
