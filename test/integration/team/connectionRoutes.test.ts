// The other ways a laptop reaches the team's PostgreSQL 15 (issue #18): a client certificate
// (pg_hba `cert`: the certificate is the login, no password), and a server reachable only
// through an SSH host (the pooled connection's tunnel), with verify-full still checking the
// server's certificate against the configured name, never the tunnel's 127.0.0.1.
import { execFile } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { clientConfig, type TeamSettings } from '../../../src/main/core/team/connection'
import { addResponder, initServerSchema } from '../../../src/main/core/team/serverSchema'
import { saveSshHost } from '../../helpers/core'
import { startPostgres, type Postgres } from '../../helpers/services/postgres'
import { startSshd, type Sshd } from '../../helpers/services/sshd'
import { makeTestCa, type TestCa } from '../../helpers/services/testCa'
import { tempDir } from '../../helpers/tempDir'
import { closeLaptops, declareInput, eventually, startLaptop, TEAM } from './teamHarness'

const run = promisify(execFile)
const ADMIN = 'admin-pw-routes-1'
let ca: TestCa
let server: Postgres
let sshd: Sshd
const cores: Core[] = []

const settings = (user: string, extra: Partial<TeamSettings> = {}): TeamSettings => ({
  host: '127.0.0.1',
  port: server.port,
  database: 'postgres',
  user,
  sslmode: 'verify-full',
  caFile: ca.caFile,
  team: TEAM,
  displayName: user,
  role: 'responder',
  ...extra,
})

beforeAll(async () => {
  ca = await makeTestCa()
  ;[server, sshd] = await Promise.all([
    startPostgres({
      password: ADMIN,
      durable: true,
      tls: {
        certFile: ca.certFile,
        keyFile: ca.keyFile,
        clientCaFile: ca.caFile,
        certUsers: ['dana'],
      },
    }),
    startSshd(),
  ])
  const admin = new pg.Client(clientConfig(settings('postgres'), ADMIN))
  await admin.connect()
  try {
    await initServerSchema(admin)
    await addResponder(admin, 'erin', 'pw-erin-Qx9')
  } finally {
    await admin.end()
  }
  // dana is made by the admin tool as a certificate-only responder: a role with no password.
  const p = run(
    process.execPath,
    [
      join(import.meta.dirname, '../../../scripts/sitrep-team.mjs'),
      'add-responder',
      '--login',
      'cert',
      'dana',
      ...['--host', '127.0.0.1', '--port', String(server.port), '--user', 'postgres'],
      ...['--ca', ca.caFile],
    ],
    { timeout: 60_000 },
  )
  p.child.stdin?.end(`${ADMIN}\n`)
  expect((await p).stdout).toContain('dana can now sync as a responder with a client certificate')
}, 60_000)

afterAll(async () => {
  await closeLaptops(cores)
  await Promise.all([server?.stop(), sshd?.stop()])
})

async function authorsOnServer(title: string): Promise<string[]> {
  const admin = new pg.Client(clientConfig(settings('postgres'), ADMIN))
  await admin.connect()
  try {
    const r = await admin.query<{ author: string }>(
      `SELECT author FROM sitrep.events WHERE kind = 'incident.declared' AND payload LIKE $1`,
      [`%${title}%`],
    )
    return r.rows.map((x) => x.author)
  } finally {
    await admin.end()
  }
}

describe('team connection: client certificate', () => {
  it('logs in with the certificate alone and pushes as that role', async () => {
    const dana = await ca.clientCert('dana')
    const a = startLaptop()
    cores.push(a)
    const status = await a.team().configure({ ...settings('dana', dana), password: null })
    expect(status.error).toBeNull()
    expect(status.state).toBe('synced')
    expect(a.team().settings()).toMatchObject({ ...dana, hasPassword: false })
    a.incidents().declare(declareInput('cert login works', 'dana'))
    await eventually(async () => (await a.team().syncNow()).waiting === 0, 'the push')
    expect(await authorsOnServer('cert login works')).toEqual(['dana'])
  })

  it('refuses without the certificate, with one from another CA, or with half of one', async () => {
    const a = startLaptop()
    cores.push(a)
    const admin = new pg.Client(clientConfig(settings('postgres'), ADMIN))
    await admin.connect()
    const pw = await admin.query(`SELECT rolpassword FROM pg_authid WHERE rolname = 'dana'`)
    await admin.end()
    expect(pw.rows).toEqual([{ rolpassword: null }])
    // pg_hba says cert: no password gets dana in.
    let s = await a.team().configure({ ...settings('dana'), password: 'any-pw-Lk3' })
    expect(s.state).toBe('refused')
    expect(s.error).toMatch(/certificate/i)

    const foreign = await ca.clientCert('dana', { signedBy: 'other' })
    s = await a.team().configure({ ...settings('dana', foreign), password: null })
    expect(s.state).toBe('refused')
    expect(s.error).toContain(`client certificate ${foreign.certFile}`)
    expect(s.error).toMatch(/not signed by a CA the server trusts/)

    const half = await ca.clientCert('dana')
    s = await a
      .team()
      .configure({ ...settings('dana', { certFile: half.certFile }), password: null })
    expect(s.state).toBe('refused')
    expect(s.error).toMatch(/both files/)
  })

  it('says what to do with a key protected by a passphrase instead of an opaque TLS error', async () => {
    const locked = await ca.clientCert('dana', { passphrase: 'secret-pass-9' })
    const a = startLaptop()
    cores.push(a)
    const s = await a.team().configure({ ...settings('dana', locked), password: null })
    expect(s.state).toBe('refused')
    expect(s.error).toContain('passphrase')
    expect(s.error).toContain('openssl pkey')
    // The passphrase itself was never asked for nor stored.
    expect(JSON.stringify(a.team().settings())).not.toContain('secret-pass-9')
  })

  it('names an unreadable certificate file', async () => {
    const dir = tempDir()
    const keyFile = join(dir, 'k.pem')
    writeFileSync(keyFile, 'not a key\n')
    const a = startLaptop()
    cores.push(a)
    const s = await a.team().configure({
      ...settings('dana', { certFile: join(dir, 'missing.crt'), keyFile }),
      password: null,
    })
    expect(s.state).toBe('refused')
    expect(s.error).toContain('missing.crt')
  })
})

describe('team connection: through an SSH host', () => {
  it('syncs through the pooled connection’s tunnel, checking the certificate against the configured name', async () => {
    const a = startLaptop()
    cores.push(a)
    a.events.on('hostKey.unknown', (p) => a.answerHostKey(p.requestId, true))
    const bastion = saveSshHost(a, sshd, 'db-bastion')
    // "localhost" is in the server certificate; the socket goes to the tunnel's local port.
    const status = await a.team().configure({
      ...settings('erin', { host: 'localhost', viaSshTargetId: bastion.id }),
      password: 'pw-erin-Qx9',
    })
    expect(status.error).toBeNull()
    expect(status.state).toBe('synced')
    a.incidents().declare(declareInput('through the bastion', 'erin'))
    await eventually(async () => (await a.team().syncNow()).waiting === 0, 'the push')
    expect(await authorsOnServer('through the bastion')).toEqual(['erin'])
    // The server saw the connection come from sshd's forwarding, not straight from the laptop.
    expect(readFileSync(sshd.logPath, 'utf8')).toMatch(/Accepted publickey/)
  })

  it('goes offline with the tunnel’s reason when the SSH host is unknown', async () => {
    const a = startLaptop()
    cores.push(a)
    const s = await a.team().configure({
      ...settings('erin', { viaSshTargetId: 'no-such-host' }),
      password: 'pw-erin-Qx9',
    })
    expect(s.state).toBe('offline')
    expect(s.error).toMatch(/SSH tunnel .* could not be opened/)
  })
})

describe('clientConfig through a tunnel', () => {
  it('checks the server certificate against the configured host, not the route', () => {
    const cfg = clientConfig(
      {
        host: 'db.example.net',
        port: 5432,
        database: 'd',
        user: 'u',
        sslmode: 'verify-full',
        caFile: ca.caFile,
      },
      null,
      {},
      { host: '127.0.0.1', port: 40000 },
    )
    expect(cfg.host).toBe('127.0.0.1')
    expect(cfg.port).toBe(40000)
    const ssl = cfg.ssl as {
      servername?: string
      checkServerIdentity: (h: string, c: object) => Error | undefined
    }
    expect(ssl.servername).toBe('db.example.net')
    const forLoopback = { subject: { CN: '127.0.0.1' }, subjectaltname: 'IP Address:127.0.0.1' }
    const forDb = { subject: { CN: 'db.example.net' }, subjectaltname: 'DNS:db.example.net' }
    // The route's 127.0.0.1 would match the first certificate; the configured name must not.
    expect(ssl.checkServerIdentity('127.0.0.1', forLoopback)).toBeInstanceOf(Error)
    expect(ssl.checkServerIdentity('127.0.0.1', forDb)).toBeUndefined()
  })
})
