// Headless mode's transport: serves the built renderer on 127.0.0.1 and carries the contract
// over one WebSocket per page (JSON for calls and events, binary frames for terminal bytes).
import { randomBytes, randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { CallMessage, EventMessage } from '../../../shared/contract'
import type { Core } from '../core'
import { createHandlers, dispatch } from '../rpc/handlers'
import { routeIncomingFrame } from '../rpc/frames'
import type { Viewer } from '../sessions/session'
import { EARLY_CALLS_PATH, EARLY_TOKEN_HEADER } from '../../../shared/earlyCalls'
import { EarlyCalls, EarlyCallsRefused, MAX_EARLY_BODY, earlyKeyOf } from './earlyCalls'
import { firstScreenSketch, withSketch } from './firstScreenHtml'
import { checkOrigin, checkPeer, cookieToken, parseTarget, type Refusal } from './guard'
import { BridgeSessions, type SessionState } from './sessions'

/** The page's session cookie: a session id (sessions.ts), never the token. */
export const SESSION_COOKIE = 'sitrep_session'
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
  /** Whether the token already opened a page, and its sessions (restored after a restart). */
  sessions?: SessionState
  /** Called when they change, to keep them with the token (bridge.json). */
  saveSessions?: (s: SessionState) => void
  /** Where a request that failed inside the server is reported; stderr by default. */
  log?: (line: string) => void
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

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  404: 'Not Found',
  421: 'Misdirected Request',
  500: 'Internal Server Error',
}

function refuse(res: ServerResponse, r: Refusal): void {
  res.writeHead(r.status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  })
  res.end(`Sitrep: ${r.reason}\n`)
}

class BodyTooLarge extends Error {}

/** The request's body, refused past `max` bytes (the rest is drained, not kept). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > max) {
        parts.length = 0
        return
      }
      parts.push(chunk)
    })
    req.on('end', () =>
      size > max
        ? reject(new BodyTooLarge(`The first calls fit in ${max} bytes.`))
        : resolve(Buffer.concat(parts)),
    )
    req.on('error', reject)
  })
}

/** A refusal written on a raw socket (the upgrade path has no ServerResponse). */
function refuseSocket(socket: Duplex, status: number, reason: string): void {
  if (socket.destroyed) return
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nSitrep: ${reason}\n`,
  )
}

const BAD_TARGET: Refusal = { status: 400, reason: 'Malformed request target.' }

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? randomBytes(32).toString('base64url')
  const sessions = new BridgeSessions(token, opts.sessions, opts.saveSessions)
  const log = opts.log ?? ((line: string) => console.error(line))
  const handlers = createHandlers(opts.core)
  const early = new EarlyCalls(handlers, (l) => opts.core.events.onAny(l))
  const root = normalize(opts.rendererDir)
  const sockets = new Set<WebSocket>()
  let port = 0

  /**
   * The top-level guard: whatever a handler throws (sync or async) becomes a 500 and one log
   * line. An exception escaping here would be an unhandled rejection, which ends the process and
   * every SSH and psql session in it.
   */
  const failed = (where: string, err: unknown, res?: ServerResponse, socket?: Duplex): void => {
    log(`sitrep bridge: ${where} failed: ${err instanceof Error ? err.message : String(err)}`)
    try {
      if (res && !res.headersSent) refuse500(res)
      else res?.destroy()
      if (socket) refuseSocket(socket, 500, 'Internal error.')
    } catch {
      // The connection is already gone.
    }
  }
  const refuse500 = (res: ServerResponse): void => {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
    res.end('Sitrep: internal error.\n')
  }

  const server: Server = createServer((req, res) => {
    try {
      const answer = req.method === 'POST' ? answerEarly : serveStatic
      answer(req, res).catch((err: unknown) => failed('page request', err, res))
    } catch (err) {
      failed('page request', err, res)
    }
  })
  // A request line or header Node cannot parse: answered 400 and closed, as Node does by default,
  // but without leaving the socket half-open.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const peer = checkPeer(req, port)
    if (peer) return refuse(res, peer)
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return refuse(res, { status: 403, reason: 'Only GET is served.' })
    }
    const target = parseTarget(req.url)
    if (!target) return refuse(res, BAD_TARGET)
    // The token opens one page, once; afterwards the session cookie it set serves reloads.
    const firstLoad = sessions.canFirstLoad(target.query.get('token'))
    if (!firstLoad && !sessions.valid(cookieToken(req, SESSION_COOKIE))) {
      return refuse(res, {
        status: 403,
        reason: target.query.has('token')
          ? 'this link was already used or is wrong. Open tabs reconnect by themselves; for another browser, restart npm run serve with --new-token.'
          : 'missing or wrong token. Open the exact URL printed by npm run serve.',
      })
    }
    const rel = target.path === '/' ? 'index.html' : target.path.slice(1)
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
    // The page itself carries the first screen's newest rows, painted before any script runs.
    if (rel === 'index.html' && req.method === 'GET') body = await pageWithSketch(req, body)
    const headers: Record<string, string> = {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': csp(port),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    }
    if (firstLoad && req.method === 'GET')
      headers['set-cookie'] =
        `${SESSION_COOKIE}=${sessions.firstLoad()}; HttpOnly; SameSite=Strict; Path=/`
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  /** index.html with the first screen's sketch; without it when the sketch cannot be made. */
  async function pageWithSketch(req: IncomingMessage, page: Buffer): Promise<Buffer> {
    try {
      return Buffer.from(withSketch(page.toString('utf8'), await firstScreenSketch(handlers, req)))
    } catch (err) {
      log(
        `sitrep bridge: first screen sketch skipped: ${err instanceof Error ? err.message : String(err)}`,
      )
      return page
    }
  }

  /**
   * What a page's socket and its first calls both need past the loopback check: our Origin, and
   * a session of the token with the token itself.
   */
  const pageRefusal = (req: IncomingMessage, token: string | null): Refusal | null =>
    checkOrigin(req, port) ??
    (sessions.socketAllowed(cookieToken(req, SESSION_COOKIE), token)
      ? null
      : { status: 403, reason: 'missing or wrong token or session.' })

  /**
   * The first screen's calls (earlyCalls.ts): allowed exactly as the socket is (loopback, our
   * Origin, session cookie and token), JSON only, a few KB at most.
   */
  async function answerEarly(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = parseTarget(req.url)
    const refusal =
      checkPeer(req, port) ??
      (target?.path === EARLY_CALLS_PATH
        ? null
        : { status: 403 as const, reason: 'Only GET is served.' }) ??
      pageRefusal(req, String(req.headers[EARLY_TOKEN_HEADER] ?? ''))
    if (refusal) {
      req.resume()
      return refuse(res, refusal)
    }
    if (!/^application\/json(;|$)/i.test(req.headers['content-type'] ?? '')) {
      req.resume()
      return refuse(res, { status: 415, reason: 'The first calls are sent as application/json.' })
    }
    let body: unknown
    try {
      body = JSON.parse((await readBody(req, MAX_EARLY_BODY)).toString('utf8'))
    } catch (err) {
      if (err instanceof BodyTooLarge) return refuse(res, { status: 413, reason: err.message })
      return refuse(res, { status: 400, reason: 'The body is not JSON.' })
    }
    let replies
    try {
      replies = await early.answer(body, {
        viewer: { id: randomUUID(), sendFrame: () => undefined },
      })
    } catch (err) {
      if (err instanceof EarlyCallsRefused) return refuse(res, { status: 400, reason: err.message })
      throw err
    }
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'cross-origin-resource-policy': 'same-origin',
    })
    res.end(JSON.stringify({ replies }))
  }

  server.on('upgrade', (req, socket, head) => {
    // A socket error after the handshake started (a peer resetting) must not be unhandled.
    socket.on('error', () => socket.destroy())
    try {
      const peer = checkPeer(req, port)
      if (peer) return refuseSocket(socket, peer.status, peer.reason)
      const target = parseTarget(req.url)
      if (!target) return refuseSocket(socket, 400, BAD_TARGET.reason)
      // Another path has no token to give: refused as one without it, after the Origin.
      const refusal = pageRefusal(req, target.path === '/bridge' ? target.query.get('token') : null)
      if (refusal) return refuseSocket(socket, refusal.status, refusal.reason)
      const key = earlyKeyOf(target.query)
      wss.handleUpgrade(req, socket, head, (ws) => connect(ws, key))
    } catch (err) {
      failed('socket upgrade', err, undefined, socket)
    }
  })

  function connect(ws: WebSocket, earlyKey: string | null): void {
    sockets.add(ws)
    const viewer: Viewer = {
      id: randomUUID(),
      sendFrame: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(frame, { binary: true })
      },
    }
    // What happened since this page's first calls were answered over HTTP comes first, then the
    // live events: nothing runs between the two, so none falls between them.
    const held = early.take(earlyKey)
    if (held.kind === 'events') for (const m of held.events) ws.send(m)
    else if (held.kind === 'overflowed') {
      // Too much to replay: the page reconnects and reads its state again, as after any drop.
      sockets.delete(ws)
      ws.close(1013, 'Sitrep: reconnect and read the state again.')
      return
    }
    const unsubscribe = opts.core.events.onAny((event, payload) => {
      const msg: EventMessage = { event, payload }
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg))
    })
    // An invalid frame (bad opcode, RSV bits, oversized, bad UTF-8) makes ws emit 'error' and
    // close the socket; without a listener that 'error' would be thrown and end the process.
    ws.on('error', (err) => log(`sitrep bridge: socket closed: ${err.message}`))
    ws.on('message', (data, isBinary) => {
      try {
        onMessage(data, isBinary)
      } catch (err) {
        log(`sitrep bridge: message failed: ${err instanceof Error ? err.message : String(err)}`)
      }
    })
    const onMessage = (data: RawData, isBinary: boolean): void => {
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
      void dispatch(handlers, msg.id, msg.method, msg.params, { viewer })
        .then((reply) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply))
        })
        .catch((err: unknown) =>
          log(`sitrep bridge: call failed: ${err instanceof Error ? err.message : String(err)}`),
        )
    }
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
      early.close()
      for (const ws of sockets) ws.terminate()
      wss.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
