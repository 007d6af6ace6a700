// Redis through node-redis, optionally through an SSH tunnel: INFO's figures (infoMetrics.ts)
// and the length of the named lists and streams (Celery's `celery` queue by default; a stream
// also reports the entries its consumer groups have not acknowledged). One connection is kept
// and reused; after a failure the next poll opens a new one (and a new tunnel).
import {
  connectRedis,
  countersOf,
  describeAddress,
  infoSamples,
  keyMetric,
  parseInfo,
  type Counters,
  type OwnTraffic,
  type RedisLink,
  type RedisSettings,
} from '../../redis/domain'
import {
  MetricSourceError,
  TunnelledAddress,
  errorText,
  type Collector,
  type PollContext,
  type PollResult,
  type Sample,
  type SshAccess,
} from '../collector'
import type { MetricQueryError } from '../../../../shared/contract'

export interface RedisSourceSettings extends RedisSettings {
  keys: string[]
  via: string | null
}

export class RedisCollector implements Collector {
  private link: RedisLink | null = null
  private readonly address: TunnelledAddress
  private prev: Counters | null = null
  /** Sitrep's own traffic since the last INFO, taken out of the next one's rates. */
  private own: OwnTraffic = { commands: 0, hits: 0, misses: 0 }

  constructor(
    ssh: SshAccess | null,
    private readonly s: RedisSourceSettings,
  ) {
    this.address = new TunnelledAddress(ssh, s.via, s.host, s.port)
  }

  private async connect(timeoutMs: number): Promise<RedisLink> {
    if (this.link && !this.link.broken) return this.link
    this.drop()
    const address = await this.address.address()
    this.link = await connectRedis(this.s, address, { timeoutMs, name: 'sitrep-metrics' })
    // The handshake's commands and any traffic of the old connection are not measured: rates
    // start again at the second poll of this connection.
    this.prev = null
    this.own = { commands: 0, hits: 0, misses: 0 }
    return this.link
  }

  private drop(): void {
    const l = this.link
    this.link = null
    void l?.close()
  }

  async poll(ctx: PollContext): Promise<Sample[] | PollResult> {
    let link: RedisLink
    try {
      link = await this.connect(ctx.timeoutMs)
    } catch (err) {
      // The tunnel may be what failed: the next poll opens a fresh one.
      this.address.reset()
      throw err
    }
    const onAbort = (): void => this.drop()
    ctx.signal.addEventListener('abort', onAbort, { once: true })
    try {
      const text = await link.send(['INFO'])
      const at = ctx.now()
      const info = parseInfo(String(text))
      const counters = countersOf(info, at)
      const samples = infoSamples(info, counters, this.prev, this.own)
      this.prev = counters
      // INFO counts itself once it has answered: it belongs to the next interval's own traffic.
      this.own = { commands: 1, hits: 0, misses: 0 }
      const metricErrors: MetricQueryError[] = []
      await Promise.all(this.s.keys.map((key) => this.keyLength(link, key, samples, metricErrors)))
      return metricErrors.length ? { samples, metricErrors } : samples
    } catch (err) {
      this.drop()
      this.address.reset()
      if (ctx.signal.aborted) throw ctx.signal.reason
      throw new MetricSourceError(
        `Redis ${describeAddress(this.s)} did not answer INFO: ${errorText(err)}`,
        {
          cause: err,
        },
      )
    } finally {
      ctx.signal.removeEventListener('abort', onAbort)
    }
  }

  /**
   * A queue's length by its type: a list (Celery, RQ, Sidekiq) by LLEN, a stream by XLEN plus
   * its groups' pending entries, a sorted set (delayed jobs) by ZCARD. A key that does not exist
   * is an empty queue (Celery deletes the list when the last task is taken): 0, not a gap.
   */
  private async keyLength(
    link: RedisLink,
    key: string,
    samples: Sample[],
    errors: MetricQueryError[],
  ): Promise<void> {
    const metric = keyMetric('redis.queue', key)
    const type = String(await link.send(['TYPE', key]))
    this.own.commands++
    if (type === 'none') {
      this.own.misses++
      samples.push({ metric, value: 0 })
      return
    }
    this.own.hits++
    const count = async (argv: string[]): Promise<number> => {
      this.own.commands++
      this.own.hits++
      return Number(await link.send(argv))
    }
    if (type === 'list') samples.push({ metric, value: await count(['LLEN', key]) })
    else if (type === 'zset') samples.push({ metric, value: await count(['ZCARD', key]) })
    else if (type === 'stream') {
      samples.push({ metric, value: await count(['XLEN', key]) })
      this.own.commands++
      this.own.hits++
      const groups = (await link.send(['XINFO', 'GROUPS', key])) as unknown[]
      let pending = 0
      for (const g of groups) pending += Number(field(g, 'pending') ?? 0) || 0
      samples.push({ metric: keyMetric('redis.stream_pending', key), value: pending })
    } else {
      errors.push({
        metric,
        error: `${key} is a ${type}, not a list, stream or sorted set: it has no queue length.`,
      })
    }
  }

  close(): void {
    this.drop()
    this.address.close()
  }
}

/** A field of an XINFO entry, which RESP3 sends as a map (object) and RESP2 as a flat array. */
function field(entry: unknown, name: string): unknown {
  if (entry instanceof Map) return entry.get(name)
  if (Array.isArray(entry)) {
    const i = entry.findIndex((x) => String(x) === name)
    return i >= 0 && i % 2 === 0 ? entry[i + 1] : undefined
  }
  if (entry && typeof entry === 'object') return (entry as Record<string, unknown>)[name]
  return undefined
}
