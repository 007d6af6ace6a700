// The first screen's calls over HTTP (POST /bridge/first, issue #20): allowed exactly as the
// socket is, only the first screen's reads, and nothing that happens between their answer and
// the page's socket is lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Bridge } from '../../../src/main/core/bridge/server'
import type { Core } from '../../../src/main/core/core'
import {
  askBridge,
  declareIncident,
  startTestBridge,
  type BridgeAnswer,
} from '../../helpers/bridge'

let core: Core
let bridge: Bridge
let cookie = ''
let incidentId = ''

const declare = (title: string) => declareIncident(core, title)

let stop: () => Promise<void>

beforeAll(async () => {
  ;({ core, bridge, stop } = await startTestBridge({ prefix: 'sitrep-early-' }))
  incidentId = declare('checkout 502s').id
  const first = await send('GET', `/?token=${bridge.token}`, {}, '')
  cookie = String(first.headers['set-cookie']).split(';')[0] ?? ''
})

afterAll(async () => {
  await stop()
})

const send = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | Buffer,
): Promise<BridgeAnswer> => askBridge(bridge, method, path, headers, body)

const origin = () => `http://127.0.0.1:${bridge.port}`
const key = () => crypto.randomUUID()
const page = (over: Record<string, string> = {}) => ({
  origin: origin(),
  cookie,
  'content-type': 'application/json',
  'x-sitrep-token': bridge.token,
  ...over,
})
const firstCalls = (k: string) =>
  JSON.stringify({
    key: k,
    calls: [
      { id: 1, method: 'incidents.latestOpen', params: { limit: 200 } },
      { id: 2, method: 'store.status', params: {} },
    ],
  })

/** A socket as the page opens it, collecting the text messages it gets. */
function socket(k: string | null): Promise<{ messages: string[]; close(): void }> {
  return new Promise((resolve, reject) => {
    const s = new WebSocket(
      `ws://127.0.0.1:${bridge.port}/bridge?token=${bridge.token}${k ? `&early=${k}` : ''}`,
      { origin: origin(), headers: { cookie } },
    )
    const messages: string[] = []
    s.on('message', (d, binary) => {
      if (!binary) messages.push(String(d))
    })
    s.on('open', () => resolve({ messages, close: () => s.close() }))
    s.on('error', reject)
  })
}

const until = async (probe: () => boolean, what: string): Promise<void> => {
  const end = Date.now() + 5_000
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('first calls over HTTP', () => {
  it('answers the first screen from the page: the newest page and the database status', async () => {
    const r = await send('POST', '/bridge/first', page(), firstCalls(key()))
    expect(r.status).toBe(200)
    expect(r.headers['cache-control']).toBe('no-store')
    const { replies } = JSON.parse(r.body) as {
      replies: { id: number; ok: boolean; result: { incident?: { id: string }; state?: string } }[]
    }
    expect(replies.map((x) => [x.id, x.ok])).toEqual([
      [1, true],
      [2, true],
    ])
    expect(replies[0]?.result.incident?.id).toBe(incidentId)
    expect(replies[1]?.result.state).toBe('ready')
  })

  it('refuses what the socket refuses: another origin, no session, no or a wrong token, a proxy peer name', async () => {
    const body = firstCalls(key())
    const refused = async (headers: Record<string, string>): Promise<number> =>
      (await send('POST', '/bridge/first', headers, body)).status
    expect(await refused(page({ origin: 'http://127.0.0.1:1' }))).toBe(403)
    expect(await refused(page({ origin: 'null' }))).toBe(403)
    const { origin: _o, ...noOrigin } = page()
    expect(await refused(noOrigin)).toBe(403)
    expect(await refused(page({ cookie: 'sitrep_session=forged' }))).toBe(403)
    const { cookie: _c, ...noCookie } = page()
    expect(await refused(noCookie)).toBe(403)
    expect(await refused(page({ 'x-sitrep-token': 'x'.repeat(43) }))).toBe(403)
    const { 'x-sitrep-token': _t, ...noToken } = page()
    expect(await refused(noToken)).toBe(403)
    // The token in the URL instead of the header is not enough either: URLs end up in logs.
    expect((await send('POST', `/bridge/first?token=${bridge.token}`, noToken, body)).status).toBe(
      403,
    )
    // Another path, or another method on this one.
    expect((await send('POST', '/bridge/other', page(), body)).status).toBe(403)
    expect((await send('PUT', '/bridge/first', page(), body)).status).toBe(403)
  })

  it('answers only the first screen’s reads, in JSON, within 4 KB; says what is wrong', async () => {
    const ask = async (body: string | Buffer, over: Record<string, string> = {}) =>
      send('POST', '/bridge/first', page(over), body)
    const declareCall = JSON.stringify({
      key: key(),
      calls: [{ id: 1, method: 'incidents.declare', params: { title: 'x' } }],
    })
    const r = await ask(declareCall)
    expect(r.status).toBe(400)
    expect(r.body).toMatch(/Only the first screen's reads/)
    // Nothing was declared.
    expect(core.incidents().list({ limit: 10, offset: 0 }).items).toHaveLength(1)
    expect((await ask(firstCalls(key()), { 'content-type': 'text/plain' })).status).toBe(415)
    expect((await ask('{not json')).status).toBe(400)
    expect((await ask(Buffer.alloc(5_000, 0x20))).status).toBe(413)
    for (const bad of [
      '[]',
      'null',
      JSON.stringify({ key: 'short', calls: [] }),
      JSON.stringify({ key: key(), calls: [] }),
      JSON.stringify({ key: key().toUpperCase(), calls: [{ id: 1, method: 'app.info' }] }),
      JSON.stringify({ key: key(), calls: [{ id: 1.5, method: 'app.info' }] }),
      JSON.stringify({ key: key(), calls: [{ id: 1, method: { toString: 1 } }] }),
      JSON.stringify({
        key: key(),
        calls: Array.from({ length: 9 }, (_, i) => ({ id: i, method: 'app.info' })),
      }),
    ])
      expect((await ask(bad)).status, bad.slice(0, 60)).toBe(400)
    // Bad parameters of an allowed call are that call's error reply, as on the socket.
    const badParams = await ask(
      JSON.stringify({
        key: key(),
        calls: [{ id: 1, method: 'timeline.list', params: { incidentId: 7 } }],
      }),
    )
    expect(badParams.status).toBe(200)
    expect(JSON.parse(badParams.body)).toMatchObject({
      replies: [{ id: 1, ok: false, error: { code: 'invalid_params' } }],
    })
  })

  it('what happens between the answer and the socket reaches the socket first, in order', async () => {
    const k = key()
    expect((await send('POST', '/bridge/first', page(), firstCalls(k))).status).toBe(200)
    // Two notes after the answer, before the page's socket: both would be lost without holding.
    const a = core.incidents().addNote(incidentId, { text: 'held one', actor: 'test' })
    const b = core.incidents().addNote(incidentId, { text: 'held two', actor: 'test' })
    const s = await socket(k)
    try {
      const c = core.incidents().addNote(incidentId, { text: 'live', actor: 'test' })
      await until(() => s.messages.some((m) => m.includes(c.uid)), 'the live note on the socket')
      const appended = s.messages
        .map((m) => JSON.parse(m) as { event: string; payload: { uid?: string } })
        .filter((m) => m.event === 'timeline.appended')
        .map((m) => m.payload.uid)
      expect(appended).toEqual([a.uid, b.uid, c.uid])
    } finally {
      s.close()
    }
  })

  it('a socket without a key, or one whose key was never asked, gets only live events; holding ends', async () => {
    const k = key()
    expect((await send('POST', '/bridge/first', page(), firstCalls(k))).status).toBe(200)
    core.incidents().addNote(incidentId, { text: 'before any socket', actor: 'test' })
    const plain = await socket(null)
    const stranger = await socket(key())
    const owner = await socket(k)
    try {
      const live = core.incidents().addNote(incidentId, { text: 'after', actor: 'test' })
      for (const s of [plain, stranger, owner])
        await until(() => s.messages.some((m) => m.includes(live.uid)), 'the live note')
      const notes = (s: { messages: string[] }) =>
        s.messages.filter((m) => m.includes('"timeline.appended"')).length
      expect(notes(plain)).toBe(1)
      expect(notes(stranger)).toBe(1)
      expect(notes(owner)).toBe(2)
      // Taken by its socket: a second socket with the same key gets nothing held.
      const again = await socket(k)
      const more = core.incidents().addNote(incidentId, { text: 'later', actor: 'test' })
      await until(() => again.messages.some((m) => m.includes(more.uid)), 'the later note')
      expect(notes(again)).toBe(1)
      again.close()
    } finally {
      plain.close()
      stranger.close()
      owner.close()
    }
  })
})
