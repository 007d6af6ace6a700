// Issue #17, evidence: captured SQL on a production host runs read-only (PGOPTIONS set by the
// shell text a host's psql is started with, checked against a real PostgreSQL), and a saved
// "database" that libpq would read as a connection string is refused before psql starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execLocal } from '../../../src/main/core/runbooks/localExec'
import {
  capturedSqlCommand,
  isPlainDatabaseName,
  psqlSpawn,
} from '../../../src/main/core/sessions/psql/psqlCommand'
import { paramSchemas } from '../../../src/shared/contract'
import type { PsqlTarget } from '../../../src/shared/contract'
import {
  INITDB_PATH,
  POSTGRES_PATH,
  startPostgres,
  type Postgres,
} from '../../helpers/services/postgres'
import { describeWithBinaries } from '../../helpers/services/require'

describeWithBinaries(
  'captured SQL on production is read-only',
  [
    { name: 'postgres', path: POSTGRES_PATH },
    { name: 'initdb', path: INITDB_PATH },
    { name: 'psql', path: '/usr/bin/psql' },
  ],
  () => {
    let pg: Postgres
    const env = (): Record<string, string> => ({
      PGHOST: pg.host,
      PGPORT: String(pg.port),
      PGUSER: pg.user,
      PGDATABASE: pg.database,
    })
    beforeAll(async () => {
      pg = await startPostgres()
    }, 60_000)
    afterAll(async () => {
      await pg?.stop()
    })

    it('a write fails in PostgreSQL on production; reads work; elsewhere the write goes through', async () => {
      const write = 'CREATE TABLE evidence_probe (x int);'
      const ro = await execLocal(capturedSqlCommand(true), { stdin: write }, env())
      expect(ro.exitCode).not.toBe(0)
      expect(ro.stderr).toMatch(/read-only transaction/)
      const read = await execLocal(capturedSqlCommand(true), { stdin: 'SELECT 40 + 2;' }, env())
      expect(read.exitCode).toBe(0)
      expect(read.stdout).toContain('42')
      const rw = await execLocal(capturedSqlCommand(false), { stdin: write }, env())
      expect(rw.exitCode).toBe(0)
    })
  },
)

describe('psql --dbname is a plain name', () => {
  const target = (database: string): PsqlTarget =>
    ({
      id: 't1',
      name: 'orders',
      host: 'db.internal',
      port: 5432,
      database,
      user: 'ops',
      viaSshTargetId: null,
    }) as unknown as PsqlTarget
  const noTunnel = () => Promise.reject(new Error('no tunnel'))

  it.each([
    'host=attacker.example dbname=orders',
    'dbname=orders',
    'postgresql://ops@attacker.example/orders',
    'POSTGRES://attacker.example/orders',
    'orders\nhost=x',
  ])('%j is refused by the contract and by psqlSpawn', async (database) => {
    expect(isPlainDatabaseName(database)).toBe(false)
    const parsed = paramSchemas['targets.savePsql'].safeParse({
      name: 'orders',
      host: 'db.internal',
      database,
      user: 'ops',
    })
    expect(parsed.success).toBe(false)
    await expect(
      psqlSpawn(target(database), 'pw', { readOnly: true, tunnel: noTunnel }),
    ).rejects.toThrow(/connection string, not a name/)
  })

  it.each(['orders', 'orders-2026', 'My Orders', 'заказы', 'postgres'])(
    '%j is a name',
    async (database) => {
      expect(isPlainDatabaseName(database)).toBe(true)
      const s = await psqlSpawn(target(database), 'pw', { readOnly: true, tunnel: noTunnel })
      expect(s.args.slice(-2)).toEqual(['--dbname', database])
      expect(s.env.PGOPTIONS).toBe('-c default_transaction_read_only=on')
    },
  )
})
