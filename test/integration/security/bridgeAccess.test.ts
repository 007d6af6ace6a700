// Who can reach the headless bridge, tried for real on this machine's sockets (guard.test.ts has
// the basic refusals; this adds the ones an attacker would try next): a peer on another address
// (a real connection whose source is this machine's non-loopback interface), the bridge port on
// that interface, near-miss tokens, near-miss origins and Host headers, and other verbs.
import { request, type IncomingHttpHeaders } from 'node:http'
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Bridge } from '../../../src/main/core/bridge/server'
import { startTestBridge } from '../../helpers/bridge'

let bridge: Bridge
let stop: (() => Promise<void>) | undefined

/** This machine's first non-loopback IPv4 address (a container's eth0, a laptop's Wi-Fi). */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && !a.internal && a.family === 'IPv4')?.address

beforeAll(async () => {
  ;({ bridge, stop } = await startTestBridge({ prefix: 'sitrep-bridge-access-' }))
})

afterAll(async () => {
  await stop?.()
})

interface Answer {
  status: number
  body: string
  headers: IncomingHttpHeaders
}

function get(
  path: string,
  opts: { headers?: Record<string, string>; method?: string; localAddress?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: bridge.port,
        path,
        method: opts.method ?? 'GET',
        headers: opts.headers ?? {},
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
      },
      (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

let firstLoad: Promise<Answer> | undefined
/** The one page load the token allows (the first get() with it, whichever test runs first). */
const login = (): Promise<Answer> => (firstLoad ??= get(`/?token=${bridge.token}`))
/** The session cookie of that load, as the page's browser sends it back. */
const session = async (): Promise<string> =>
  String((await login()).headers['set-cookie']).split(';')[0] ?? ''

function ws(
  query: string,
  opts: { origin?: string; host?: string; localAddress?: string; cookie?: string } = {},
): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const headers = {
      ...(opts.host ? { host: opts.host } : {}),
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
    }
    const sock = new WebSocket(`ws://127.0.0.1:${bridge.port}/bridge${query}`, {
      ...(opts.origin ? { origin: opts.origin } : {}),
      headers,
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
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

const own = () => `http://127.0.0.1:${bridge.port}`

describe('bridge: not reachable from another machine', () => {
  it.runIf(outside !== undefined || process.env.CI === 'true')(
    'the port is closed on the non-loopback interface',
    async () => {
      if (!outside) throw new Error('no non-loopback IPv4 interface to test from (CI=true)')
      const code = await new Promise<string>((resolve) => {
        const s = connect({ host: outside, port: bridge.port })
        s.on('connect', () => {
          s.destroy()
          resolve('connected')
        })
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'))
      })
      expect(code).toBe('ECONNREFUSED')
    },
  )

  it.runIf(outside !== undefined || process.env.CI === 'true')(
    'a peer whose address is not loopback is refused, even with the token and our origin',
    async () => {
      if (!outside) throw new Error('no non-loopback IPv4 interface to test from (CI=true)')
      // A real TCP connection to 127.0.0.1 whose source is the outside address: what a packet
      // forwarded from the network would look like to the server.
      const page = await get(`/?token=${bridge.token}`, { localAddress: outside })
      expect(page.status).toBe(403)
      expect(page.body).toMatch(/only answers this machine/)
      expect(page.body).not.toContain('<title>Sitrep</title>')
      const cookie = await session()
      expect(
        await ws(`?token=${bridge.token}`, { origin: own(), localAddress: outside, cookie }),
      ).toMatchObject({ opened: false, status: 403 })
      // Control: the same calls from loopback succeed.
      expect((await login()).status).toBe(200)
      expect((await get('/', { headers: { cookie } })).status).toBe(200)
      expect(await ws(`?token=${bridge.token}`, { origin: own(), cookie })).toEqual({
        opened: true,
      })
    },
  )
})

describe('bridge: near-miss credentials are refused', () => {
  it('refuses tokens that are almost right', async () => {
    const t = bridge.token
    const near = [
      t.slice(0, -1),
      `${t}x`,
      t.toUpperCase() === t ? t.toLowerCase() : t.toUpperCase(),
      `%20${t}`,
      encodeURIComponent(`${t}\u0000`),
      '',
    ]
    for (const token of near) {
      expect((await get(`/?token=${token}`)).status, token).toBe(403)
      expect(
        await ws(`?token=${token}`, { origin: own(), cookie: await session() }),
        token,
      ).toMatchObject({
        opened: false,
        status: 403,
      })
      expect((await get('/', { headers: { cookie: `sitrep_token=${token}` } })).status).toBe(403)
    }
    // The cookie alone does not open the socket: the page must present the token itself.
    expect(await ws('', { origin: own(), cookie: await session() })).toMatchObject({
      opened: false,
      status: 403,
    })
  })

  it('refuses origins that are almost ours', async () => {
    const p = bridge.port
    for (const origin of [
      'null',
      `https://127.0.0.1:${p}`,
      `http://127.0.0.1:${p + 1}`,
      `http://127.0.0.1:${p}.evil.example`,
      `http://localhost.evil.example:${p}`,
      `http://127.0.0.1:${p}/`,
      'http://127.0.0.1',
      'file://',
    ]) {
      expect(
        await ws(`?token=${bridge.token}`, { origin, cookie: await session() }),
        origin,
      ).toMatchObject({
        opened: false,
        status: 403,
      })
    }
  })

  it('refuses Host headers of another name (DNS rebinding), on the page and the socket', async () => {
    const p = bridge.port
    for (const host of [
      `evil.example:${p}`,
      '127.0.0.1',
      `127.0.0.1:${p + 1}`,
      `localhost.evil.example:${p}`,
      `0.0.0.0:${p}`,
    ]) {
      expect((await get(`/?token=${bridge.token}`, { headers: { host } })).status, host).toBe(421)
      expect(
        await ws(`?token=${bridge.token}`, { origin: own(), host, cookie: await session() }),
        host,
      ).toMatchObject({
        opened: false,
      })
    }
  })

  it('serves nothing but GET/HEAD, and nothing without the token', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']) {
      const res = await get(`/?token=${bridge.token}`, { method })
      expect(res.status, method).toBe(403)
      expect(res.body).not.toContain('<title>Sitrep</title>')
    }
  })

  it('the page answers with a CSP that forbids eval, inline script and framing', async () => {
    const res = await get('/', { headers: { cookie: await session() } })
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toMatch(/(^|; )default-src 'none'(;|$)/)
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/)
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline'[^;]*script|\*/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
  })
})
