// The headless bridge refuses anyone but this machine's page that knows the token.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Bridge } from '../../../src/main/core/bridge/server'
import { isLoopbackAddress } from '../../../src/main/core/bridge/guard'
import { askBridge, startTestBridge, type BridgeAnswer } from '../../helpers/bridge'

let bridge: Bridge
let dir: string
let stop: (() => Promise<void>) | undefined

beforeAll(async () => {
  ;({ bridge, dir, stop } = await startTestBridge({ prefix: 'sitrep-bridge-' }))
  writeFileSync(join(dir, 'app.js'), 'console.log(1)')
})

afterAll(async () => {
  await stop?.()
})

const get = (path: string, headers: Record<string, string> = {}): Promise<BridgeAnswer> =>
  askBridge(bridge, 'GET', path, headers)

type Answer = Awaited<ReturnType<typeof get>>
let firstLoad: Promise<Answer> | undefined
/** The page's first load with the token (once per bridge: the token is spent by it). */
const login = (): Promise<Answer> => (firstLoad ??= get(`/?token=${bridge.token}`))
/** The session cookie that first load set, as the browser sends it back. */
const session = async (): Promise<string> =>
  String((await login()).headers['set-cookie']).split(';')[0] ?? ''

function ws(path: string, origin?: string, cookie?: string) {
  return new Promise<{ opened: boolean; status?: number }>((resolve) => {
    const sock = new WebSocket(`ws://127.0.0.1:${bridge.port}${path}`, {
      ...(origin ? { origin } : {}),
      ...(cookie ? { headers: { cookie } } : {}),
    })
    sock.on('open', () => {
      sock.close()
      resolve({ opened: true })
    })
    sock.on('unexpected-response', (_req, res) =>
      resolve({ opened: false, status: res.statusCode ?? 0 }),
    )
    sock.on('error', () => resolve({ opened: false }))
  })
}

const origin = () => `http://127.0.0.1:${bridge.port}`

describe('headless bridge guard', () => {
  it('listens on loopback only', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/)
  })

  it('serves the app with the token once and sets a session cookie, with a strict CSP', async () => {
    const res = await login()
    expect(res.status).toBe(200)
    expect(res.body).toContain('<title>Sitrep</title>')
    expect(String(res.headers['set-cookie'])).toMatch(
      /^sitrep_session=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/$/,
    )
    // The cookie is a session id, not the token.
    expect(String(res.headers['set-cookie'])).not.toContain(bridge.token)
    // Single use: the same link opens no second page; the cookie serves reloads.
    expect((await get(`/?token=${bridge.token}`)).status).toBe(403)
    expect((await get('/', { cookie: await session() })).status).toBe(200)
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).toContain("frame-ancestors 'none'")
  })

  it('refuses a page request without or with a wrong token', async () => {
    expect((await get('/')).status).toBe(403)
    expect((await get('/?token=wrong')).status).toBe(403)
    expect((await get('/app.js')).status).toBe(403)
    expect((await get('/app.js', { cookie: await session() })).status).toBe(200)
    // The token as a cookie, or the session id as the token, open nothing.
    expect((await get('/app.js', { cookie: `sitrep_token=${bridge.token}` })).status).toBe(403)
    expect((await get('/app.js', { cookie: `sitrep_session=${bridge.token}` })).status).toBe(403)
    const id = (await session()).split('=')[1] ?? ''
    expect((await get(`/?token=${id}`)).status).toBe(403)
  })

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await get(`/?token=${bridge.token}`, { host: `evil.example:${bridge.port}` })
    expect(res.status).toBe(421)
  })

  it('does not serve files outside the renderer', async () => {
    const res = await get(`/..%2f..%2fetc%2fpasswd?token=${bridge.token}`)
    expect([403, 404]).toContain(res.status)
    expect(res.body).not.toContain('root:')
  })

  it('opens the WebSocket only with the session cookie, the token and our own origin', async () => {
    const cookie = await session()
    expect(await ws(`/bridge?token=${bridge.token}`, origin(), cookie)).toEqual({ opened: true })
    // The token alone (a leaked link) or the cookie alone (sent to any 127.0.0.1 port) is not enough.
    expect(await ws(`/bridge?token=${bridge.token}`, origin())).toMatchObject({
      opened: false,
      status: 403,
    })
    const id = cookie.split('=')[1] ?? ''
    expect(await ws(`/bridge?token=${id}`, origin(), cookie)).toMatchObject({
      opened: false,
      status: 403,
    })
    expect(await ws('/bridge', origin())).toMatchObject({ opened: false, status: 403 })
    expect(await ws('/bridge?token=nope', origin())).toMatchObject({ opened: false, status: 403 })
    expect(await ws(`/bridge?token=${bridge.token}`, 'http://evil.example')).toMatchObject({
      opened: false,
      status: 403,
    })
    expect(await ws(`/bridge?token=${bridge.token}`)).toMatchObject({ opened: false, status: 403 })
  })

  it('answers contract calls over the socket and rejects bad params', async () => {
    const sock = new WebSocket(`ws://127.0.0.1:${bridge.port}/bridge?token=${bridge.token}`, {
      origin: origin(),
      headers: { cookie: await session() },
    })
    await new Promise((r) => sock.on('open', r))
    const replies: unknown[] = []
    sock.on('message', (d, binary) => {
      if (!binary) replies.push(JSON.parse(String(d)))
    })
    sock.send(JSON.stringify({ id: 1, method: 'app.info', params: {} }))
    sock.send(
      JSON.stringify({
        id: 2,
        method: 'sessions.resize',
        params: { sessionId: 'x', cols: 'wide' },
      }),
    )
    sock.send('not json at all')
    sock.send(Buffer.from([1, 2, 3])) // malformed frame: ignored
    sock.send(JSON.stringify({ id: 3, method: 'store.status', params: {} }))
    const deadline = Date.now() + 5000
    while (
      replies.filter((r) => (r as { id?: number }).id !== undefined).length < 3 &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 20))
    }
    const byId = (id: number) => replies.find((r) => (r as { id?: number }).id === id)
    expect(byId(1)).toMatchObject({ ok: true, result: { shell: 'headless' } })
    expect(byId(2)).toMatchObject({ ok: false, error: { code: 'invalid_params' } })
    expect(byId(3)).toMatchObject({ ok: true, result: { state: 'ready' } })
    sock.close()
  })
})

describe('loopback check', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['192.168.1.2', false],
    ['::ffff:192.168.1.2', false],
    ['fe80::1', false],
    [undefined, false],
  ])('%s → %s', (addr, ok) => {
    expect(isLoopbackAddress(addr)).toBe(ok)
  })
})
