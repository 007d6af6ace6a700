// Exactly once across a team: three laptops (three Cores, three data folders) on one PostgreSQL
// 15 over TLS, each with the same Slack channel saved (the same URL pasted on each). A status
// update that every laptop holds reaches the receiver once, and the two laptops that did not
// send see it sent. A laptop that claimed a delivery and died before its POST was answered is
// replaced by another once its lease (1.5 s here) runs out. The URL is on no server row.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { tempDir } from '../../helpers/tempDir'
import {
  configureInput,
  converge,
  eventually,
  responderClient,
  startTeamServer,
  type TeamServer,
} from '../team/teamHarness'
import { Receiver } from './receiver'

let server: TeamServer
let receiver: Receiver
const cores: Core[] = []
const USERS = ['alice', 'bob', 'carol']

function laptop(): Core {
  const dataDir = tempDir()
  const core = new Core({
    dataDir,
    shell: 'headless',
    version: 't',
    backupIntervalMs: 0,
    userKnownHosts: join(dataDir, 'none'),
    notifyTiming: {
      backoff: { baseMs: 100, maxMs: 400 },
      timeoutMs: 1_000,
      leaseMs: 1_500,
      pulledPollMs: 100,
    },
  })
  core.start()
  cores.push(core)
  return core
}

async function closeAll(): Promise<void> {
  for (const c of cores.splice(0)) {
    await c.notify().close()
    await c.team().close()
    c.close()
  }
}

beforeAll(async () => {
  server = await startTeamServer(USERS)
}, 60_000)

afterEach(async () => {
  await closeAll()
  await receiver?.stop()
})

afterAll(async () => {
  await server?.stop()
})

async function team(): Promise<{ laptops: Core[]; incidentId: string; url: string }> {
  receiver = new Receiver()
  await receiver.start()
  const laptops = USERS.map(() => laptop())
  for (const [i, core] of laptops.entries()) {
    await core.team().configure(configureInput(server, USERS[i] as string))
    const ch = core.notify().addChannel({
      name: '#inc-checkout',
      type: 'slack',
      url: receiver.url,
      lang: 'ja',
      kinds: ['status_update'],
    })
    expect(ch.scope).toBe('team')
  }
  const [a] = laptops as [Core]
  const incidentId = a.incidents().declare({
    title: 'Checkout errors',
    severity: 'P2',
    services: ['checkout'],
    impactScope: 'core',
    detection: 'monitoring-alert',
    actor: 'alice',
  }).id
  await converge(laptops, incidentId)
  return { laptops, incidentId, url: receiver.url }
}

async function sentEverywhere(laptops: Core[], incidentId: string): Promise<void> {
  try {
    await eventually(
      async () =>
        laptops.every((c) =>
          c
            .notify()
            .deliveries(incidentId)
            .some((d) => d.state === 'sent'),
        ),
      'every laptop to show the message sent',
    )
  } catch (err) {
    const states = laptops.map(
      (c) =>
        `${JSON.stringify(c.notify().deliveries(incidentId))} ${JSON.stringify(c.data.require().db.prepare("SELECT key, value FROM settings WHERE key LIKE 'notify.%'").all())} ${JSON.stringify(c.data.require().db.prepare('SELECT rowid, kind FROM team_events').all())} ${JSON.stringify(c.notify().channels())}`,
    )
    throw new Error(`${(err as Error).message}\n${states.join('\n')}`)
  }
}

describe('chat notifications in a team: one laptop sends', () => {
  it('three laptops holding the same status update: exactly one POST reaches the receiver', async () => {
    const { laptops, incidentId, url } = await team()
    const [a, b] = laptops as [Core, Core, Core]
    b.incidents().postStatusUpdate(incidentId, {
      template: 'progress',
      lang: 'ja',
      text: '【インシデント報告】 現在の状態: 調査中',
      actor: 'bob',
    })
    await converge(laptops, incidentId)
    await sentEverywhere(laptops, incidentId)
    // Every laptop keeps polling its outbox; give them a few more rounds to (not) send again.
    await new Promise((r) => setTimeout(r, 600))
    await Promise.all(laptops.map((c) => c.notify().flush()))
    expect(receiver.received).toHaveLength(1)
    expect(receiver.delivered).toHaveLength(1)
    expect(receiver.delivered[0]?.body).toContain('【インシデント報告】 現在の状態: 調査中')
    const views = laptops.map((c) => c.notify().deliveries(incidentId)[0])
    // The sender has no sentBy; the other two name it.
    expect(views.filter((d) => d?.sentBy === null)).toHaveLength(1)
    expect(views.filter((d) => d?.sentBy !== null)).toHaveLength(2)
    // One 'sent' line in the merged timeline, written by the sender and synced.
    await converge(laptops, incidentId)
    const sentLines = a
      .team()
      .timeline(incidentId)
      .filter((e) => e.kind === 'notify.delivery' && e.payload.state === 'sent')
    expect(sentLines).toHaveLength(1)

    // The URL is nowhere on the server: not in deliveries, not in events.
    const admin = await server.admin()
    try {
      const rows = await admin.query<{ t: string }>(
        `SELECT d::text AS t FROM sitrep.deliveries d UNION ALL SELECT e::text FROM sitrep.events e`,
      )
      expect(rows.rows.length).toBeGreaterThan(3)
      const all = rows.rows.map((r) => r.t).join('\n')
      expect(all).toContain('#inc-checkout') // control: the channel's name is shared
      expect(all).not.toContain(new URL(url).pathname)
      expect(all).not.toContain('s3cr3t')
      const d = await admin.query<{ state: string; attempts: number }>(
        'SELECT state, attempts FROM sitrep.deliveries',
      )
      expect(d.rows).toEqual([{ state: 'sent', attempts: 1 }])
    } finally {
      await admin.end()
    }
    // Nor in any laptop's database file in clear (sealed in secrets).
    for (const c of laptops) {
      const file = c.data.require().path
      const bytes = Buffer.concat(
        ['', '-wal'].flatMap((s) => {
          try {
            return [readFileSync(file + s)]
          } catch {
            return []
          }
        }),
      )
      expect(bytes.includes(Buffer.from('s3cr3t'))).toBe(false)
      expect(bytes.includes(Buffer.from('#inc-checkout'))).toBe(true) // control
    }
  }, 60_000)

  it('the laptop that claimed dies before its POST is answered: another sends after the lease', async () => {
    const { laptops, incidentId } = await team()
    // Every POST hangs while the claimer lives: it keeps its claim (renewing the lease each try).
    receiver.script = Array.from({ length: 50 }, () => 0)
    const [a] = laptops as [Core, Core, Core]
    a.incidents().postStatusUpdate(incidentId, {
      template: 'progress',
      lang: 'ja',
      text: '【インシデント報告】 復旧作業中',
      actor: 'alice',
    })
    // The claimer is the laptop that counts tries (the others wait on its lease).
    const claimer = await eventually(
      async () =>
        receiver.received.length >= 1 &&
        laptops.find((c) => (c.notify().deliveries(incidentId)[0]?.attempts ?? 0) >= 1),
      'a laptop to claim and start sending',
    )
    const killedAt = Date.now()
    cores.splice(cores.indexOf(claimer), 1)
    await claimer.notify().close()
    await claimer.team().close()
    claimer.close()
    receiver.script = []
    const hungCount = receiver.received.length
    const rest = laptops.filter((c) => c !== claimer)
    await sentEverywhere(rest, incidentId)
    expect(receiver.received).toHaveLength(hungCount + 1)
    expect(receiver.delivered).toHaveLength(1)
    const lastHung = receiver.received[hungCount - 1]
    const delivered = receiver.received[hungCount]
    expect(delivered?.status).toBe(200)
    // Not before the dead laptop's lease (renewed at its last try) ran out.
    expect((delivered?.at ?? 0) - (lastHung?.at ?? 0)).toBeGreaterThanOrEqual(1_400)
    expect(Date.now() - killedAt).toBeLessThan(15_000)
    const views = rest.map((c) => c.notify().deliveries(incidentId)[0])
    expect(views.filter((d) => d?.sentBy === null)).toHaveLength(1)
  }, 60_000)

  it('the server holds each responder to its own claims: no claim as another, no touching a live or finished one, no delete', async () => {
    const alice = await responderClient(server, 'alice')
    const bob = await responderClient(server, 'bob')
    const refused = async (sql: string, params: unknown[], why: RegExp): Promise<void> => {
      await expect(bob.query(sql, params)).rejects.toThrow(why)
    }
    try {
      const claim = `INSERT INTO sitrep.deliveries (team, key, incident_id, origin, origin_name, state, lease_until)
        VALUES ('sre', $1, 'i', 'o-alice', 'a', 'sending', now() + interval '1 hour')`
      await alice.query(claim, ['k-live'])
      await alice.query(claim, ['k-done'])
      await alice.query(`UPDATE sitrep.deliveries SET state = 'sent' WHERE key = 'k-done'`)
      // As another author: row-level security.
      await refused(
        `INSERT INTO sitrep.deliveries (team, key, incident_id, claimed_by, origin, origin_name, state, lease_until)
         VALUES ('sre', 'k-x', 'i', 'alice', 'o', 'b', 'sending', now())`,
        [],
        /row-level security/,
      )
      // alice's live claim: invisible to bob's UPDATE (0 rows), even to take it over.
      const taken = await bob.query(
        `UPDATE sitrep.deliveries SET claimed_by = current_user, origin = 'o-bob' WHERE key = 'k-live'`,
      )
      expect(taken.rowCount).toBe(0)
      await refused(`DELETE FROM sitrep.deliveries WHERE key = 'k-live'`, [], /permission denied/)
      await refused(
        `UPDATE sitrep.deliveries SET key = 'other' WHERE key = 'k-live'`,
        [],
        /permission denied/,
      )
      // Finished is final, even for its own sender.
      await expect(
        alice.query(`UPDATE sitrep.deliveries SET state = 'sending' WHERE key = 'k-done'`),
      ).rejects.toThrow(/is sent already/)
      // An expired lease is taken over, as bob.
      await alice.query(
        `UPDATE sitrep.deliveries SET lease_until = now() - interval '1 second' WHERE key = 'k-live'`,
      )
      const over = await bob.query(
        `UPDATE sitrep.deliveries SET claimed_by = current_user, origin = 'o-bob' WHERE key = 'k-live'
           AND lease_until < now() RETURNING claimed_by`,
      )
      expect(over.rows).toEqual([{ claimed_by: 'bob' }])
    } finally {
      await alice.end()
      await bob.end()
    }
  })
})
