// Headless mode's transport: serves the built renderer on 127.0.0.1 and carries the contract
// over one WebSocket per page (JSON for calls and events, binary frames for terminal bytes).
import { randomBytes, randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { CallMessage, EventMessage } from '../../../shared/contract'
import type { Core } from '../core'
import { createHandlers, dispatch } from '../rpc/handlers'
import { routeIncomingFrame } from '../rpc/frames'
import type { Viewer } from '../sessions/session'
import { checkOrigin, checkPeer, cookieToken, tokensEqual, type Refusal } from './guard'

const COOKIE = 'sitrep_token'
const MAX_MESSAGE_BYTES = 16 * 1024 * 1024

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

export interface BridgeOptions {
  core: Core
  rendererDir: string
  port?: number
  /** Fixed token for tests; otherwise 32 random bytes. */
  token?: string
}

export interface Bridge {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

function csp(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // xterm.js and React set inline styles; no inline or eval'd script is allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

function refuse(res: ServerResponse, r: Refusal): void {
  res.writeHead(r.status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  })
  res.end(`Sitrep: ${r.reason}\n`)
}

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? randomBytes(32).toString('base64url')
  const handlers = createHandlers(opts.core)
  const root = normalize(opts.rendererDir)
  const sockets = new Set<WebSocket>()
  let port = 0

  const server: Server = createServer((req, res) => void serveStatic(req, res))
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const peer = checkPeer(req, port)
    if (peer) return refuse(res, peer)
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return refuse(res, { status: 403, reason: 'Only GET is served.' })
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    const viaQuery = tokensEqual(url.searchParams.get('token'), token)
    if (!viaQuery && !tokensEqual(cookieToken(req, COOKIE), token)) {
      return refuse(res, {
        status: 403,
        reason: 'missing or wrong token. Open the exact URL printed by npm run serve.',
      })
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1))
    const file = normalize(join(root, rel))
    if (!file.startsWith(root + sep))
      return refuse(res, { status: 403, reason: 'Outside the app.' })
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('Not found\n')
      return
    }
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp(port),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    }
    if (viaQuery) headers['set-cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    const refusal =
      checkPeer(req, port) ??
      checkOrigin(req, port) ??
      (url.pathname !== '/bridge' || !tokensEqual(url.searchParams.get('token'), token)
        ? { status: 403 as const, reason: 'missing or wrong token.' }
        : null)
    if (refusal) {
      socket.end(
        `HTTP/1.1 ${refusal.status} Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nSitrep: ${refusal.reason}\n`,
      )
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => connect(ws))
  })

  function connect(ws: WebSocket): void {
    sockets.add(ws)
    const viewer: Viewer = {
      id: randomUUID(),
      sendFrame: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(frame, { binary: true })
      },
    }
    const unsubscribe = opts.core.events.onAny((event, payload) => {
      const msg: EventMessage = { event, payload }
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg))
    })
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
        routeIncomingFrame(
          opts.core.sessions,
          viewer,
          new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength),
        )
        return
      }
      let msg: Partial<CallMessage>
      try {
        msg = JSON.parse(String(data)) as Partial<CallMessage>
      } catch {
        return
      }
      if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number') return
      void dispatch(handlers, msg.id, msg.method, msg.params, { viewer }).then((reply) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply))
      })
    })
    ws.on('close', () => {
      sockets.delete(ws)
      unsubscribe()
      opts.core.sessions.detachViewer(viewer.id)
    })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const ws of sockets) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
