// Shared transcripts (#18): alice shares a session of the incident; what reaches the server is
// the output passed through the export redactor on her laptop (a saved host password and a
// PGPASSWORD printed in the shell come out [REDACTED]); keystrokes are never sent. Bob reads it
// through the contract, read only, in the replay view's page shape; he cannot add to it, and
// nobody can change it.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import {
  decodeFrame,
  encodeFrame,
  FrameKind,
  type RecordingPage,
  type SessionInfo,
  type SharedTranscriptInfo,
} from '../../../src/shared/contract'
import {
  closeLaptops,
  configureInput,
  eventually,
  responderClient,
  startLaptop,
  startTeamServer,
  type TeamServer,
} from './teamHarness'

let server: TeamServer
const cores: Core[] = []

beforeAll(async () => {
  server = await startTeamServer(['alice', 'bob'])
}, 60_000)

afterAll(async () => {
  await closeLaptops(cores)
  await server?.stop()
})

const hex = (n: number) => randomBytes(n).toString('hex')

/** The contract as the renderer calls it, with a viewer that collects a session's output. */
function contractOf(core: Core) {
  const handlers = createHandlers(core)
  const output = new Map<number, string>()
  const viewer = {
    id: 'v',
    sendFrame: (f: Uint8Array) => {
      const frame = decodeFrame(f)
      if (frame?.kind === FrameKind.Output)
        output.set(frame.channel, (output.get(frame.channel) ?? '') + Buffer.from(frame.payload))
    },
  }
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const r = await dispatch(handlers, 1, method, params, { viewer })
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`)
    return r.result as T
  }
  const type = (info: SessionInfo, s: string) =>
    routeIncomingFrame(
      core.sessions,
      viewer,
      encodeFrame(FrameKind.Input, info.channel, new TextEncoder().encode(s)),
    )
  const text = (info: SessionInfo) => output.get(info.channel) ?? ''
  return { call, type, text }
}

describe('shared transcripts', () => {
  it('alice shares a session redacted; bob replays it read only; keystrokes and secrets stay home', async () => {
    const hostPassword = `hostpw-${hex(10)}`
    const pgPassword = `pg${hex(10)}`
    const marker = `visible-${hex(6)}`
    const [a, b] = [startLaptop(), startLaptop()] as [Core, Core]
    cores.push(a, b)
    const A = contractOf(a)
    const B = contractOf(b)
    await A.call('team.configure', configureInput(server, 'alice'))
    await B.call('team.configure', configureInput(server, 'bob'))
    // A saved host password: the redactor knows it and masks it wherever it shows.
    await A.call('targets.saveSsh', {
      name: 'db-1',
      host: '127.0.0.1',
      port: 22,
      user: 'ops',
      authKind: 'password',
      secret: hostPassword,
    })
    const incident = await A.call<{ id: string }>('incidents.declare', {
      title: 'Shared transcript',
      severity: 'P2',
      impactScope: 'core',
      detection: 'monitoring-alert',
    })
    const info = await A.call<SessionInfo>('sessions.openLocal', {
      cols: 100,
      rows: 30,
      incidentId: incident.id,
    })
    await A.call('sessions.attach', { sessionId: info.id })
    // Printed, never typed whole: the pieces are joined by the shell.
    const [h1, h2] = [hostPassword.slice(0, 8), hostPassword.slice(8)]
    const [p1, p2] = [pgPassword.slice(0, 8), pgPassword.slice(8)]
    A.type(
      info,
      `printf '%s%s\\n' ${h1} ${h2}; printf 'PGPASS''WORD=%s%s\\n' ${p1} ${p2}; echo ${marker}\n`,
    )
    await eventually(async () => A.text(info).includes(`${marker}\r\n`), 'the output', 10_000)
    await A.call('sessions.close', { sessionId: info.id })
    expect(
      await A.call('team.shareSession', { sessionId: info.id, incidentId: incident.id }),
    ).toEqual({
      sessionId: info.id,
      shared: true,
    })
    expect(await A.call('team.sharedSessions', {})).toEqual([info.id])

    // Bob: the list, then every page.
    const list = await eventually(async () => {
      const l = await B.call<SharedTranscriptInfo[]>('team.sharedTranscripts', {
        incidentId: incident.id,
      })
      return l.length === 1 && l[0]!.chunks > 0 ? l : null
    }, 'the shared transcript on B')
    expect(list[0]).toMatchObject({
      author: 'alice',
      sessionId: info.id,
      incidentId: incident.id,
      kind: 'local',
      self: false,
    })
    let after = 0
    let text = ''
    const directions = new Set<string>()
    for (;;) {
      const page = await B.call<RecordingPage>('team.sharedRecording', {
        origin: list[0]!.origin,
        sessionId: info.id,
        afterId: after,
        maxBytes: 1024,
      })
      for (const c of page.chunks) {
        directions.add(c.direction)
        if (c.direction === 'o') text += Buffer.from(c.data, 'base64').toString()
      }
      if (page.nextAfterId === null) break
      after = page.nextAfterId
    }
    expect(text).toContain(marker)
    expect(text).toContain('[REDACTED]')
    expect(text).not.toContain(hostPassword)
    expect(text).not.toContain(pgPassword)
    // Control: alice's own recording holds them (what was redacted was really there).
    const local = Buffer.from(
      (
        a.data
          .require()
          .db.prepare(
            "SELECT group_concat(data, '') AS d FROM transcript_chunks WHERE session_id = ? AND direction = 'o'",
          )
          .get(info.id) as { d: Buffer }
      ).d,
    ).toString()
    expect(local).toContain(hostPassword)
    expect(local).toContain(pgPassword)
    expect([...directions].every((d) => d === 'o' || d === 'r')).toBe(true)

    // Read only: bob cannot add to alice's transcript; nobody can change or delete it.
    const bob = await responderClient(server, 'bob')
    try {
      await expect(
        bob.query(
          `INSERT INTO sitrep.transcript_chunks (team, origin, session_id, n, at, direction, data)
           VALUES ('sre', $1, $2, 999999, 0, 'o', 'forged')`,
          [list[0]!.origin, info.id],
        ),
      ).rejects.toMatchObject({ code: '42501' })
      await expect(
        bob.query("UPDATE sitrep.transcript_chunks SET data = 'x' WHERE session_id = $1", [
          info.id,
        ]),
      ).rejects.toMatchObject({ code: '42501' })
    } finally {
      await bob.end()
    }
    const admin = await server.admin()
    try {
      await expect(
        admin.query('DELETE FROM sitrep.transcript_chunks WHERE session_id = $1', [info.id]),
      ).rejects.toThrow(/immutable/)
    } finally {
      await admin.end()
    }
  }, 60_000)
})
