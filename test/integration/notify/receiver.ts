// A webhook receiver on loopback for the outbox tests: answers each POST with the next scripted
// status (then 200), records what arrived, and can be stopped and started again on the same port
// (the channel's URL stays valid while the receiver is "down").
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  path: string
  headers: IncomingHttpHeaders
  body: string
  status: number
  /** When it arrived (ms). */
  at: number
}

export class Receiver {
  readonly received: Received[] = []
  private server: Server | null = null
  port = 0
  /** Statuses to answer, in order (0: never answer, as a receiver that hangs); 200 after. */
  script: number[] = []
  /** Extra headers per status (e.g. Retry-After on 429). */
  headers: Record<number, Record<string, string>> = {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks/T0001/B0002/s3cr3t-path-${this.port}`
  }

  /** The POSTs that were answered 2xx: the deliveries. */
  get delivered(): Received[] {
    return this.received.filter((r) => r.status >= 200 && r.status < 300)
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const status = this.script.shift() ?? 200
        this.received.push({
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          status,
          at: Date.now(),
        })
        if (status === 0) return // hangs until the client gives up or the receiver stops
        res.writeHead(status, { 'content-type': 'text/plain', ...this.headers[status] })
        res.end(status === 200 ? 'ok' : 'boom')
      })
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.port = (server.address() as AddressInfo).port
    this.server = server
  }

  async stop(): Promise<void> {
    const s = this.server
    this.server = null
    if (!s) return
    s.closeAllConnections()
    await new Promise<void>((resolve) => s.close(() => resolve()))
  }
}
