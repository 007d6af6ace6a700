// An nginx (or Apache combined) access log followed over SSH (logFollower.ts): every line is
// parsed by the format's own parser (accessLogFormat.ts) as it arrives and counted into the
// window (accessLogWindow.ts); each poll reads the window's figures. A line that does not have
// the format's shape is counted and kept for the card, never thrown on.
import type { LogSourceDetail } from '../../../../shared/contract'
import { compileLogFormat, LogFormatError, type LineParser } from '../accessLogFormat'
import { AccessWindow } from '../accessLogWindow'
import {
  MetricSourceError,
  type Collector,
  type PollContext,
  type Sample,
  type SshAccess,
} from '../collector'
import { LogFollower } from './logFollower'

/** Unreadable lines kept for the card, newest last. */
const UNPARSED_KEPT = 5
const UNPARSED_SHOWN = 300

export interface AccessLogSettings {
  targetId: string
  path: string
  format: string
  windowSec: number
}

export class AccessLogCollector implements Collector {
  private readonly parser: LineParser
  private readonly window: AccessWindow
  private readonly follower: LogFollower
  private lines = 0
  private unparsed = 0
  private unparsedInPoll = 0
  private readonly unparsedRecent: string[] = []

  constructor(
    ssh: SshAccess,
    private readonly s: AccessLogSettings,
    private readonly now: () => number = Date.now,
  ) {
    try {
      this.parser = compileLogFormat(s.format)
    } catch (err) {
      if (err instanceof LogFormatError) throw new MetricSourceError(`Log format: ${err.message}`)
      throw err
    }
    this.window = new AccessWindow(s.windowSec)
    this.follower = new LogFollower(
      ssh,
      s.targetId,
      s.path,
      now,
      (line) => this.line(line),
      () => {
        this.lines++
        this.bad('(a line longer than 16 KiB)')
      },
    )
  }

  /** One line of the log; public so the bench drives exactly this path. */
  line(line: string): void {
    this.lines++
    const r = this.parser.parse(line)
    if (r) this.window.add(r, this.now())
    else this.bad(line)
  }

  private bad(line: string): void {
    this.unparsed++
    this.unparsedInPoll++
    this.unparsedRecent.push(
      line.length > UNPARSED_SHOWN ? `${line.slice(0, UNPARSED_SHOWN - 1)}…` : line,
    )
    if (this.unparsedRecent.length > UNPARSED_KEPT) this.unparsedRecent.shift()
  }

  async poll(ctx: PollContext): Promise<Sample[]> {
    await this.follower.ensure()
    const now = ctx.now()
    this.window.start(now)
    const f = this.window.figures(now)
    const samples: Sample[] = [
      { metric: 'access.requests_per_s', value: round(f.requestsPerSec, 3) },
      // The seed's error rate (004's table: 1 % warning, 5 % critical) is the 5xx share.
      { metric: 'error.rate_percent', value: round(f.rate5xxPercent, 3) },
      { metric: 'access.4xx_percent', value: round(f.rate4xxPercent, 3) },
      { metric: 'access.unparsed_lines', value: this.unparsedInPoll },
    ]
    this.unparsedInPoll = 0
    if (f.p50Ms !== null) samples.push({ metric: 'latency.p50_ms', value: f.p50Ms })
    if (f.p95Ms !== null) samples.push({ metric: 'latency.p95_ms', value: f.p95Ms })
    if (f.p99Ms !== null) samples.push({ metric: 'latency.p99_ms', value: f.p99Ms })
    return samples
  }

  detail(): Omit<LogSourceDetail, 'sourceId'> {
    const now = this.now()
    return {
      follow: { ...this.follower.status, notes: [...this.follower.status.notes] },
      access: {
        windowSec: this.s.windowSec,
        lines: this.lines,
        unparsed: this.unparsed,
        unparsedRecent: [...this.unparsedRecent],
        hasRequestTime: this.parser.hasRequestTime,
        figures: this.window.figures(now),
        topFailing: this.window.topFailing(now),
      },
    }
  }

  close(): void {
    this.follower.close()
  }
}

function round(v: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(v * f) / f
}
