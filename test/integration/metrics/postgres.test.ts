// PostgreSQL statistics against a real PostgreSQL 15: twenty extra connections move the count, a
// pg_sleep(40) shows as a long query (with a 1 s line, so the test does not wait 40 s), and the
// password is sealed, never returned.
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sample } from '../../../src/main/core/metrics/collector'
import { PostgresCollector } from '../../../src/main/core/metrics/collectors/postgresCollector'
import { POSTGRES_PATH, startPostgres, type Postgres } from '../../helpers/services/postgres'
import { requireBinary } from '../../helpers/services/require'
import { latest, startCore, until } from './helpers'

const missing = requireBinary('postgres', POSTGRES_PATH, 'postgresql')

const value = (samples: Sample[], metric: string): number | undefined =>
  samples.find((s) => s.metric === metric)?.value

describe.skipIf(missing)('postgres source (real PostgreSQL)', () => {
  let db: Postgres
  const clients: pg.Client[] = []
  beforeAll(async () => {
    db = await startPostgres({ password: 'pg-secret-1' })
  })
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)))
    await db?.stop()
  })

  it('counts connections, their states and long queries', async () => {
    const collector = new PostgresCollector(null, {
      host: db.host,
      port: db.port,
      database: 'postgres',
      user: db.user,
      password: 'pg-secret-1',
      longQuerySec: 1,
      via: null,
    })
    const poll = () =>
      collector.poll({ signal: new AbortController().signal, timeoutMs: 5_000, now: Date.now })
    const before = await poll()
    const base = value(before, 'pg.connections') ?? -1
    expect(value(before, 'pg.max_connections')).toBe(100)
    expect(value(before, 'pg.long_queries')).toBe(0)

    for (let i = 0; i < 20; i++) {
      const c = new pg.Client({ connectionString: db.connectionString })
      await c.connect()
      clients.push(c)
    }
    const after = await poll()
    expect(value(after, 'pg.connections')).toBe(base + 20)
    expect(value(after, 'pg.connections_percent')).toBeCloseTo(base + 20, 5) // of 100
    expect(value(after, 'pg.state.idle')).toBeGreaterThanOrEqual(20)

    const sleeper = clients[0]!
    const sleeping = sleeper.query('SELECT pg_sleep(40)').catch((e: Error) => e)
    await new Promise((r) => setTimeout(r, 1_500))
    const slow = await poll()
    expect(value(slow, 'pg.long_queries')).toBe(1)
    expect(value(slow, 'pg.state.active')).toBe(1)
    expect(value(slow, 'pg.longest_query_s')).toBeGreaterThan(1)
    expect(value(slow, 'pg.db_size_bytes')).toBeGreaterThan(1_000_000)
    // Cancel the sleep instead of waiting 40 s.
    await clients[1]!.query(
      "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(40)'",
    )
    expect(String(await sleeping)).toMatch(/cancel/)
    // The cancelled backend reports itself idle a moment later (pg_stat_activity is updated by
    // the backend itself, not at once on a loaded machine): wait for it, bounded.
    let longQueries = value(await poll(), 'pg.long_queries')
    for (let i = 0; i < 50 && longQueries !== 0; i++) {
      await new Promise((r) => setTimeout(r, 100))
      longQueries = value(await poll(), 'pg.long_queries')
    }
    expect(longQueries).toBe(0)
    collector.close()
  })

  it('through the core: sealed password, connection share against the seed lines, wrong password shown', async () => {
    const core = startCore()
    try {
      const saved = await core.metrics().save({
        kind: 'postgres',
        name: 'todo_db',
        host: db.host,
        port: db.port,
        database: 'postgres',
        user: db.user,
        password: 'pg-secret-1',
        intervalSec: 0.5,
        timeoutSec: 3,
      })
      expect(saved.config).toMatchObject({ kind: 'postgres', hasPassword: true })
      expect(JSON.stringify(saved)).not.toContain('pg-secret-1')
      const row = core.data.require().db.prepare('SELECT config FROM metric_sources').get() as {
        config: string
      }
      expect(row.config).not.toContain('pg-secret-1')
      const pct = await until(
        () => latest(core, saved.config.id, 'pg.connections_percent'),
        'a reading',
      )
      expect(pct).toBeGreaterThanOrEqual(20)
      expect(
        core
          .metrics()
          .get(saved.config.id)
          .latest.find((v) => v.metric === 'pg.connections_percent')?.level,
      ).toBe('normal')

      const wrong = await core.metrics().save({
        kind: 'postgres',
        name: 'wrong',
        host: db.host,
        port: db.port,
        database: 'postgres',
        user: db.user,
        password: 'nope',
        intervalSec: 0.5,
        timeoutSec: 3,
      })
      const err = await until(
        () => core.metrics().get(wrong.config.id).status.lastError,
        'the auth error',
      )
      expect(err).toMatch(/Could not connect to PostgreSQL .*password authentication failed/)
    } finally {
      core.close()
    }
  })
})
