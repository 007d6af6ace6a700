// Presence (#18): three laptops (three Cores) against one PostgreSQL 15 over TLS. Each heartbeat
// upserts the laptop's row with the server's clock; every laptop lists who was seen within the
// expiry. A laptop that stops beating without leaving drops out after the expiry; one that
// disconnects leaves at once. Row-level security: a responder cannot write, refresh, move or
// delete another responder's row, nor set its own "seen" time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import type { TeamPresence } from '../../../src/shared/contract'
import {
  closeLaptops,
  configureInput,
  declareInput,
  eventually,
  responderClient,
  startLaptop,
  startTeamServer,
  type TeamServer,
} from './teamHarness'

let server: TeamServer
const cores: Core[] = []
const BEAT = 200
const TTL = 1_500

beforeAll(async () => {
  server = await startTeamServer(['alice', 'bob', 'carol'])
}, 60_000)

afterAll(async () => {
  await closeLaptops(cores)
  await server?.stop()
})

const names = (p: TeamPresence): string[] => p.people.map((x) => x.displayName).sort()

describe('team presence', () => {
  it('three laptops see each other, with panes; a stopped laptop expires, a leaving one goes at once', async () => {
    const [a, b, c] = [0, 1, 2].map(() =>
      startLaptop({ presence: { beatMs: BEAT, ttlMs: TTL }, engine: { pollMs: 500 } }),
    ) as [Core, Core, Core]
    cores.push(a, b, c)
    const seen: TeamPresence[] = []
    a.events.on('team.presence', (p) => seen.push(p))
    const display = { alice: 'Alice Ito', bob: 'Bob Sato', carol: 'Carol Mori' }
    for (const [core, user] of [
      [a, 'alice'],
      [b, 'bob'],
      [c, 'carol'],
    ] as const)
      await core.team().configure({
        ...configureInput(server, user),
        displayName: display[user],
        role: user === 'alice' ? 'incident commander' : 'responder',
      })

    // A's pane: a local shell of an incident; it shows on B by kind, title and incident.
    const incident = a.incidents().declare(declareInput('Presence check', 'alice'))
    const pane = a.sessionsDomain.openLocal({ cols: 80, rows: 24, incidentId: incident.id })
    const onB = await eventually(async () => {
      const p = b.team().presenceNow()
      const alice = p.people.find((x) => x.author === 'alice')
      return p.live && p.people.length === 3 && alice?.panes.length ? p : null
    }, 'B sees all three, with A’s pane')
    expect(names(onB)).toEqual(['Alice Ito', 'Bob Sato', 'Carol Mori'])
    const alice = onB.people.find((x) => x.author === 'alice')!
    expect(alice).toMatchObject({ role: 'incident commander', self: false })
    expect(alice.panes).toEqual([{ kind: 'local', title: pane.title, incidentId: incident.id }])
    expect(alice.ageMs).toBeLessThan(TTL)
    expect(onB.people.find((x) => x.author === 'bob')?.self).toBe(true)
    // The header's count comes from the event stream too.
    await eventually(async () => seen.some((p) => p.people.length === 3), 'A’s presence events')
    a.sessionsDomain.close(pane.id)

    // C stops beating without leaving (its process is gone): it expires from the others' lists.
    const stoppedAt = Date.now()
    await c.team().presence.stop()
    await c.team().engine.stop()
    await eventually(
      async () => a.team().presenceNow().live && a.team().presenceNow().people.length === 2,
      'C expires on A',
      TTL + 5_000,
    )
    const expiredAfter = Date.now() - stoppedAt
    expect(expiredAfter).toBeGreaterThanOrEqual(TTL - BEAT * 2)
    expect(names(a.team().presenceNow())).toEqual(['Alice Ito', 'Bob Sato'])

    // B disconnects: its row goes at once, well before the expiry.
    const leftAt = Date.now()
    await b.team().disconnect()
    await eventually(
      async () => a.team().presenceNow().people.length === 1,
      'B leaves A’s list',
      TTL + 5_000,
    )
    const leftAfter = Date.now() - leftAt
    expect(leftAfter).toBeLessThan(TTL)
    // Left is left: B's own view says so at once, and no later beat of B's writes its row again.
    expect(b.team().presenceNow().live).toBe(false)
    await new Promise((r) => setTimeout(r, BEAT * 3))
    expect(
      a
        .team()
        .presenceNow()
        .people.map((p) => p.author),
    ).toEqual(['alice'])
    expect(b.team().presenceNow().live).toBe(false)
    console.log(
      `FIGURES team presence: beat ${BEAT} ms, expiry ${TTL} ms; stopped laptop gone after ${expiredAfter} ms, leaving laptop after ${leftAfter} ms`,
    )
  }, 60_000)

  it('a responder cannot write, refresh or delete another responder’s presence, nor its own seen time', async () => {
    const alice = await responderClient(server, 'alice')
    const bob = await responderClient(server, 'bob')
    try {
      await alice.query(
        `INSERT INTO sitrep.presence (team, origin, origin_name, display_name, role)
         VALUES ('sre', 'alice-laptop', 'host-a', 'Alice', 'ic')
         ON CONFLICT (team, origin) DO UPDATE SET display_name = excluded.display_name`,
      )
      // Bob upserting onto Alice's row: refused by the UPDATE policy.
      await expect(
        bob.query(
          `INSERT INTO sitrep.presence (team, origin, origin_name, display_name, role)
           VALUES ('sre', 'alice-laptop', 'host-b', 'Mallory', 'ic')
           ON CONFLICT (team, origin) DO UPDATE SET display_name = excluded.display_name`,
        ),
      ).rejects.toMatchObject({ code: '42501' })
      // Writing as Alice: refused.
      await expect(
        bob.query(
          `INSERT INTO sitrep.presence (team, origin, origin_name, author, display_name, role)
           VALUES ('sre', 'fake', 'host-b', 'alice', 'Alice', 'ic')`,
        ),
      ).rejects.toMatchObject({ code: '42501' })
      // UPDATE and DELETE of Alice's row touch nothing (not Bob's to see for writing).
      const upd = await bob.query(
        "UPDATE sitrep.presence SET display_name = 'Mallory' WHERE origin = 'alice-laptop'",
      )
      const del = await bob.query("DELETE FROM sitrep.presence WHERE origin = 'alice-laptop'")
      expect([upd.rowCount, del.rowCount]).toEqual([0, 0])
      const row = await bob.query<{ display_name: string; author: string }>(
        "SELECT display_name, author FROM sitrep.presence WHERE origin = 'alice-laptop'",
      )
      expect(row.rows).toEqual([{ display_name: 'Alice', author: 'alice' }])
      // A heartbeat from the future (a laptop's clock, or a cheat) gets the server's time.
      await bob.query(
        `INSERT INTO sitrep.presence (team, origin, origin_name, display_name, role, seen_at)
         VALUES ('sre', 'bob-laptop', 'host-b', 'Bob', 'r', now() + interval '1 day')`,
      )
      const seen = await bob.query<{ ahead: boolean }>(
        "SELECT seen_at > clock_timestamp() AS ahead FROM sitrep.presence WHERE origin = 'bob-laptop'",
      )
      expect(seen.rows[0]?.ahead).toBe(false)
      // Own row: Bob may refresh and remove it.
      const own = await bob.query("DELETE FROM sitrep.presence WHERE origin = 'bob-laptop'")
      expect(own.rowCount).toBe(1)
    } finally {
      await alice.end()
      await bob.end()
    }
  }, 30_000)
})
