// What the restore at start reads from the database and how a restored session connects: the
// stored reopen spec read defensively, the rows that are (and are not) reopened, and the
// deferred source that retries until the real one is up.
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  deferredSource,
  findInterrupted,
  findLost,
  parseReopen,
} from '../../../src/main/core/sessions/restore'
import type { TerminalSource } from '../../../src/main/core/sessions/terminalSource'
import { SitrepError } from '../../../src/main/core/errors'
import { DataDir } from '../../../src/main/core/store/store'
import { tempDir } from '../../helpers/tempDir'

describe('parseReopen', () => {
  it('reads the shapes the handlers store', () => {
    expect(parseReopen('{"kind":"ssh"}')).toEqual({ kind: 'ssh' })
    expect(parseReopen('{"kind":"psql","allowWrites":true}')).toEqual({ kind: 'psql' })
    expect(parseReopen('{"kind":"local"}')).toEqual({ kind: 'local' })
    expect(
      parseReopen('{"kind":"kubectl","mode":"exec","namespace":"shop","pod":"api-1"}'),
    ).toEqual({ kind: 'kubectl', mode: 'exec', namespace: 'shop', pod: 'api-1' })
    expect(parseReopen('{"kind":"kubectl","mode":"shell"}')).toEqual({
      kind: 'kubectl',
      mode: 'shell',
    })
  })

  it('reopens nothing from a row it does not understand', () => {
    for (const text of [
      null,
      '',
      'not json',
      '42',
      'null',
      '{"kind":"kubectl","mode":"port-forward"}',
      '{"kind":"kubectl","mode":"exec","pod":7}',
      `{"kind":"kubectl","mode":"exec","pod":"${'x'.repeat(300)}"}`,
    ])
      expect(parseReopen(text)).toBeNull()
  })
})

describe('findInterrupted', () => {
  it('returns open sessions with a spec and a saved target, once, with their last recorded time', () => {
    const data = new DataDir(tempDir())
    expect(data.open().state).toBe('ready')
    const store = data.require()
    const target = store.targets.saveSsh({
      name: 'web-1',
      host: '127.0.0.1',
      port: 22,
      user: 'ops',
      authKind: 'agent',
      keyPath: null,
      jumpVia: [],
      tags: [],
      keepaliveSec: 15,
    })
    const insert = store.db.prepare(
      `INSERT INTO sessions (id, incident_id, target_id, kind, title, cols, rows, started_at,
                             ended_at, reopen, restored_from)
       VALUES (?, NULL, ?, ?, ?, 100, 30, ?, ?, ?, ?)`,
    )
    const ssh = '{"kind":"ssh"}'
    insert.run('open-ssh', target.id, 'ssh', 'web-1 (ops@127.0.0.1)', 1000, null, ssh, null)
    insert.run('closed-by-user', target.id, 'ssh', 'web-1', 1100, 1500, ssh, null)
    insert.run('local', null, 'local', 'local: bash', 1200, null, null, null)
    insert.run('imported', target.id, 'ssh', 'web-1', 1300, null, null, null)
    insert.run('garbled', target.id, 'ssh', 'web-1', 1400, null, '{"kind":', null)
    insert.run('restored-once', target.id, 'ssh', 'web-1', 1450, 1900, ssh, null)
    insert.run('its-successor', target.id, 'ssh', 'web-1', 2000, null, ssh, 'restored-once')
    store.db
      .prepare(
        "INSERT INTO transcript_chunks (session_id, at, direction, data) VALUES (?, ?, 'o', ?)",
      )
      .run('open-ssh', 1700, Buffer.from('last words'))

    const found = findInterrupted(store.db)
    expect(found.map((s) => s.id)).toEqual(['open-ssh', 'its-successor'])
    expect(found[0]).toEqual({
      id: 'open-ssh',
      kind: 'ssh',
      title: 'web-1 (ops@127.0.0.1)',
      targetId: target.id,
      incidentId: null,
      cols: 100,
      rows: 30,
      reopen: { kind: 'ssh' },
      lastRecordedAt: 1700,
    })
    // Nothing recorded: it was last heard of when it started.
    expect(found[1]?.lastRecordedAt).toBe(2000)

    // Ours but not reopenable: a local shell, and a session whose target is gone.
    expect(findLost(store.db, 5000)).toEqual([])
    insert.run('our-shell', null, 'local', 'local: bash', 2100, null, '{"kind":"local"}', null)
    insert.run('orphan', null, 'ssh', 'old-host (ops@10.0.0.9)', 2200, null, ssh, null)
    expect(findLost(store.db, 5000)).toEqual([
      {
        sessionId: 'our-shell',
        kind: 'local',
        title: 'local: bash',
        incidentId: null,
        lastRecordedAt: 2100,
        restartedAt: 5000,
      },
      {
        sessionId: 'orphan',
        kind: 'ssh',
        title: 'old-host (ops@10.0.0.9)',
        incidentId: null,
        lastRecordedAt: 2200,
        restartedAt: 5000,
      },
    ])
    expect(findInterrupted(store.db).map((s) => s.id)).toEqual(['open-ssh', 'its-successor'])
    data.close()
  })
})

/** A source the test drives by hand. */
function fakeSource() {
  const data: ((b: Uint8Array) => void)[] = []
  const exits: ((c: number | null, e: string | null) => void)[] = []
  const source: TerminalSource & { written: string[]; killed: boolean; paused: boolean } = {
    written: [],
    killed: false,
    paused: false,
    onData: (l) => void data.push(l),
    onExit: (l) => void exits.push(l),
    write: (b) => void source.written.push(new TextDecoder().decode(b)),
    resize: () => undefined,
    pause: () => void (source.paused = true),
    resume: () => void (source.paused = false),
    kill: () => {
      source.killed = true
      for (const l of exits) l(null, null)
    },
  }
  return { source, emit: (s: string) => data.forEach((l) => l(new TextEncoder().encode(s))) }
}

describe('deferredSource', () => {
  afterEach(() => vi.useRealTimers())

  it('retries with backoff, then forwards both ways at the latest size', async () => {
    vi.useFakeTimers()
    const real = fakeSource()
    const sizes: string[] = []
    const states: string[] = []
    let calls = 0
    const src = deferredSource({
      cols: 80,
      rows: 24,
      backoffMs: [1000, 2000],
      onState: (s, d) => states.push(d ? `${s}: ${d}` : s),
      open: async (cols, rows) => {
        sizes.push(`${cols}x${rows}`)
        if (++calls < 3) throw new Error('connect ECONNREFUSED')
        return real.source
      },
    })
    const out: string[] = []
    src.onData((b) => out.push(new TextDecoder().decode(b)))
    src.write(new TextEncoder().encode('lost keys'))
    src.resize(120, 40)
    src.pause()
    await vi.advanceTimersByTimeAsync(0)
    expect(sizes).toEqual(['120x40'])
    await vi.advanceTimersByTimeAsync(999)
    expect(calls).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(calls).toBe(2)
    await vi.advanceTimersByTimeAsync(2000)
    expect(calls).toBe(3)
    expect(states).toEqual([
      'reconnecting: connect ECONNREFUSED; attempt 2',
      'reconnecting: connect ECONNREFUSED; attempt 3',
      'connected',
    ])
    // Paused before it existed: the real source starts paused (flow control holds).
    expect(real.source.paused).toBe(true)
    src.write(new TextEncoder().encode('uptime\r'))
    real.emit('load average')
    expect(real.source.written).toEqual(['uptime\r'])
    expect(out).toEqual(['load average'])
  })

  it('stops at a failure retrying cannot fix and says why', async () => {
    vi.useFakeTimers()
    let calls = 0
    const src = deferredSource({
      cols: 80,
      rows: 24,
      onState: () => undefined,
      open: async () => {
        calls++
        throw new SitrepError('host_key_changed', 'The host key of web-1 changed.')
      },
    })
    const exits: [number | null, string | null][] = []
    src.onExit((c, e) => exits.push([c, e]))
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls).toBe(1)
    expect(exits).toEqual([
      [
        null,
        'Could not reopen this session after Sitrep restarted: The host key of web-1 changed.',
      ],
    ])
  })

  it('gives up after its attempts', async () => {
    vi.useFakeTimers()
    let calls = 0
    const src = deferredSource({
      cols: 80,
      rows: 24,
      backoffMs: [10],
      maxAttempts: 3,
      onState: () => undefined,
      open: async () => {
        calls++
        throw new Error('no route to host')
      },
    })
    const exits: (string | null)[] = []
    src.onExit((_c, e) => exits.push(e))
    await vi.advanceTimersByTimeAsync(1000)
    expect(calls).toBe(3)
    expect(exits).toEqual([
      'Could not reopen this session after Sitrep restarted: no route to host',
    ])
  })

  it('closed while connecting: ends at once, and a source that arrives late is killed', async () => {
    vi.useFakeTimers()
    const real = fakeSource()
    let resolveOpen: (s: TerminalSource) => void = () => undefined
    const src = deferredSource({
      cols: 80,
      rows: 24,
      onState: () => undefined,
      open: () => new Promise((r) => (resolveOpen = r)),
    })
    const exits: [number | null, string | null][] = []
    src.onExit((c, e) => exits.push([c, e]))
    await vi.advanceTimersByTimeAsync(0)
    src.kill()
    expect(exits).toEqual([[null, null]])
    resolveOpen(real.source)
    await vi.advanceTimersByTimeAsync(0)
    expect(real.source.killed).toBe(true)
    expect(exits).toHaveLength(1)
  })
})
