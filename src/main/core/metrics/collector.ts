// What every collector is: something that polls one source and returns named numbers. The
// runner (runner.ts) owns timing, timeouts and backoff, so a collector only says how to poll.
import type { JsonObject, LogSourceDetail, MetricQueryError } from '../../../shared/contract'
import { SitrepError } from '../errors'
import type { ExecOptions, ExecResult, Follow, FollowHandlers, Tunnel } from '../sessions/domain'

export interface Sample {
  metric: string
  value: number
  /** Defaults to the poll's time; a range query backfills earlier points. */
  at?: number
}

export interface PollContext {
  /** Aborted when the poll's timeout passes or the source is stopped. */
  signal: AbortSignal
  timeoutMs: number
  now(): number
}

/**
 * A poll of a source whose metrics are queried one by one (Prometheus): the samples of the
 * queries that worked, and the error of each one that failed on its own.
 */
export interface PollResult {
  samples: Sample[]
  metricErrors: MetricQueryError[]
  /** What the source saw happen in this poll (an alarm went off, a rollout failed). */
  events?: SourceEvent[]
}

/**
 * Something a source saw happen rather than a number: a CloudWatch alarm entering ALARM, an ECS
 * rollout, error lines in a log group. Each goes on the timeline of every open incident once,
 * as the collector decides (once per transition, rate-limited), with the source's id and name.
 */
export interface SourceEvent {
  /** Timeline event kind (see eventText.ts). */
  kind: string
  payload: JsonObject
}

export interface Collector {
  /** The samples, or a PollResult when some metrics failed on their own. */
  poll(ctx: PollContext): Promise<Sample[] | PollResult>
  /** Releases connections and tunnels; the source is gone or its settings changed. */
  close(): void | Promise<void>
  /** What a log source has seen besides its numbers (stream state, unreadable lines…). */
  detail?(): Omit<LogSourceDetail, 'sourceId'>
}

/**
 * The part of the SSH pool collectors use: exec for host metrics, tunnels for the rest, a
 * command left running (`tail -F`) for the log sources.
 */
export interface SshAccess {
  exec(targetId: string, command: string, opts?: ExecOptions): Promise<ExecResult>
  tunnel(targetId: string, remoteHost: string, remotePort: number): Promise<Tunnel>
  follow(targetId: string, command: string, handlers: FollowHandlers): Promise<Follow>
}

/** A poll failed in a way the responder can read and act on; shown in place on the chart. */
export class MetricSourceError extends SitrepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('connect_failed', message, options)
  }
}

/**
 * One metric's own query failed while its source answered: a query Prometheus refused, one that
 * returns several series or the wrong type. Only that metric is affected.
 */
export class MetricQueryFailedError extends MetricSourceError {}

/** Every query of a source failed on its own: the source as a whole has nothing to show. */
export class AllQueriesFailedError extends MetricSourceError {
  constructor(readonly metricErrors: MetricQueryError[]) {
    super(
      metricErrors.length === 1
        ? (metricErrors[0]?.error ?? 'The query failed.')
        : `All ${metricErrors.length} queries failed. ${metricErrors.map((e) => `${e.metric}: ${e.error}`).join(' ')}`,
    )
  }
}

export class PollTimeoutError extends SitrepError {
  constructor(seconds: number) {
    super(
      'exec_timeout',
      `No answer within ${seconds} s. The source is retried with a growing delay; raise its timeout if it is just slow.`,
    )
  }
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}

/**
 * A tunnel through an SSH target to host:port, opened on first use and reopened after a failure.
 * Without a target it is the direct address.
 */
export class TunnelledAddress {
  private tunnel: Promise<Tunnel> | null = null

  constructor(
    private readonly ssh: SshAccess | null,
    private readonly via: string | null,
    private readonly host: string,
    private readonly port: number,
  ) {}

  async address(): Promise<{ host: string; port: number }> {
    if (!this.via) return { host: this.host, port: this.port }
    if (!this.ssh) throw new MetricSourceError('SSH tunnels are not available in this build.')
    this.tunnel ??= this.ssh.tunnel(this.via, this.host, this.port)
    try {
      const t = await this.tunnel
      return { host: '127.0.0.1', port: t.localPort }
    } catch (err) {
      this.tunnel = null
      throw err
    }
  }

  /** After a failed poll: the next one opens a fresh tunnel (the old one may be dead). */
  reset(): void {
    const t = this.tunnel
    this.tunnel = null
    t?.then((x) => x.close()).catch(() => undefined)
  }

  close(): void {
    this.reset()
  }
}
