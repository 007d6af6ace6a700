// What the server itself guarantees, tried from a responder's own connection (not through the
// app): events cannot be changed or removed, nobody inserts as another author or into another
// install's chain; the connection is refused with the wrong CA and without TLS; the app refuses
// a server schema newer than it knows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { clientConfig } from '../../../src/main/core/team/connection'
import { SERVER_SCHEMA_VERSION } from '../../../src/main/core/team/serverSchema'
import { startTestCore } from '../../helpers/core'
import type { Core } from '../../../src/main/core/core'
import {
  configureInput,
  responderClient,
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
  for (const c of cores.splice(0)) {
    await c.team().close()
    c.close()
  }
  await server?.stop()
})

const row = (over: Record<string, unknown> = {}) => ({
  team: TEAM,
  origin: 'install-a',
  origin_name: 'laptop-a',
  uid: `u-${Math.random()}`,
  incident_id: 'inc-1',
  seq: 1,
  at: 1,
  recorded_at: 1,
  tz: 'UTC',
  kind: 'note',
  actor: 'x',
  payload: '{}',
  amends: null,
  prev_hash: '0'.repeat(64),
  hash: 'h',
  hash_version: 2,
  hlc: 1000,
  ...over,
})

async function insert(c: pg.Client, r: Record<string, unknown>) {
  const keys = Object.keys(r)
  return c.query(
    `INSERT INTO sitrep.events (${keys.join(', ')}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(', ')})`,
    Object.values(r),
  )
}

describe('team server: what a responder role can and cannot do', () => {
  it('insert and select only; no update, delete or truncate; no writing as another author or install', async () => {
    const alice = await responderClient(server, 'alice')
    const bob = await responderClient(server, 'bob')
    try {
      await insert(alice, row({ uid: 'a-1' }))
      const r = await bob.query('SELECT author, server_seq FROM sitrep.events WHERE uid = $1', [
        'a-1',
      ])
      expect(r.rows).toEqual([{ author: 'alice', server_seq: '1' }])

      await expect(bob.query(`UPDATE sitrep.events SET payload = '{"x":1}'`)).rejects.toThrow(
        /permission denied/,
      )
      await expect(alice.query(`UPDATE sitrep.events SET payload = '{"x":1}'`)).rejects.toThrow(
        /permission denied/,
      )
      await expect(alice.query('DELETE FROM sitrep.events')).rejects.toThrow(/permission denied/)
      await expect(alice.query('TRUNCATE sitrep.events')).rejects.toThrow(/permission denied/)
      // The counter that orders commits is not the responders' to move.
      await expect(alice.query('UPDATE sitrep.teams SET last_seq = 0')).rejects.toThrow(
        /permission denied/,
      )
      // Writing as another author: row-level security refuses it.
      await expect(insert(bob, row({ uid: 'b-forged', author: 'alice' }))).rejects.toThrow(
        /row-level security/,
      )
      // Writing into alice's install chain as bob: the origin belongs to its first author.
      await expect(insert(bob, row({ uid: 'b-2', seq: 2 }))).rejects.toThrow(
        /install install-a writes as alice/,
      )
      // Not even the owner changes history: the trigger refuses.
      const admin = await server.admin()
      try {
        await expect(admin.query(`UPDATE sitrep.events SET payload = '{}'`)).rejects.toThrow(
          /immutable/,
        )
        await expect(admin.query('DELETE FROM sitrep.events')).rejects.toThrow(/immutable/)
        const left = await admin.query('SELECT uid, author FROM sitrep.events ORDER BY server_seq')
        expect(left.rows).toEqual([{ uid: 'a-1', author: 'alice' }])
      } finally {
        await admin.end()
      }
    } finally {
      await alice.end()
      await bob.end()
    }
  })

  it('a wrong CA and a connection without TLS are refused; the app says so and sends nothing', async () => {
    const wrongCa = new pg.Client(
      clientConfig({ ...server.settings('alice'), caFile: server.ca.otherCaFile }, 'pw-alice-7Hk2'),
    )
    await expect(wrongCa.connect()).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i)
    await wrongCa.end().catch(() => undefined)
    const plain = new pg.Client(
      clientConfig({ ...server.settings('alice'), sslmode: 'disable' }, server.password('alice')),
    )
    await expect(plain.connect()).rejects.toThrow(/no encryption|pg_hba/)
    await plain.end().catch(() => undefined)
    // A certificate for another name: verify-full checks the host name, verify-ca does not.
    const byName = new pg.Client(
      clientConfig({ ...server.settings('alice'), host: '127.0.0.2' }, server.password('alice')),
    )
    await expect(byName.connect()).rejects.toThrow()
    await byName.end().catch(() => undefined)

    const core = startTestCore()
    cores.push(core)
    core.incidents().declare({
      title: 'must not leave',
      severity: 'P3',
      services: [],
      impactScope: 'core',
      detection: 'monitoring-alert',
      actor: 'alice',
    })
    const st = await core
      .team()
      .configure({ ...configureInput(server, 'alice'), caFile: server.ca.otherCaFile })
    expect(st.state).toBe('refused')
    expect(st.error).toMatch(/certificate was refused .*not signed by the CA file/)
    expect(st.waiting).toBe(1)
    const admin = await server.admin()
    try {
      const r = await admin.query(
        `SELECT count(*)::int AS n FROM sitrep.events WHERE payload LIKE '%must not leave%'`,
      )
      expect(r.rows[0].n).toBe(0)
    } finally {
      await admin.end()
    }
  })

  it('a server schema newer than this Sitrep is refused with a clear message', async () => {
    const admin = await server.admin()
    const core = startTestCore()
    cores.push(core)
    try {
      await admin.query(
        `INSERT INTO sitrep.schema_version (version, name) VALUES ($1, 'from the future')`,
        [SERVER_SCHEMA_VERSION + 1],
      )
      const st = await core.team().configure(configureInput(server, 'bob'))
      expect(st.state).toBe('refused')
      expect(st.error).toContain(
        `set up by a newer Sitrep (server schema ${SERVER_SCHEMA_VERSION + 1}, this Sitrep knows up to ${SERVER_SCHEMA_VERSION})`,
      )
    } finally {
      // The schema_version table is the admin's: put it back for the other tests.
      await admin.query('ALTER TABLE sitrep.schema_version DISABLE TRIGGER ALL')
      await admin.query('DELETE FROM sitrep.schema_version WHERE version > $1', [
        SERVER_SCHEMA_VERSION,
      ])
      await admin.end()
    }
    const st = await core.team().syncNow()
    expect(st.state).toBe('synced')
  })

  it('a saved team password that cannot be read: refused with the reason, nothing sent, status still answers', async () => {
    const core = startTestCore()
    cores.push(core)
    expect((await core.team().configure(configureInput(server, 'alice'))).state).toBe('synced')
    // The sealed password is gone (a damaged or foreign secrets table): reconnecting must say so.
    core.data.require().db.prepare('DELETE FROM secrets').run()
    await core.team().engine.disconnect()
    const st = await core.team().syncNow()
    expect(st.state).toBe('refused')
    expect(st.error).toMatch(/The team password cannot be read/)
    expect(core.team().settings()).toMatchObject({ user: 'alice', hasPassword: true })
  })
})
