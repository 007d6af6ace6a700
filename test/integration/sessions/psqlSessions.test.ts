// psql targets through the core against the real PostgreSQL 15, through a real sshd's tunnel:
// the password sealed (never clear text on disk, never in argv), production read-only by
// default (a write fails in PostgreSQL itself), writes only with a reason on the timeline.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import { createHandlers, type Handlers } from '../../../src/main/core/rpc/handlers'
import type { Viewer } from '../../../src/main/core/sessions/session'
import {
  decodeFrame,
  encodeFrame,
  FrameKind,
  paramSchemas,
  type SessionInfo,
} from '../../../src/shared/contract'
import {
  INITDB_PATH,
  POSTGRES_PATH,
  startPostgres,
  type Postgres,
} from '../../helpers/services/postgres'
import { describeWithBinaries } from '../../helpers/services/require'
import { SSHD_PATH, startSshd, type Sshd } from '../../helpers/services/sshd'

const PASSWORD = 'pg-Secret-4f9a7c'

async function until(what: string, cond: () => boolean, ms = 20_000): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Command lines of running psql processes (to prove the password is not in argv). */
function psqlCommandLines(): string[] {
  const lines: string[] = []
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
      if (/(^|\/)psql /.test(cmd)) lines.push(cmd)
    } catch {
      // The process ended meanwhile.
    }
  }
  return lines
}

describeWithBinaries(
  'psql sessions (real PostgreSQL through a real sshd tunnel)',
  [
    { name: 'sshd', path: SSHD_PATH },
    { name: 'postgres', path: POSTGRES_PATH },
    { name: 'initdb', path: INITDB_PATH },
    { name: 'psql', path: '/usr/bin/psql' },
  ],
  () => {
    let sshd: Sshd
    let pg: Postgres
    let core: Core
    let h: Handlers
    let dataDir: string
    let incidentId: string
    const viewer: Viewer & { text: Map<number, string> } = {
      id: 'psql-viewer',
      text: new Map(),
      sendFrame(f) {
        const frame = decodeFrame(f)
        if (frame?.kind !== FrameKind.Output) return
        const before = this.text.get(frame.channel) ?? ''
        this.text.set(frame.channel, before + Buffer.from(frame.payload).toString())
        core.sessions.byChannelNumber(frame.channel)?.ack(this.id, frame.payload.byteLength)
      },
    }
    const ctx = { viewer }
    const out = (s: SessionInfo): string => viewer.text.get(s.channel) ?? ''
    const type = (s: SessionInfo, text: string): void =>
      routeIncomingFrame(
        core.sessions,
        viewer,
        encodeFrame(FrameKind.Input, s.channel, new TextEncoder().encode(text)),
      )

    beforeAll(async () => {
      ;[sshd, pg] = await Promise.all([startSshd(), startPostgres({ password: PASSWORD })])
      dataDir = mkdtempSync(join(tmpdir(), 'sitrep-psql-'))
      core = new Core({
        dataDir,
        shell: 'headless',
        version: 't',
        backupIntervalMs: 0,
        userKnownHosts: join(dataDir, 'none'),
      })
      core.start()
      core.events.on('hostKey.unknown', (p) => core.answerHostKey(p.requestId, true))
      h = createHandlers(core)
      const declared = await h['incidents.declare'](
        paramSchemas['incidents.declare'].parse({
          title: 'DB latency',
          severity: 'P2',
          impactScope: 'core',
          detection: 'monitoring-alert',
        }),
        ctx,
      )
      incidentId = declared.id
    })
    afterAll(async () => {
      core?.close()
      await Promise.all([sshd?.stop(), pg?.stop()])
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    })

    it('connects through the SSH tunnel, production read-only refuses a write', async () => {
      const bastion = core.data.require().targets.saveSsh({
        name: 'db-bastion',
        host: sshd.host,
        port: sshd.port,
        user: sshd.user,
        authKind: 'key',
        keyPath: sshd.clientKeyPath,
        jumpVia: [],
        tags: [],
        keepaliveSec: 15,
      })
      const target = await h['targets.savePsql'](
        {
          name: 'orders-prod',
          // Resolved on the SSH host, as a database behind a bastion would be.
          host: '127.0.0.1',
          port: pg.port,
          database: 'postgres',
          user: 'postgres',
          password: PASSWORD,
          viaSshTargetId: bastion.id,
          readOnly: 'production',
          tags: ['production'],
        },
        ctx,
      )
      expect(target).toMatchObject({ kind: 'psql', hasPassword: true, production: true })
      expect(JSON.stringify(target)).not.toContain(PASSWORD)

      const s = await h['sessions.openPsql'](
        { targetId: target.id, cols: 120, rows: 30, incidentId, allowWrites: false },
        ctx,
      )
      expect(s.title).toBe('orders-prod (postgres@127.0.0.1/postgres via db-bastion) [read-only]')
      core.sessions.attach(viewer, s.id)
      await until('the psql prompt', () => out(s).includes('postgres=#'))
      // The server sees the tunnel's far end (sshd's loopback), not a direct connection from us.
      type(
        s,
        "SELECT 'ans=' || (6*7) AS a, current_setting('default_transaction_read_only') AS ro;\r",
      )
      await until('the query result', () => out(s).includes('ans=42'))
      expect(out(s)).toMatch(/ans=42\s*\|\s*on/)
      type(s, 'CREATE TABLE sitrep_write_probe (x int);\r')
      await until('the refusal', () => out(s).includes('read-only transaction'))
      expect(out(s)).toContain('cannot execute CREATE TABLE in a read-only transaction')

      for (const cmd of psqlCommandLines()) expect(cmd).not.toContain(PASSWORD)
      const ours = psqlCommandLines().filter((c) => c.includes('--dbname postgres'))
      expect(ours).toHaveLength(1)
      // psql talks to the tunnel's local listener, not to PostgreSQL's own port.
      expect(ours[0]).toMatch(/--host 127\.0\.0\.1 --port \d+/)
      expect(ours[0]).not.toContain(`--port ${pg.port} `)
      type(s, '\\q\r')
      await until('psql to exit', () => core.sessions.get(s.id).info.state === 'closed')
      expect(core.sessions.get(s.id).info.exitCode).toBe(0)
    })

    it('lifts read-only only with a reason, which goes on the timeline', async () => {
      const [target] = await h['targets.listPsql']({}, ctx)
      if (!target) throw new Error('no psql target')
      await expect(
        Promise.resolve().then(() =>
          h['sessions.openPsql'](
            { targetId: target.id, cols: 80, rows: 24, incidentId, allowWrites: true },
            ctx,
          ),
        ),
      ).rejects.toThrow(/read-only by default/)
      const s = await h['sessions.openPsql'](
        {
          targetId: target.id,
          cols: 120,
          rows: 30,
          incidentId,
          allowWrites: true,
          writeReason: 'Kill the stuck migration lock (reviewed by Sato, backup taken)',
        },
        ctx,
      )
      expect(s.title).not.toContain('[read-only]')
      core.sessions.attach(viewer, s.id)
      await until('the psql prompt', () => out(s).includes('postgres=#'))
      type(s, 'CREATE TABLE sitrep_write_probe (x int); SELECT 1 AS wrote_ok;\r')
      await until('the write', () => out(s).includes('wrote_ok'))
      expect(out(s)).toContain('CREATE TABLE')
      type(s, '\\q\r')
      await until('psql to exit', () => core.sessions.get(s.id).info.state === 'closed')
      const events = core.data.require().timeline.list(incidentId, { limit: 100 })
      const enabled = events.find((e) => e.kind === 'psql.writesEnabled')
      expect(enabled?.payload).toMatchObject({
        sessionId: s.id,
        reason: 'Kill the stuck migration lock (reviewed by Sato, backup taken)',
      })
    })

    it('never writes the password to disk in clear text', () => {
      core.sessions.closeAll()
      const file = core.data.require().path
      const db = new Database(file, { readonly: true })
      try {
        const tables = ['targets', 'secrets', 'transcript_chunks', 'timeline_events']
        for (const t of tables) {
          const rows = db.prepare(`SELECT * FROM ${t}`).all() as Record<string, unknown>[]
          for (const r of rows) {
            for (const v of Object.values(r)) {
              const text = Buffer.isBuffer(v) ? v.toString('latin1') : String(v)
              expect(text, `${t} holds the password`).not.toContain(PASSWORD)
            }
          }
        }
      } finally {
        db.close()
      }
    })
  },
)
