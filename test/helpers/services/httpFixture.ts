// A health endpoint on a free loopback port whose answers a test steers: status, delay, body, or
// no answer at all (a hung backend). Every request is counted.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface HttpBehaviour {
  status: number
  /** Milliseconds before answering; a function varies it per request (e.g. hovering latency). */
  delayMs: number | ((n: number) => number)
  body: string
  /** Accept the request and never answer. */
  hang: boolean
}

export interface HttpFixture {
  readonly url: string
  readonly port: number
  requests: number
  set(b: Partial<HttpBehaviour>): void
  stop(): Promise<void>
}

export const HEALTHY_BODY = JSON.stringify({
  status: 'healthy',
  checks: { database: 'ok', cache: 'ok' },
})

export async function startHttpFixture(initial: Partial<HttpBehaviour> = {}): Promise<HttpFixture> {
  let behaviour: HttpBehaviour = {
    status: 200,
    delayMs: 0,
    body: HEALTHY_BODY,
    hang: false,
    ...initial,
  }
  const hung: ServerResponse[] = []
  const timers = new Set<ReturnType<typeof setTimeout>>()
  const fixture = { requests: 0 } as { requests: number }
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const n = ++fixture.requests
    req.resume()
    const b = behaviour
    if (b.hang) {
      hung.push(res)
      return
    }
    const delay = typeof b.delayMs === 'function' ? b.delayMs(n) : b.delayMs
    const t = setTimeout(() => {
      timers.delete(t)
      res.writeHead(b.status, { 'content-type': 'application/json' })
      res.end(b.body)
    }, delay)
    timers.add(t)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return Object.assign(fixture, {
    url: `http://127.0.0.1:${port}/health`,
    port,
    set(b: Partial<HttpBehaviour>) {
      behaviour = { ...behaviour, ...b }
    },
    async stop() {
      for (const t of timers) clearTimeout(t)
      for (const r of hung) r.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  })
}
