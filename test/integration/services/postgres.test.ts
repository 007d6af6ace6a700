// The PostgreSQL harness against the real server: version, a write/read round trip, password
// auth when asked for, and a stop that leaves no postmaster or data dir behind.
import { existsSync } from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  INITDB_PATH,
  POSTGRES_PATH,
  startPostgres,
  type Postgres,
} from '../../helpers/services/postgres'
import { isAlive, processTree } from '../../helpers/services/processes'
import { describeWithBinaries } from '../../helpers/services/require'

const requirements = [
  { name: 'postgres', path: POSTGRES_PATH, aptPackage: 'postgresql-15' },
  { name: 'initdb', path: INITDB_PATH, aptPackage: 'postgresql-15' },
]

async function withClient<T>(
  config: pg.ClientConfig,
  fn: (c: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionTimeoutMillis: 5_000, ...config })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

describeWithBinaries('postgres harness (real PostgreSQL 15)', requirements, () => {
  let db: Postgres
  beforeAll(async () => {
    db = await startPostgres()
  })
  afterAll(async () => {
    await db?.stop()
  })

  it('serves PostgreSQL 15 on its loopback port', async () => {
    const version = await withClient({ connectionString: db.connectionString }, async (c) => {
      const r = await c.query<{ version: string }>('SELECT version()')
      return r.rows[0]?.version
    })
    expect(version).toContain('PostgreSQL 15')
    expect(db.connectionString).toBe(`postgresql://postgres@127.0.0.1:${db.port}/postgres`)
  })

  it('creates a table, inserts and reads the rows back', async () => {
    const rows = await withClient({ connectionString: db.connectionString }, async (c) => {
      await c.query('CREATE TABLE incident (id serial PRIMARY KEY, title text NOT NULL, sev int)')
      await c.query('INSERT INTO incident (title, sev) VALUES ($1, $2), ($3, $4)', [
        'db latency',
        2,
        'disk full ✓',
        1,
      ])
      const r = await c.query<{ id: number; title: string; sev: number }>(
        'SELECT id, title, sev FROM incident ORDER BY id',
      )
      return r.rows
    })
    expect(rows).toEqual([
      { id: 1, title: 'db latency', sev: 2 },
      { id: 2, title: 'disk full ✓', sev: 1 },
    ])
  })

  it('is reachable over its own Unix socket too', async () => {
    const one = await withClient(
      { host: db.socketDir, port: db.port, user: db.user, database: db.database },
      async (c) => (await c.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one,
    )
    expect(one).toBe(1)
  })

  it('with a password, accepts it over TCP and rejects a wrong one', async () => {
    const secured = await startPostgres({ password: 'p@ss word/1' })
    try {
      const who = await withClient(
        { connectionString: secured.connectionString },
        async (c) => (await c.query<{ u: string }>('SELECT current_user AS u')).rows[0]?.u,
      )
      expect(who).toBe('postgres')
      const err = await withClient(
        { host: secured.host, port: secured.port, user: 'postgres', password: 'wrong' },
        async () => 'connected',
      ).catch((e: unknown) => e)
      expect(err).toMatchObject({ code: '28P01' }) // invalid_password
    } finally {
      await secured.stop()
    }
  })

  it('stop() ends the postmaster and its backends and removes the data dir (idempotently)', async () => {
    const tmp = await startPostgres()
    const client = new pg.Client({ connectionString: tmp.connectionString })
    await client.connect()
    client.on('error', () => {}) // the immediate shutdown kills this backend under it
    const tree = processTree(tmp.pid ?? -1)
    expect(tree.length).toBeGreaterThan(2) // postmaster, its helpers, our backend
    await Promise.all([tmp.stop(), tmp.stop()])
    expect(tree.filter(isAlive)).toEqual([])
    expect(existsSync(tmp.dataDir)).toBe(false)
    await client.end().catch(() => {})
  })
})
