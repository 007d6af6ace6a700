// What never reaches the team's server: a saved host password, a token typed at a password
// prompt, and output that is only in an unshared session's transcript. A second session of the
// incident is shared with the team and prints the saved host password: it goes out redacted. The
// incident is used for real (local shell sessions of the incident, typed commands), synced, and
// then every file of the server's cluster (tables, indexes, WAL) is searched, in UTF-8, UTF-16
// and base64. Controls: the same search finds the incident's title and a line of the shared
// transcript.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import { decodeFrame, encodeFrame, FrameKind, type SessionInfo } from '../../../src/shared/contract'
import {
  closeLaptops,
  configureInput,
  eventually,
  startLaptop,
  startTeamServer,
  type TeamServer,
} from './teamHarness'

let server: TeamServer
const cores: Core[] = []

beforeAll(async () => {
  server = await startTeamServer(['alice'])
}, 60_000)

afterAll(async () => {
  await closeLaptops(cores)
  await server?.stop()
})

const hex = (n: number) => randomBytes(n).toString('hex')

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    const st = statSync(p)
    return st.isDirectory() ? filesUnder(p) : st.isFile() ? [p] : []
  })
}

function encodings(secret: string): Buffer[] {
  return [
    Buffer.from(secret, 'utf8'),
    Buffer.from(secret, 'utf16le'),
    Buffer.from(Buffer.from(secret).toString('base64').replace(/=+$/, '')),
  ]
}

describe('team sync: secrets and unshared transcripts stay on the laptop', () => {
  it('no planted secret byte is in any file of the server cluster', async () => {
    const hostPassword = `hostpw-${hex(10)}`
    const token = `tok-${hex(12)}`
    const [left, right] = [hex(6), hex(6)]
    const outputOnly = `out${left}${right}` // printed by the shell, never typed as one word
    const title = `title-${hex(8)}`
    const sharedLine = `shared${hex(6)}` // printed in the shared session: must be on the server

    const core = startLaptop()
    cores.push(core)
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
    const call = async (method: string, params: unknown): Promise<unknown> => {
      const r = await dispatch(handlers, 1, method, params, { viewer })
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`)
      return r.result
    }
    await call('team.configure', configureInput(server, 'alice'))
    await call('targets.saveSsh', {
      name: 'db-1',
      host: '127.0.0.1',
      port: 22,
      user: 'ops',
      authKind: 'password',
      secret: hostPassword,
    })
    const incident = (await call('incidents.declare', {
      title,
      severity: 'P2',
      impactScope: 'core',
      detection: 'monitoring-alert',
    })) as { id: string }
    const info = (await call('sessions.openLocal', {
      cols: 100,
      rows: 30,
      incidentId: incident.id,
    })) as SessionInfo
    await call('sessions.attach', { sessionId: info.id })
    const type = (s: string) =>
      routeIncomingFrame(
        core.sessions,
        viewer,
        encodeFrame(FrameKind.Input, info.channel, new TextEncoder().encode(s)),
      )
    const text = () => output.get(info.channel) ?? ''
    type(`printf 'out%s%s\\n' ${left} ${right}\n`)
    await eventually(async () => text().includes(outputOnly), 'the output-only line', 10_000)
    type("read -s -p 'Password: ' tok; echo; echo got-${#tok}\n")
    await eventually(async () => text().includes('Password: '), 'the prompt', 10_000)
    await new Promise((r) => setTimeout(r, 200))
    type(`${token}\n`)
    await eventually(async () => text().includes(`got-${token.length}`), 'the token read', 10_000)
    await call('sessions.close', { sessionId: info.id })

    // The shared session prints the saved host password (joined by the shell, never typed whole).
    const shared = (await call('sessions.openLocal', {
      cols: 100,
      rows: 30,
      incidentId: incident.id,
    })) as SessionInfo
    await call('sessions.attach', { sessionId: shared.id })
    routeIncomingFrame(
      core.sessions,
      viewer,
      encodeFrame(
        FrameKind.Input,
        shared.channel,
        new TextEncoder().encode(
          `printf '%s%s\\n' ${hostPassword.slice(0, 7)} ${hostPassword.slice(7)}; printf 'shared%s\\n' ${sharedLine.slice(6)}\n`,
        ),
      ),
    )
    await eventually(
      async () => (output.get(shared.channel) ?? '').includes(`${sharedLine}\r\n`),
      'the shared session’s output',
      10_000,
    )
    await call('sessions.close', { sessionId: shared.id })
    await call('team.shareSession', { sessionId: shared.id, incidentId: incident.id })
    await call('incidents.addNote', { incidentId: incident.id, text: 'synced note' })

    // Control: the laptop recorded the output-only line and the host password in the transcripts.
    const local = core.data.require().db
    const transcript = local
      .prepare("SELECT group_concat(data, '') AS d FROM transcript_chunks")
      .get() as { d: Buffer | null }
    expect(Buffer.from(transcript.d ?? '').toString()).toContain(outputOnly)
    expect(Buffer.from(transcript.d ?? '').toString()).toContain(hostPassword)

    // Everything this laptop has is on the server.
    await eventually(async () => (await core.team().syncNow()).waiting === 0, 'all pushed')
    const admin = await server.admin()
    try {
      const r = await admin.query<{ kinds: string[] }>(
        'SELECT array_agg(DISTINCT kind ORDER BY kind) AS kinds FROM sitrep.events',
      )
      // The session's events were shared (opened/closed), its transcript was not.
      expect(r.rows[0]!.kinds).toEqual(expect.arrayContaining(['incident.declared', 'note']))
      // Only the shared session's transcript is on the server.
      const t = await admin.query<{ session_id: string }>(
        'SELECT session_id FROM sitrep.transcripts',
      )
      expect(t.rows).toEqual([{ session_id: shared.id }])
      const chunks = await admin.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM sitrep.transcript_chunks WHERE session_id <> $1',
        [shared.id],
      )
      expect(chunks.rows[0]?.n).toBe(0)
      await admin.query('CHECKPOINT')
    } finally {
      await admin.end()
    }

    const files = filesUnder(server.pg.dataDir)
    let bytes = 0
    const found = (needle: string): string[] => {
      const hits: string[] = []
      for (const f of files) {
        let data: Buffer
        try {
          data = readFileSync(f)
        } catch {
          continue
        }
        for (const enc of encodings(needle)) if (data.includes(enc)) hits.push(f)
      }
      return hits
    }
    for (const f of files) bytes += statSync(f).size
    // Control: what was shared is found by this search (in the table and the WAL).
    expect(found(title).length).toBeGreaterThan(0)
    expect(found(sharedLine).length).toBeGreaterThan(0)
    const hits = [hostPassword, token, outputOnly].flatMap((s) =>
      found(s).map((f) => `${s.slice(0, 8)}… in ${f}`),
    )
    expect(hits).toEqual([])
    console.log(
      `FIGURES team secrets: ${files.length} server files (${bytes} bytes) searched for 3 planted secrets (one printed in a shared session) and the unshared transcript's line in 3 encodings: 0 hits (controls: the title and the shared transcript's line found)`,
    )
  }, 60_000)
})
