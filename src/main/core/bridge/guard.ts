// Who may talk to the headless bridge: only this machine (loopback peer), only pages it served
// itself (Origin and Host match the listening address, which also defeats DNS rebinding), and
// only with the one-time token printed at start.
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  const a = address.startsWith('::ffff:') ? address.slice(7) : address
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a)
}

export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]
}

/**
 * The value of cookie `name`, or null. Never throws: a malformed %-escape (any page on another
 * loopback port can make the browser send one) is read as no cookie.
 */
export function cookieToken(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k !== name) continue
    try {
      return decodeURIComponent(v.join('='))
    } catch {
      return null
    }
  }
  return null
}

/**
 * The path and query of a request target, or null when it is not one a page of ours sends:
 * only origin-form (`/path?query`, RFC 9112 3.2.1), parsed without throwing. `GET http://[::1`
 * made `new URL` throw inside the handler, and the unhandled rejection ended the process.
 */
export function parseTarget(
  raw: string | undefined,
): { path: string; query: URLSearchParams } | null {
  if (!raw || raw[0] !== '/' || raw.startsWith('//') || raw.length > 8192) return null
  let url: URL
  try {
    url = new URL(raw, 'http://127.0.0.1')
  } catch {
    return null
  }
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (path.includes('\0')) return null
  return { path, query: url.searchParams }
}

export type Refusal = { status: 400 | 403 | 404 | 413 | 415 | 421; reason: string }

/** Checks common to every request and upgrade; null when the request may proceed. */
export function checkPeer(req: IncomingMessage, port: number): Refusal | null {
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    return { status: 403, reason: 'Sitrep only answers this machine (loopback).' }
  }
  if (!allowedHosts(port).includes(req.headers.host ?? '')) {
    return { status: 421, reason: 'Wrong Host header: open the URL printed by npm run serve.' }
  }
  return null
}

export function checkOrigin(req: IncomingMessage, port: number): Refusal | null {
  const origin = req.headers.origin
  if (!origin || !allowedHosts(port).some((h) => origin === `http://${h}`)) {
    return { status: 403, reason: 'Connections from other origins are refused.' }
  }
  return null
}
