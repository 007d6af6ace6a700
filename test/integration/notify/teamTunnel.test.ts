// A team reached through an SSH host: the outbox's claims take the same route as sync (the
// team facade opens the tunnel for them), not a direct connection to the configured host. The
// tunnel here is a recording TCP relay standing in for the SSH host's forwarding (the sync
// route itself is tested with a real sshd in team/connectionRoutes.test.ts): a claim adds a
// relayed connection, and the server sees it as the outbox's ('sitrep-notify').
import { createServer, connect, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DeliveryClaims } from '../../../src/main/core/notify/claims'
import { TeamDomain } from '../../../src/main/core/team/domain'
import { DataDir } from '../../../src/main/core/store/store'
import { tempDir } from '../../helpers/tempDir'
import { configureInput, startTeamServer, type TeamServer } from '../team/teamHarness'

let server: TeamServer
let relay: Server
let relayed = 0
const sockets: Socket[] = []
const opened: string[] = []

beforeAll(async () => {
  server = await startTeamServer(['erin'])
  relay = createServer((inbound) => {
    relayed++
    const outbound = connect(server.pg.port, '127.0.0.1')
    sockets.push(inbound, outbound)
    inbound.pipe(outbound).pipe(inbound)
    inbound.on('error', () => outbound.destroy())
    outbound.on('error', () => inbound.destroy())
  })
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()))
}, 60_000)

afterAll(async () => {
  for (const s of sockets) s.destroy()
  await new Promise<void>((r) => relay?.close(() => r()))
  await server?.stop()
})

describe('chat notification claims through the team route', () => {
  it('a claim goes through the tunnel the settings name', async () => {
    const dir = new DataDir(tempDir())
    dir.open()
    const store = dir.require()
    const team = new TeamDomain(store, {
      now: () => Date.now(),
      tunnel: async (targetId, host, port) => {
        opened.push(`${targetId} → ${host}:${port}`)
        return { localPort: (relay.address() as AddressInfo).port, close: () => undefined }
      },
    })
    const claims = new DeliveryClaims(60_000)
    try {
      await team.configure({ ...configureInput(server, 'erin'), viaSshTargetId: 'bastion-1' })
      expect(team.status().state).toBe('synced')
      const before = relayed
      const conn = team.serverConnection()
      const c = await claims.claim(conn, 'uid-1/chan', 'incident-1')
      expect(c).toEqual({ kind: 'mine', attempts: 0, leaseMs: 60_000 })
      expect(relayed).toBe(before + 1)
      expect(opened.at(-1)).toBe(`bastion-1 → 127.0.0.1:${server.pg.port}`)
      const admin = await server.admin()
      try {
        const r = await admin.query(
          `SELECT 1 FROM pg_stat_activity WHERE application_name = 'sitrep-notify' AND usename = 'erin'`,
        )
        expect(r.rowCount).toBe(1)
      } finally {
        await admin.end()
      }
      // The same connection serves the next call.
      expect(await claims.renew(conn, 'uid-1/chan')).toBe(1)
      expect(relayed).toBe(before + 1)
    } finally {
      await claims.close()
      await team.close()
      dir.close()
    }
  })
})
