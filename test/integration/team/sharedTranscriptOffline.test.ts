// Shared transcripts offline (#18): alice shares two sessions; bob opens one (kept as he reads
// it) and only syncs past the other (pulled for the incident he follows). The team's
// PostgreSQL stops: bob still lists both and replays each, byte for byte what he read online.
// The copy is insert-only and bounded (per transcript and in all), with no gap.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import { KeptTranscripts } from '../../../src/main/core/team/keptTranscripts'
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
  converge,
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

/** Every page of a shared transcript, as the replay view reads it: output text and chunk ids. */
async function replay(
  B: ReturnType<typeof contractOf>,
  origin: string,
  sessionId: string,
): Promise<{ text: string; ids: number[] }> {
  let after = 0
  let text = ''
  const ids: number[] = []
  for (;;) {
    const page = await B.call<RecordingPage>('team.sharedRecording', {
      origin,
      sessionId,
      afterId: after,
      maxBytes: 1024,
    })
    for (const c of page.chunks) {
      ids.push(c.id)
      if (c.direction === 'o') text += Buffer.from(c.data, 'base64').toString()
    }
    if (page.nextAfterId === null) return { text, ids }
    after = page.nextAfterId
  }
}

describe('shared transcripts offline', () => {
  it('bob replays what he opened or pulled while the team server is stopped', async () => {
    const [a, b] = [startLaptop(), startLaptop()] as [Core, Core]
    cores.push(a, b)
    const A = contractOf(a)
    const B = contractOf(b)
    await A.call('team.configure', configureInput(server, 'alice'))
    await B.call('team.configure', configureInput(server, 'bob'))
    const incident = await A.call<{ id: string }>('incidents.declare', {
      title: 'Shared transcript offline',
      severity: 'P2',
      impactScope: 'core',
      detection: 'monitoring-alert',
    })
    await converge([a, b], incident.id)

    // Two sessions, each printing a marker (joined by the shell, so the echo differs).
    const markers = [
      `opened-${randomBytes(5).toString('hex')}`,
      `pulled-${randomBytes(5).toString('hex')}`,
    ]
    const sessions: SessionInfo[] = []
    for (const m of markers) {
      const info = await A.call<SessionInfo>('sessions.openLocal', {
        cols: 100,
        rows: 30,
        incidentId: incident.id,
      })
      await A.call('sessions.attach', { sessionId: info.id })
      A.type(info, `printf '%s%s\\n' ${m.slice(0, 4)} ${m.slice(4)}; seq 1 300\n`)
      await eventually(async () => A.text(info).includes(`${m}\r\n`), 'the output', 10_000)
      await eventually(async () => A.text(info).includes('300\r\n'), 'the seq', 10_000)
      await A.call('sessions.close', { sessionId: info.id })
      await A.call('team.shareSession', { sessionId: info.id, incidentId: incident.id })
      sessions.push(info)
    }
    const [opened, pulled] = sessions as [SessionInfo, SessionInfo]

    // Online: bob opens the first (kept as he reads it) and never opens the second.
    const online = await eventually(async () => {
      const l = await B.call<SharedTranscriptInfo[]>('team.sharedTranscripts', {
        incidentId: incident.id,
      })
      return l.length === 2 && l.every((x) => x.chunks > 0) ? l : null
    }, 'both shared transcripts on B')
    expect(online.every((x) => !x.offline)).toBe(true)
    const origin = online[0]!.origin
    const read = await replay(B, origin, opened.id)
    expect(read.text).toContain(markers[0])
    // The second arrives with bob's sync cycles, for the incident he follows.
    const kept = await eventually(async () => {
      await b.team().syncNow()
      const l = await B.call<SharedTranscriptInfo[]>('team.sharedTranscripts', {
        incidentId: incident.id,
      })
      return l.every((x) => x.kept === x.chunks) ? l : null
    }, 'both transcripts kept on B')
    const pulledOnline = await replay(B, origin, pulled.id)

    // The copy is insert-only.
    const db = b.data.require().db
    expect(() => db.prepare("UPDATE team_transcript_chunks SET data = 'x'").run()).toThrow(
      /insert-only/,
    )
    expect(() => db.prepare('DELETE FROM team_transcripts').run()).toThrow(/insert-only/)

    await server.pg.stopServer()
    try {
      expect((await b.team().syncNow()).state).toBe('offline')
      const list = await B.call<SharedTranscriptInfo[]>('team.sharedTranscripts', {
        incidentId: incident.id,
      })
      expect(list.map((x) => [x.sessionId, x.offline, x.kept])).toEqual(
        kept.map((x) => [x.sessionId, true, x.chunks]),
      )
      expect(list.every((x) => x.author === 'alice' && !x.self)).toBe(true)
      // Byte for byte what bob read online, chunk ids included.
      expect(await replay(B, origin, opened.id)).toEqual(read)
      const offlinePulled = await replay(B, origin, pulled.id)
      expect(offlinePulled).toEqual(pulledOnline)
      expect(offlinePulled.text).toContain(markers[1])
      // A transcript never kept cannot be read offline, and says why.
      await expect(replay(B, origin, 'not-a-session')).rejects.toThrow(/not kept on this laptop/)
    } finally {
      await server.pg.startAgain()
    }
  }, 90_000)

  it('a long transcript arrives over several cycles and pages cut by bytes lose nothing', async () => {
    const [a, b] = [startLaptop(), startLaptop()] as [Core, Core]
    cores.push(a, b)
    const B = contractOf(b)
    await a.team().configure(configureInput(server, 'alice'))
    await b.team().configure(configureInput(server, 'bob'))
    const incident = a.incidents().declare({
      title: 'Long shared transcript',
      severity: 'P2',
      services: ['checkout'],
      impactScope: 'core',
      detection: 'monitoring-alert',
      actor: 'alice',
    })
    await converge([a, b], incident.id)
    // 700 chunks of 10 000 bytes (7 MB, past one cycle's 4 MB), written as alice's laptop would.
    const origin = a.team().local.origin()
    const alice = await responderClient(server, 'alice')
    try {
      await alice.query(
        `INSERT INTO sitrep.transcripts (team, origin, session_id, origin_name, incident_id, kind,
           title, cols, rows, started_at) VALUES ('sre', $1, 'long-1', $2, $3, 'local', 'long', 80, 24, 1)`,
        [origin.id, origin.name, incident.id],
      )
      const ns = Array.from({ length: 700 }, (_, i) => i + 1)
      await alice.query(
        `INSERT INTO sitrep.transcript_chunks (team, origin, session_id, n, at, direction, data)
         SELECT 'sre', $1, 'long-1', n, n, 'o', lpad(n::text, 10000, '.')
         FROM unnest($2::int8[]) AS n`,
        [origin.id, ns],
      )
    } finally {
      await alice.end()
    }
    let cycles = 0
    await eventually(async () => {
      cycles++
      await b.team().syncNow()
      return b.team().transcripts.kept.keptOf('sre', origin.id, 'long-1').count === 700
    }, 'the long transcript kept on B')
    expect(cycles).toBeGreaterThan(1)
    // Pages of exactly three chunks' bytes: each read is cut by the bytes, none ends early.
    const read = async () => {
      const ids: number[] = []
      let after = 0
      for (;;) {
        const page = await B.call<RecordingPage>('team.sharedRecording', {
          origin: origin.id,
          sessionId: 'long-1',
          afterId: after,
          maxBytes: 30_000,
        })
        ids.push(...page.chunks.map((c) => c.id))
        if (page.nextAfterId === null) return ids
        after = page.nextAfterId
      }
    }
    const all = Array.from({ length: 700 }, (_, i) => i + 1)
    expect(await read()).toEqual(all)
    await server.pg.stopServer()
    try {
      await b.team().syncNow()
      expect(await read()).toEqual(all)
    } finally {
      await server.pg.startAgain()
    }
  }, 90_000)

  it('the copy is bounded per transcript and in all, and never keeps a gap', () => {
    const core = startLaptop()
    cores.push(core)
    const store = core.data.require()
    const kept = new KeptTranscripts(store.db, store.path, Date.now, {
      perTranscript: 100,
      total: 150,
    })
    const header = (sessionId: string) => ({
      origin: 'o1',
      originName: 'laptop-1',
      author: 'alice',
      sessionId,
      incidentId: 'i1',
      kind: 'local',
      title: sessionId,
      cols: 80,
      rows: 24,
      startedAt: 1,
    })
    const chunk = (n: number) => ({ n, at: n, direction: 'o' as const, data: 'x'.repeat(30) })
    // 30 bytes a chunk: three fit one transcript's 100, the fourth would pass it.
    expect(kept.keep('t', header('s1'), 0, [1, 2, 3, 4].map(chunk))).toBe(3)
    expect(kept.hasRoom('t', 'o1', 's1')).toBe(true)
    expect(kept.keep('t', header('s1'), 3, [chunk(4)])).toBe(0)
    // Read from past what is kept: keeping it would leave a gap.
    expect(kept.keep('t', header('s2'), 5, [chunk(6)])).toBe(0)
    // 90 kept in all: two more chunks of another transcript reach the total of 150.
    expect(kept.keep('t', header('s2'), 0, [1, 2, 3].map(chunk))).toBe(2)
    expect(kept.hasRoom('t', 'o1', 's3')).toBe(false)
    expect(kept.keep('t', header('s3'), 0, [chunk(1)])).toBe(0)
    const page = kept.page('t', 'o1', 's1', 0, 1024)
    expect(page.chunks.map((c) => c.id)).toEqual([1, 2, 3])
    expect([page.info.chunkCount, page.info.outputBytes]).toEqual([3, 90])
    // What it counted as it kept agrees with what a fresh read of the tables finds.
    const fresh = new KeptTranscripts(store.db, store.path, Date.now)
    for (const s of ['s1', 's2', 's3'])
      expect(fresh.keptOf('t', 'o1', s)).toEqual(kept.keptOf('t', 'o1', s))
  })
})
