// A connection to the team's server that goes silent while new ones would work (a laptop moved
// to another network, a NAT dropped its state): the push on it times out, and the engine must
// give that socket up and connect again at once, not wait for an answer that never comes.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { startTcpProxy, type TcpProxy } from '../faults/tcpProxy'
import { tempDir } from '../../helpers/tempDir'
import { declareInput, eventually, startTeamServer, type TeamServer } from './teamHarness'

let server: TeamServer
let proxy: TcpProxy
const cores: Core[] = []
const QUERY_TIMEOUT_MS = 1_500

beforeAll(async () => {
  server = await startTeamServer(['dee'])
  proxy = await startTcpProxy(server.pg.port)
}, 60_000)

afterAll(async () => {
  for (const c of cores.splice(0)) {
    await c.team().close()
    c.close()
  }
  await proxy?.close()
  await server?.stop()
})

describe('team sync: a connection that goes silent', () => {
  it('times the push out, drops that socket within a second and pushes on a new connection', async () => {
    const dataDir = tempDir()
    const core = new Core({
      dataDir,
      shell: 'headless',
      version: 't',
      backupIntervalMs: 0,
      userKnownHosts: join(dataDir, 'none'),
      teamEngine: { queryTimeoutMs: QUERY_TIMEOUT_MS },
    })
    core.start()
    cores.push(core)
    const st = await core.team().configure({
      ...server.settings('dee', { port: proxy.port }),
      password: server.password('dee'),
    })
    expect(st.state).toBe('synced')
    const incident = core.incidents().declare(declareInput('stuck link', 'dee'))
    await eventually(async () => (await core.team().syncNow()).waiting === 0, 'the first push')
    const before = proxy.accepted

    // Both open connections (sync and LISTEN) go silent; new ones pass.
    expect(proxy.stallOpen()).toBe(2)
    const note = core.incidents().addNote(incident.id, { text: 'after the stall', actor: 'dee' })
    const t0 = performance.now()
    const failed = await core.team().syncNow()
    expect(failed.state).toBe('offline')
    expect(failed.error).toMatch(/timeout/i)
    // Given up after the statement timeout plus the bounded goodbye, not after the link healed.
    expect(performance.now() - t0).toBeLessThan(QUERY_TIMEOUT_MS + 3_000)

    const pushed = await eventually(async () => {
      const s = await core.team().syncNow()
      return s.waiting === 0 ? s : null
    }, 'the push on a new connection')
    expect(pushed.state).toBe('synced')
    expect(proxy.accepted).toBeGreaterThan(before)
    const admin = await server.admin()
    try {
      const r = await admin.query('SELECT 1 FROM sitrep.events WHERE uid = $1', [note.uid])
      expect(r.rowCount).toBe(1)
    } finally {
      await admin.end()
    }
  }, 60_000)
})
