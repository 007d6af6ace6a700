// The sync connection in its own thread (connectionThread.ts) against the team's real
// PostgreSQL 15 over TLS: what crosses the thread boundary must come out as pg gives it on the
// main thread (bytea as Buffers, errors with their SQLSTATE and TLS codes), a dropped connection
// must fail its statement at once, and the thread must take pg's work off the main thread.
import { performance } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientConfig } from '../../../src/main/core/team/connection'
import {
  connectTeamConnection,
  identityCheck,
  ThreadedConnection,
  type TeamConnection,
} from '../../../src/main/core/team/connectionThread'
import { eventually, startTeamServer, type TeamServer } from './teamHarness'

let server: TeamServer
const open: TeamConnection[] = []

beforeAll(async () => {
  server = await startTeamServer(['alice'])
}, 60_000)

afterAll(async () => {
  for (const c of open.splice(0)) c.destroy()
  await server?.stop()
})

const connect = async (threaded = true, host?: string): Promise<TeamConnection> => {
  const s = server.settings('alice')
  const c = await connectTeamConnection(
    clientConfig(s, server.password('alice')),
    identityCheck({ ...s, ...(host ? { host } : {}) }),
    threaded,
  )
  open.push(c)
  return c
}

describe('the team connection thread', () => {
  it('returns rows as pg does: bytea as Buffers, int8 as text, errors with their codes', async () => {
    const c = await connect()
    expect(c).toBeInstanceOf(ThreadedConnection)
    const bytes = Buffer.from([0, 1, 2, 250, 255])
    const r = await c.query<{ b: Buffer; n: string; t: string }>(
      'SELECT $1::bytea AS b, 9007199254740993::int8 AS n, $2::text AS t',
      [bytes, 'ünïcode ✓'],
    )
    expect(Buffer.isBuffer(r.rows[0]?.b)).toBe(true)
    expect(r.rows[0]?.b.equals(bytes)).toBe(true)
    expect(r.rows[0]).toMatchObject({ n: '9007199254740993', t: 'ünïcode ✓' })
    expect(r.rowCount).toBe(1)
    // Statements sent together (a cycle and a presence beat) run one after the other, in order.
    const order: number[] = []
    await Promise.all([
      c.query('SELECT pg_sleep(0.2)').then(() => order.push(1)),
      c.query('SELECT 2').then(() => order.push(2)),
    ])
    expect(order).toEqual([1, 2])
    const err = await c.query('SELECT * FROM no_such_table').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect(err).toMatchObject({ code: '42P01', message: expect.stringContaining('no_such_table') })
    // The row-level security refusal the engine names for the responder.
    const denied = await c.query('DELETE FROM sitrep.events').catch((e: unknown) => e)
    expect(denied).toMatchObject({ code: '42501' })
    await c.end()
  })

  it('checks the certificate against the configured name inside the thread', async () => {
    const err = await connect(true, 'db.wrong-name.example').catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' })
  })

  it('a dropped connection fails its statement at once and says so', async () => {
    const c = await connect()
    const errors: Error[] = []
    c.on('error', (e) => errors.push(e))
    const slow = c.query('SELECT pg_sleep(30)').catch((e: unknown) => e)
    const start = Date.now()
    c.destroy()
    expect(await slow).toBeInstanceOf(Error)
    expect(Date.now() - start).toBeLessThan(2_000)
    await expect(c.query('SELECT 1')).rejects.toThrow()

    // Killed by the server between statements: the owner hears it.
    const d = await connect()
    const heard: Error[] = []
    d.on('error', (e) => heard.push(e))
    const pid = (await d.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid
    const admin = await server.admin()
    await admin.query('SELECT pg_terminate_backend($1)', [pid])
    await admin.end()
    await eventually(async () => heard.length > 0, 'the error event of a terminated backend')
  })

  it('keeps encoding, TLS and the socket off the main thread', async () => {
    const rows = 3_000
    const payload = Array.from(
      { length: rows },
      (_, i) => `{"text":"note ${i} ${'x'.repeat(300)}"}`,
    )
    // Main-thread busy time (event loop utilisation) of the same statement, both ways.
    const busy = async (c: TeamConnection): Promise<number> => {
      let best = Infinity
      for (let i = 0; i < 3; i++) {
        const before = performance.eventLoopUtilization()
        await c.query('SELECT count(*) FROM unnest($1::text[]) AS p', [payload])
        const used = performance.eventLoopUtilization(before)
        best = Math.min(best, used.active)
      }
      return best
    }
    const threaded = await busy(await connect(true))
    const main = await busy(await connect(false))
    expect(
      threaded,
      `main-thread busy: ${threaded.toFixed(1)} ms threaded, ${main.toFixed(1)} ms not`,
    ).toBeLessThan(main / 2)
  })
})
