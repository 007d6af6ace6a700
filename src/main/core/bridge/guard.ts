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

export function cookieToken(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie
  if (!header) return null
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return null
}

export type Refusal = { status: 403 | 421; reason: string }

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
