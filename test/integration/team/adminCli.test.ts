// `npx sitrep-team` as the admin runs it, against PostgreSQL 15 over TLS (verify-full): init
// installs the schema (and a second init changes nothing), add-responder makes a login role in
// sitrep_responder that a laptop can sync with; passwords come from standard input only.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { clientConfig } from '../../../src/main/core/team/connection'
import { SERVER_SCHEMA_VERSION, serverMigrations } from '../../../src/main/core/team/serverSchema'
import { startPostgres, type Postgres } from '../../helpers/services/postgres'
import { makeTestCa, type TestCa } from '../../helpers/services/testCa'
import { closeLaptops, declareInput, startLaptop, TEAM } from './teamHarness'
import type { Core } from '../../../src/main/core/core'

const run = promisify(execFile)
const bin = join(import.meta.dirname, '../../../scripts/sitrep-team.mjs')
const ADMIN = 'admin-cli-pw-51'
let server: Postgres
let ca: TestCa
const cores: Core[] = []

beforeAll(async () => {
  ca = await makeTestCa()
  server = await startPostgres({
    password: ADMIN,
    durable: true,
    tls: { certFile: ca.certFile, keyFile: ca.keyFile },
  })
}, 60_000)

afterAll(async () => {
  await closeLaptops(cores)
  await server?.stop()
})

function cli(args: string[], stdin: string): Promise<{ stdout: string; stderr: string }> {
  const flags = ['--host', '127.0.0.1', '--port', String(server.port), '--user', 'postgres']
  const p = run(process.execPath, [bin, ...args, ...flags, '--ca', ca.caFile], {
    timeout: 60_000,
  })
  p.child.stdin?.end(stdin)
  return p
}

describe('sitrep-team (admin tool)', () => {
  it('init, init again, add-responder; the new responder syncs', async () => {
    const first = await cli(['init'], `${ADMIN}\n`)
    expect(first.stdout).toContain(
      `applied ${serverMigrations.map((m) => m.version).join(', ')}; now at version ${SERVER_SCHEMA_VERSION}`,
    )
    const again = await cli(['init'], `${ADMIN}\n`)
    expect(again.stdout).toContain('nothing to do')
    const added = await cli(['add-responder', 'erin'], `${ADMIN}\nerin-pw-9931\n`)
    expect(added.stdout).toContain('erin can now sync')
    await expect(cli(['init'], 'wrong-password\n')).rejects.toThrow(
      /password authentication failed/,
    )

    const laptop = startLaptop()
    cores.push(laptop)
    const st = await laptop.team().configure({
      host: '127.0.0.1',
      port: server.port,
      database: 'postgres',
      user: 'erin',
      password: 'erin-pw-9931',
      sslmode: 'verify-full',
      caFile: ca.caFile,
      team: TEAM,
      displayName: 'Erin',
      role: 'scribe',
    })
    expect(st.state).toBe('synced')
    laptop.incidents().declare(declareInput('via the cli', 'erin'))
    expect(await laptop.team().syncNow()).toMatchObject({ state: 'synced', waiting: 0 })
    const c = new pg.Client(
      clientConfig(
        {
          host: '127.0.0.1',
          port: server.port,
          database: 'postgres',
          user: 'postgres',
          sslmode: 'verify-full',
          caFile: ca.caFile,
        },
        ADMIN,
      ),
    )
    await c.connect()
    const r = await c.query('SELECT DISTINCT author FROM sitrep.events')
    await c.end()
    expect(r.rows).toEqual([{ author: 'erin' }])
  }, 120_000)
})
