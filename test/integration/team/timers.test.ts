// Timers in a team (#18): a fired timer's uid comes from (incident, timer key, due time), so a
// timer that several laptops fire while apart is one event of the incident; and a laptop that
// already pulled another's firing does not fire it again.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { tempDir } from '../../helpers/tempDir'
import {
  closeLaptops,
  configureInput,
  converge,
  declareInput,
  startTeamServer,
  type TeamServer,
} from './teamHarness'

let server: TeamServer
const cores: Core[] = []
const HOUR = 3_600_000

beforeAll(async () => {
  server = await startTeamServer(['alice', 'bob'])
}, 60_000)

afterAll(async () => {
  await closeLaptops(cores)
  await server?.stop()
})

/** A laptop on `dataDir` whose clock reads `clock.now` (a restart keeps folder and clock). */
function laptopAt(dataDir: string, clock: { now: number }): Core {
  const core = new Core({
    dataDir,
    shell: 'headless',
    version: 't',
    backupIntervalMs: 0,
    userKnownHosts: join(dataDir, 'none'),
    clock: { now: () => clock.now },
  })
  core.start()
  cores.push(core)
  return core
}

async function restart(core: Core, clock: { now: number }): Promise<Core> {
  cores.splice(cores.indexOf(core), 1)
  await core.team().close()
  core.close()
  return laptopAt(core.opts.dataDir, clock)
}

const firedOwn = (c: Core, incidentId: string): number =>
  (
    c.data
      .require()
      .db.prepare(
        "SELECT count(*) AS n FROM timeline_events WHERE incident_id = ? AND kind = 'timer.fired'",
      )
      .get(incidentId) as { n: number }
  ).n
const firedMerged = (c: Core, incidentId: string): string[] =>
  c
    .team()
    .timeline(incidentId)
    .filter((e) => e.kind === 'timer.fired')
    .map((e) => e.uid)

describe('team sync: timers', () => {
  it('fired on A and pulled by B: B does not fire it again', async () => {
    const clock = { now: Date.UTC(2026, 11, 4, 9) }
    let a = laptopAt(tempDir(), clock)
    let b = laptopAt(tempDir(), clock)
    await a.team().configure(configureInput(server, 'alice'))
    await b.team().configure(configureInput(server, 'bob'))
    const incident = a.incidents().declare(declareInput('timers once', 'alice'))
    await converge([a, b], incident.id)

    clock.now += 3 * HOUR
    a = await restart(a, clock) // fires what fell due while it was closed
    const fired = firedOwn(a, incident.id)
    expect(fired).toBeGreaterThan(0)
    await converge([a, b], incident.id)
    b = await restart(b, clock)
    await converge([a, b], incident.id)
    expect(firedOwn(b, incident.id)).toBe(0)
    expect(firedMerged(b, incident.id)).toHaveLength(fired)
  }, 60_000)

  it('fired on both while apart: one event per timer in the incident, the same everywhere', async () => {
    const clock = { now: Date.UTC(2026, 11, 4, 12) }
    let a = laptopAt(tempDir(), clock)
    let b = laptopAt(tempDir(), clock)
    await a.team().configure(configureInput(server, 'alice'))
    await b.team().configure(configureInput(server, 'bob'))
    const incident = a.incidents().declare(declareInput('timers twice', 'alice'))
    await converge([a, b], incident.id)

    clock.now += 3 * HOUR
    // Each fires at its start, before its first sync cycle pulls the other's.
    a = await restart(a, clock)
    b = await restart(b, clock)
    const fired = firedOwn(a, incident.id)
    expect(fired).toBeGreaterThan(0)
    expect(firedOwn(b, incident.id)).toBe(fired)
    await converge([a, b], incident.id)
    const merged = firedMerged(a, incident.id)
    expect(merged).toHaveLength(fired)
    expect(new Set(merged).size).toBe(fired)
    expect(firedMerged(b, incident.id)).toEqual(merged)
    expect(a.team().canonicalExport(incident.id)).toBe(b.team().canonicalExport(incident.id))
  }, 60_000)
})
