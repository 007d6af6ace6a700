// Offline-first: the team's PostgreSQL stops (and, separately, its connections are cut with
// pg_terminate_backend) while three laptops keep writing. Each keeps working, says "offline — N
// waiting", and once the server is back all three converge with no event lost or duplicated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { connectionThreadsAlive } from '../../../src/main/core/team/connectionThread'
import {
  closeLaptops,
  configureInput,
  converge,
  declareInput,
  eventually,
  startLaptop,
  startTeamServer,
  type TeamServer,
} from './teamHarness'

let server: TeamServer
const cores: Core[] = []
const users = ['alice', 'bob', 'carol']

beforeAll(async () => {
  server = await startTeamServer(users)
}, 60_000)

afterAll(async () => {
  await closeLaptops(cores)
  await server?.stop()
})

async function serverCounts(incidentId: string) {
  const admin = await server.admin()
  try {
    const r = await admin.query<{ n: number; uids: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT uid)::int AS uids FROM sitrep.events WHERE incident_id = $1',
      [incidentId],
    )
    return r.rows[0]!
  } finally {
    await admin.end()
  }
}

function checkEveryLaptop(laptops: Core[], incidentId: string, notes: string[]) {
  for (const l of laptops) {
    const texts = l
      .team()
      .timeline(incidentId)
      .filter((e) => e.kind === 'note')
      .map((e) => String(e.payload.text))
    expect(texts.length).toBe(notes.length)
    expect(new Set(texts)).toEqual(new Set(notes))
    expect(
      l
        .team()
        .verify(incidentId)
        .every((v) => v.intact),
    ).toBe(true)
    expect(l.team().status()).toMatchObject({ state: 'synced', waiting: 0 })
  }
}

describe('team sync offline', () => {
  it('PostgreSQL stopped while all three write: offline with N waiting, then converge, 0 lost, 0 duplicated', async () => {
    const laptops = users.map(() => startLaptop())
    cores.push(...laptops)
    for (const [i, l] of laptops.entries())
      await l.team().configure(configureInput(server, users[i]!))
    const incident = laptops[0]!.incidents().declare(declareInput('offline', 'alice'))
    await converge(laptops, incident.id)

    await server.pg.stopServer()
    const notes: string[] = []
    for (let round = 0; round < 10; round++) {
      for (const [i, l] of laptops.entries()) {
        const text = `${users[i]} offline ${round}`
        l.incidents().addNote(incident.id, { text, actor: users[i]! })
        notes.push(text)
      }
    }
    for (const l of laptops) {
      const st = await l.team().syncNow()
      expect(st).toMatchObject({ state: 'offline', waiting: 10 })
      // The laptop keeps working: its own events are on its timeline.
      expect(l.incidents().get(incident.id).title).toBe('offline')
    }

    await server.pg.startAgain()
    await converge(laptops, incident.id, 30_000)
    checkEveryLaptop(laptops, incident.id, notes)
    expect(await serverCounts(incident.id)).toEqual({ n: 1 + notes.length, uids: 1 + notes.length })
  }, 120_000)

  it('connections cut with pg_terminate_backend while all three write and sync: converge, 0 lost, 0 duplicated', async () => {
    const laptops = users.map(() => startLaptop())
    cores.push(...laptops)
    for (const [i, l] of laptops.entries())
      await l.team().configure(configureInput(server, users[i]!))
    const incident = laptops[1]!.incidents().declare(declareInput('cut', 'bob'))
    await converge(laptops, incident.id)

    const admin = await server.admin()
    const notes: string[] = []
    let cuts = 0
    try {
      for (let round = 0; round < 15; round++) {
        const syncs: Promise<unknown>[] = []
        for (const [i, l] of laptops.entries()) {
          const text = `${users[i]} cut ${round}`
          l.incidents().addNote(incident.id, { text, actor: users[i]! })
          notes.push(text)
          syncs.push(l.team().syncNow())
        }
        // Cut every Sitrep connection while those pushes and pulls run.
        const r = await admin.query<{ n: number }>(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
           WHERE application_name = 'sitrep' AND pid <> pg_backend_pid()`,
        )
        cuts += r.rows[0]!.n
        await Promise.all(syncs)
      }
    } finally {
      await admin.end()
    }
    expect(cuts).toBeGreaterThan(0)
    await converge(laptops, incident.id, 30_000)
    checkEveryLaptop(laptops, incident.id, notes)

    // Cut between cycles too, while the connections sit idle: each dropped connection's thread
    // must end with it (they were left running, an isolate each).
    const cutter = await server.admin()
    try {
      for (let k = 0; k < 5; k++) {
        await cutter.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE application_name = 'sitrep' AND pid <> pg_backend_pid()`,
        )
        await new Promise((r) => setTimeout(r, 100))
        for (const l of laptops) await l.team().syncNow()
      }
    } finally {
      await cutter.end()
    }
    // One sync connection per laptop alive in this file, at most; the cut loop above dropped
    // dozens mid-statement.
    await eventually(
      async () => connectionThreadsAlive() <= cores.length,
      `at most ${cores.length} connection threads (one per laptop) after the cuts`,
      5_000,
    )
    expect(await serverCounts(incident.id)).toEqual({ n: 1 + notes.length, uids: 1 + notes.length })
    console.log(
      `FIGURES team offline: ${notes.length + 1} events written on 3 laptops, ${cuts} connections cut, 0 lost, 0 duplicated`,
    )
  }, 120_000)

  it('the server restored from an older backup: laptops push again what it lost and pull again', async () => {
    const laptops = users.slice(0, 2).map(() => startLaptop())
    cores.push(...laptops)
    const [a, b] = laptops as [Core, Core]
    await a.team().configure(configureInput(server, 'alice'))
    await b.team().configure(configureInput(server, 'bob'))
    const incident = a.incidents().declare(declareInput('restored', 'alice'))
    await converge(laptops, incident.id)
    b.incidents().addNote(incident.id, { text: 'before the restore', actor: 'bob' })
    await converge(laptops, incident.id)

    // What a restore to a backup taken before B's note looks like on the server.
    const admin = await server.admin()
    try {
      await admin.query('ALTER TABLE sitrep.events DISABLE TRIGGER events_immutable')
      await admin.query(`DELETE FROM sitrep.events WHERE incident_id = $1 AND kind = 'note'`, [
        incident.id,
      ])
      await admin.query('ALTER TABLE sitrep.events ENABLE TRIGGER events_immutable')
      await admin.query(
        'UPDATE sitrep.teams t SET last_seq = (SELECT max(server_seq) FROM sitrep.events e WHERE e.team = t.team)',
      )
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE application_name = 'sitrep' AND pid <> pg_backend_pid()`,
      )
    } finally {
      await admin.end()
    }
    a.incidents().addNote(incident.id, { text: 'after the restore', actor: 'alice' })
    await converge(laptops, incident.id, 30_000)
    checkEveryLaptop(laptops, incident.id, ['before the restore', 'after the restore'])
    expect(await serverCounts(incident.id)).toEqual({ n: 3, uids: 3 })
  }, 60_000)

  it('PostgreSQL SIGKILLed twice while three laptops write and sync: converge, 0 lost, 0 duplicated', async () => {
    const laptops = users.map(() => startLaptop())
    cores.push(...laptops)
    for (const [i, l] of laptops.entries())
      await l.team().configure(configureInput(server, users[i]!))
    const incident = laptops[2]!.incidents().declare(declareInput('server killed', 'carol'))
    await converge(laptops, incident.id)
    const notes: string[] = []
    for (let crash = 0; crash < 2; crash++) {
      const syncs: Promise<unknown>[] = []
      for (let round = 0; round < 5; round++)
        for (const [i, l] of laptops.entries()) {
          const text = `${users[i]} crash ${crash} round ${round}`
          l.incidents().addNote(incident.id, { text, actor: users[i]! })
          notes.push(text)
          syncs.push(l.team().syncNow())
        }
      // Killed while those pushes and pulls are on their way.
      await server.pg.crashServer()
      await Promise.all(syncs)
      // The killed postmaster's backends may still hold shared memory for a moment.
      for (let attempt = 0; ; attempt++) {
        try {
          await server.pg.startAgain()
          break
        } catch (err) {
          if (attempt > 10) throw err
          await new Promise((r) => setTimeout(r, 500))
        }
      }
    }
    await converge(laptops, incident.id, 60_000)
    checkEveryLaptop(laptops, incident.id, notes)
    expect(await serverCounts(incident.id)).toEqual({ n: 1 + notes.length, uids: 1 + notes.length })
    console.log(
      `FIGURES team server killed: 2 SIGKILLs of PostgreSQL while 3 laptops wrote ${notes.length} notes and synced: 0 lost, 0 duplicated`,
    )
  }, 120_000)
})
