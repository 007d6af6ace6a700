// HTTP health check: status code, latency and, optionally, seed 003's body shape
// `{"status":"healthy","checks":{"database":"ok",...}}`. Optionally through an SSH tunnel, with
// the original Host header so virtual hosts still answer.
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { performance } from 'node:perf_hooks'
import {
  MetricSourceError,
  TunnelledAddress,
  errorText,
  type Collector,
  type PollContext,
  type Sample,
  type SshAccess,
} from '../collector'

const MAX_BODY = 256 * 1024
export const ERROR_WINDOW = 20

export interface HealthBody {
  healthy: boolean
  checksTotal: number
  checksFailing: number
}

/** Reads a health body; null when it is not JSON of that shape. */
export function parseHealthBody(body: string): HealthBody | null {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return null
  }
  if (typeof json !== 'object' || json === null || !('status' in json)) return null
  const status = String((json as { status: unknown }).status).toLowerCase()
  const checks = (json as { checks?: unknown }).checks
  let total = 0
  let failing = 0
  if (typeof checks === 'object' && checks !== null) {
    for (const v of Object.values(checks as Record<string, unknown>)) {
      total++
      const text =
        typeof v === 'object' && v !== null && 'status' in v
          ? String((v as { status: unknown }).status)
          : String(v)
      if (!/^(ok|healthy|up|pass|passed|true)$/i.test(text)) failing++
    }
  }
  return {
    healthy: /^(ok|healthy|up|pass)$/.test(status) && failing === 0,
    checksTotal: total,
    checksFailing: failing,
  }
}

interface Answer {
  status: number
  body: string
  latencyMs: number
}

function get(
  url: URL,
  address: { host: string; port: number },
  signal: AbortSignal,
): Promise<Answer> {
  const started = performance.now()
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: address.host,
        port: address.port,
        path: url.pathname + url.search,
        method: 'GET',
        headers: { host: url.host, accept: 'application/json, */*', 'user-agent': 'sitrep-health' },
        servername: url.hostname,
        signal,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        let size = 0
        res.on('data', (c: Buffer) => {
          if (size < MAX_BODY) chunks.push(c)
          size += c.length
        })
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            latencyMs: performance.now() - started,
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end()
  })
}

export class HttpCollector implements Collector {
  private readonly url: URL
  private readonly address: TunnelledAddress
  private readonly recent: boolean[] = []

  constructor(
    ssh: SshAccess | null,
    url: string,
    private readonly checkBody: boolean,
    via: string | null,
  ) {
    this.url = new URL(url)
    const port = Number(this.url.port) || (this.url.protocol === 'https:' ? 443 : 80)
    this.address = new TunnelledAddress(ssh, via, this.url.hostname, port)
  }

  /** Share of failed checks among the last ERROR_WINDOW, in percent (one check is 0 or 100). */
  private errorRate(failed: boolean): number {
    this.recent.push(failed)
    if (this.recent.length > ERROR_WINDOW) this.recent.shift()
    return (100 * this.recent.filter(Boolean).length) / this.recent.length
  }

  async poll(ctx: PollContext): Promise<Sample[]> {
    let answer: Answer
    try {
      answer = await get(this.url, await this.address.address(), ctx.signal)
    } catch (err) {
      this.address.reset()
      this.errorRate(true)
      if (ctx.signal.aborted) throw ctx.signal.reason
      // Unreachable is itself a reading (up = 0) but also an error the responder should see.
      throw new MetricSourceError(`${this.url.host} did not answer: ${errorText(err)}`, {
        cause: err,
      })
    }
    const ok = answer.status >= 200 && answer.status < 400
    const samples: Sample[] = [
      { metric: 'http.status', value: answer.status },
      { metric: 'http.up', value: ok ? 1 : 0 },
      { metric: 'http.latency_ms', value: answer.latencyMs },
      { metric: 'error.rate_percent', value: this.errorRate(answer.status >= 500) },
    ]
    if (this.checkBody) {
      const health = parseHealthBody(answer.body)
      samples.push({ metric: 'health.ok', value: health?.healthy ? 1 : 0 })
      if (health) samples.push({ metric: 'health.failing_checks', value: health.checksFailing })
    }
    return samples
  }

  close(): void {
    this.address.close()
  }
}
