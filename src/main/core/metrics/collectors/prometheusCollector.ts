// Prometheus over its HTTP API: one instant query per configured metric each poll, and until a
// query first works a range query for it to fill the chart with the last minutes. Optionally
// through an SSH tunnel, since responders' laptops rarely reach Prometheus directly.
//
// Each query keeps its error to itself: a query Prometheus refuses (a typo in the PromQL), one
// returning several series or the wrong type fails only its own metric, shown per metric on the
// source's card, while the other metrics keep sampling. Prometheus not answering (connection,
// tunnel, a proxy's HTML error page) fails the whole source, and so does every query failing.
import type { MetricQueryError } from '../../../../shared/contract'
import {
  AllQueriesFailedError,
  MetricQueryFailedError,
  MetricSourceError,
  TunnelledAddress,
  errorText,
  type Collector,
  type PollContext,
  type PollResult,
  type Sample,
  type SshAccess,
} from '../collector'

export interface PromQuery {
  metric: string
  promql: string
}

type PromValue = [number, string]
interface PromResponse {
  status: 'success' | 'error'
  error?: string
  errorType?: string
  data?: {
    resultType: 'vector' | 'matrix' | 'scalar' | 'string'
    result: unknown
  }
}

/** Prometheus writes NaN and ±Inf as strings; they are not values a chart can draw. */
function num(v: string): number | null {
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}

function checked(json: PromResponse, promql: string): NonNullable<PromResponse['data']> {
  if (json.status !== 'success' || !json.data) {
    throw new MetricQueryFailedError(
      `Prometheus refused "${promql}": ${json.error ?? 'no data'} (${json.errorType ?? 'error'})`,
    )
  }
  return json.data
}

function oneSeries<T>(list: T[], promql: string): T | null {
  if (list.length > 1) {
    throw new MetricQueryFailedError(
      `"${promql}" returns ${list.length} series; a chart line needs one. Aggregate it, e.g. sum(...) or max(...).`,
    )
  }
  return list[0] ?? null
}

/** An instant query's single value (scalar or one-series vector); null when it is empty. */
export function instantValue(
  json: PromResponse,
  promql: string,
): { at: number; value: number } | null {
  const data = checked(json, promql)
  let pair: PromValue | null = null
  if (data.resultType === 'scalar') pair = data.result as PromValue
  else if (data.resultType === 'vector') {
    pair = oneSeries(data.result as { value: PromValue }[], promql)?.value ?? null
  } else
    throw new MetricQueryFailedError(
      `"${promql}" returns a ${data.resultType}; use an instant vector or scalar.`,
    )
  if (!pair) return null
  const value = num(pair[1])
  return value === null ? null : { at: Math.round(pair[0] * 1000), value }
}

/** A range query's points (one series). */
export function rangeValues(json: PromResponse, promql: string): { at: number; value: number }[] {
  const data = checked(json, promql)
  if (data.resultType !== 'matrix')
    throw new MetricQueryFailedError(`"${promql}" did not return a range.`)
  const series = oneSeries(data.result as { values: PromValue[] }[], promql)
  const out: { at: number; value: number }[] = []
  for (const [t, v] of series?.values ?? []) {
    const value = num(v)
    if (value !== null) out.push({ at: Math.round(t * 1000), value })
  }
  return out
}

export class PrometheusClient {
  private readonly base: URL
  private readonly address: TunnelledAddress

  constructor(ssh: SshAccess | null, url: string, via: string | null) {
    this.base = new URL(url.replace(/\/+$/, '') + '/')
    const port = Number(this.base.port) || (this.base.protocol === 'https:' ? 443 : 80)
    this.address = new TunnelledAddress(ssh, via, this.base.hostname, port)
  }

  private async get(
    path: string,
    params: Record<string, string>,
    signal: AbortSignal,
  ): Promise<PromResponse> {
    const { host, port } = await this.address.address()
    const url = new URL(path, this.base)
    if (host !== this.base.hostname || port !== Number(this.base.port)) {
      url.hostname = host
      url.port = String(port)
    }
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
    let res: Response
    try {
      res = await fetch(url, { signal, headers: { accept: 'application/json' } })
    } catch (err) {
      this.address.reset()
      if (signal.aborted) throw signal.reason
      throw new MetricSourceError(
        `Prometheus at ${this.base.host} did not answer: ${errorText(err)}`,
        { cause: err },
      )
    }
    const text = await res.text()
    try {
      return JSON.parse(text) as PromResponse
    } catch {
      throw new MetricSourceError(
        `Prometheus at ${this.base.host} answered ${res.status} without JSON: ${text.slice(0, 200)}`,
      )
    }
  }

  async instant(
    promql: string,
    signal: AbortSignal,
    at?: number,
  ): Promise<{ at: number; value: number } | null> {
    const params: Record<string, string> = { query: promql }
    if (at !== undefined) params.time = String(at / 1000)
    return instantValue(await this.get('api/v1/query', params, signal), promql)
  }

  async range(
    promql: string,
    from: number,
    to: number,
    stepSec: number,
    signal: AbortSignal,
  ): Promise<{ at: number; value: number }[]> {
    const json = await this.get(
      'api/v1/query_range',
      { query: promql, start: String(from / 1000), end: String(to / 1000), step: String(stepSec) },
      signal,
    )
    return rangeValues(json, promql)
  }

  close(): void {
    this.address.close()
  }
}

export class PrometheusCollector implements Collector {
  private readonly client: PrometheusClient
  /** Metrics whose chart was filled with the last minutes (a failing query is filled later). */
  private readonly backfilled = new Set<string>()

  constructor(
    ssh: SshAccess | null,
    url: string,
    private readonly queries: PromQuery[],
    private readonly backfillMinutes: number,
    private readonly intervalSec: number,
    via: string | null,
  ) {
    this.client = new PrometheusClient(ssh, url, via)
  }

  private async query(q: PromQuery, now: number, signal: AbortSignal): Promise<Sample[]> {
    const out: Sample[] = []
    if (!this.backfilled.has(q.metric) && this.backfillMinutes > 0) {
      const from = now - this.backfillMinutes * 60_000
      const step = Math.max(1, Math.round(this.intervalSec))
      for (const p of await this.client.range(q.promql, from, now, step, signal)) {
        out.push({ metric: q.metric, value: p.value, at: p.at })
      }
    }
    const v = await this.client.instant(q.promql, signal, now)
    if (v) out.push({ metric: q.metric, value: v.value })
    this.backfilled.add(q.metric)
    return out
  }

  async poll(ctx: PollContext): Promise<PollResult> {
    const now = ctx.now()
    // The queries of one source run side by side: one slow query costs one round trip, not N.
    const results = await Promise.all(
      this.queries.map(async (q) => {
        try {
          return { samples: await this.query(q, now, ctx.signal), error: null }
        } catch (err) {
          // Only the query's own failure stays with it; Prometheus not answering, a timeout or
          // a stop fails the poll (the runner shows it on the source and backs off).
          if (!(err instanceof MetricQueryFailedError) || ctx.signal.aborted) throw err
          const failed: MetricQueryError = { metric: q.metric, error: errorText(err) }
          return { samples: [] as Sample[], error: failed }
        }
      }),
    )
    const metricErrors = results.flatMap((r) => (r.error ? [r.error] : []))
    if (this.queries.length > 0 && metricErrors.length === this.queries.length) {
      throw new AllQueriesFailedError(metricErrors)
    }
    return { samples: results.flatMap((r) => r.samples), metricErrors }
  }

  close(): void {
    this.client.close()
  }
}
