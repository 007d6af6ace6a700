// A CloudWatch Logs filter as a live tail (seed 003: `aws logs filter-log-events
// --log-group-name … --filter-pattern "ERROR"`): each poll asks for the matching lines since the
// last one, counts them (a metric: matches per minute) and puts them on the timeline, at most
// one event per `eventGapSec`. Lines that match in between are counted and sampled into the next
// event, so a storm of errors is a few readable events, not thousands.
//
// CloudWatch Logs indexes a line some seconds after its timestamp, so each poll looks back an
// overlap window and drops the event ids it already counted. The tail starts at the source's
// first poll minus one interval: a restart of Sitrep does not replay the last hour.
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs'
import type { Collector, PollContext, PollResult, SourceEvent } from '../metrics/domain'
import { awsError, LazyAwsClient, type AwsAccess } from './access'

export const LOGS_EVENT = 'aws.logs'

/** How far back each poll looks again for lines indexed late. */
const OVERLAP_MS = 2 * 60_000
/** Lines quoted in one timeline event; the rest are counted. */
const SAMPLE_LINES = 5
const MAX_LINE = 500
/** Pages read in one poll (1 000 lines each); a bigger burst is counted as "at least". */
const MAX_PAGES = 10

export interface LogsTailOptions {
  logGroupName: string
  filterPattern: string
  eventGapSec: number
  intervalSec: number
}

export class LogsCollector implements Collector {
  private readonly client: LazyAwsClient<CloudWatchLogsClient>
  private tailFrom: number | null = null
  private lastPollAt: number | null = null
  /** Event ids already counted, with their timestamps (pruned past the overlap window). */
  private readonly counted = new Map<string, number>()
  private lastEventAt = -Infinity
  private pending = { count: 0, lines: [] as string[], first: null as number | null, capped: false }

  constructor(
    private readonly access: AwsAccess,
    private readonly opts: LogsTailOptions,
    /** Where every fresh line goes for the live tail view (logTails.ts). */
    private readonly tail: (line: { at: number; stream: string; message: string }) => void = () =>
      undefined,
  ) {
    this.client = new LazyAwsClient(access, async (config) => {
      const sdk = await import('@aws-sdk/client-cloudwatch-logs')
      return new sdk.CloudWatchLogsClient(config)
    })
  }

  async poll(ctx: PollContext): Promise<PollResult> {
    const now = ctx.now()
    this.tailFrom ??= now - this.opts.intervalSec * 1000
    const startTime = Math.max(this.tailFrom, now - OVERLAP_MS)
    let fresh = 0
    let capped = false
    let nextToken: string | undefined
    try {
      for (let page = 0; ; page++) {
        if (page === MAX_PAGES) {
          capped = true
          break
        }
        const out = await (
          await this.client.get()
        ).send(
          new (await import('@aws-sdk/client-cloudwatch-logs')).FilterLogEventsCommand({
            logGroupName: this.opts.logGroupName,
            startTime,
            endTime: now,
            ...(this.opts.filterPattern.trim() ? { filterPattern: this.opts.filterPattern } : {}),
            limit: 1_000,
            ...(nextToken ? { nextToken } : {}),
          }),
          { abortSignal: ctx.signal },
        )
        for (const e of out.events ?? []) {
          const id = e.eventId ?? `${e.timestamp}:${e.logStreamName}:${e.message}`
          if (this.counted.has(id)) continue
          this.counted.set(id, e.timestamp ?? now)
          fresh += 1
          this.tail({
            at: e.timestamp ?? now,
            stream: e.logStreamName ?? '',
            message: (e.message ?? '').trimEnd(),
          })
          this.pending.count += 1
          this.pending.first ??= e.timestamp ?? now
          if (this.pending.lines.length < SAMPLE_LINES) {
            const line = (e.message ?? '').trimEnd()
            this.pending.lines.push(
              line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line,
            )
          }
        }
        nextToken = out.nextToken
        if (!nextToken) break
      }
    } catch (err) {
      throw awsError(
        err,
        this.access,
        `CloudWatch Logs FilterLogEvents on ${this.opts.logGroupName}`,
      )
    }
    for (const [id, at] of this.counted) if (at < startTime) this.counted.delete(id)
    this.pending.capped ||= capped
    const minutes =
      this.lastPollAt === null ? this.opts.intervalSec / 60 : (now - this.lastPollAt) / 60_000
    this.lastPollAt = now
    const events: SourceEvent[] = []
    if (this.pending.count > 0 && now - this.lastEventAt >= this.opts.eventGapSec * 1000) {
      events.push({
        kind: LOGS_EVENT,
        payload: {
          logGroup: this.opts.logGroupName,
          filterPattern: this.opts.filterPattern,
          count: this.pending.count,
          atLeast: this.pending.capped,
          firstAt: this.pending.first,
          lines: this.pending.lines,
        },
      })
      this.lastEventAt = now
      this.pending = { count: 0, lines: [], first: null, capped: false }
    }
    return {
      samples: [
        { metric: 'aws.logs.matches', value: fresh },
        { metric: 'aws.logs.matches_per_min', value: minutes > 0 ? fresh / minutes : 0 },
      ],
      metricErrors: [],
      events,
    }
  }

  close(): void {
    this.client.close()
  }
}
