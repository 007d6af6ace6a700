// A log file on a host whose new lines matching a pattern become timeline events (seed 001:
// `tail -n 50 /var/log/nginx/error.log`, `grep "ERROR\|CRITICAL"`). Patterns are RE2 (re2js,
// as for team redaction patterns): linear-time, so a responder's pattern cannot freeze the
// main process on a flood of long lines.
//
// Never the flood itself on the timeline: per pattern, the first matching line goes out at the
// next poll, and later ones wait until `eventGapSec` has passed since that pattern's last event;
// they are then one event that quotes the first of them and says how many more were like it.
import { RE2JS } from 're2js'
import type { LogSourceDetail } from '../../../../shared/contract'
import {
  MetricSourceError,
  type Collector,
  type PollContext,
  type PollResult,
  type SourceEvent,
  type SshAccess,
} from '../collector'
import { LogFollower } from './logFollower'

export const LOG_EVENT = 'log.matched'

/** Lines quoted per event beside the count. */
const SAMPLE_LINES = 3
const MAX_LINE = 500
const RECENT_KEPT = 50

export interface ErrorLogSettings {
  targetId: string
  path: string
  patterns: string[]
  eventGapSec: number
}

/** Compiles a responder's pattern, or says in words why it cannot be used. */
export function compileLogPattern(pattern: string): RE2JS {
  let re: RE2JS
  try {
    re = RE2JS.compile(pattern)
  } catch (err) {
    throw new MetricSourceError(
      `The pattern ${JSON.stringify(pattern)} is not a valid RE2 expression (${(err as Error).message}). Look-arounds and back-references are not supported.`,
    )
  }
  if (re.matcher('').find())
    throw new MetricSourceError(
      `The pattern ${JSON.stringify(pattern)} matches empty text, so every line would match. Make it match at least one character.`,
    )
  return re
}

interface PatternState {
  pattern: string
  re: RE2JS
  lastEventAt: number
  pending: { count: number; lines: string[]; firstAt: number } | null
}

export class ErrorLogCollector implements Collector {
  private readonly patterns: PatternState[]
  private readonly follower: LogFollower
  private lines = 0
  private matched = 0
  private matchedInPoll = 0
  private lastPollAt: number | null = null
  private readonly recent: { at: number; pattern: string; line: string }[] = []

  constructor(
    ssh: SshAccess,
    private readonly s: ErrorLogSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.patterns = s.patterns.map((pattern) => ({
      pattern,
      re: compileLogPattern(pattern),
      lastEventAt: -Infinity,
      pending: null,
    }))
    this.follower = new LogFollower(
      ssh,
      s.targetId,
      s.path,
      now,
      (line) => this.line(line),
      () => {
        this.lines++
      },
    )
  }

  /** One line of the log: counted against the first pattern it matches. */
  line(line: string): void {
    this.lines++
    for (const p of this.patterns) {
      if (!p.re.matcher(line).find()) continue
      const at = this.now()
      const shown = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line
      this.matched++
      this.matchedInPoll++
      p.pending ??= { count: 0, lines: [], firstAt: at }
      p.pending.count++
      if (p.pending.lines.length < SAMPLE_LINES) p.pending.lines.push(shown)
      this.recent.push({ at, pattern: p.pattern, line: shown })
      if (this.recent.length > RECENT_KEPT) this.recent.shift()
      return
    }
  }

  async poll(ctx: PollContext): Promise<PollResult> {
    await this.follower.ensure()
    const now = ctx.now()
    const events: SourceEvent[] = []
    for (const p of this.patterns) {
      if (!p.pending || now - p.lastEventAt < this.s.eventGapSec * 1000) continue
      events.push({
        kind: LOG_EVENT,
        payload: {
          path: this.s.path,
          pattern: p.pattern,
          count: p.pending.count,
          more: p.pending.count - 1,
          firstAt: p.pending.firstAt,
          lines: p.pending.lines,
        },
      })
      p.lastEventAt = now
      p.pending = null
    }
    const minutes = this.lastPollAt === null ? null : (now - this.lastPollAt) / 60_000
    this.lastPollAt = now
    const samples = [{ metric: 'log.matches', value: this.matchedInPoll }]
    if (minutes !== null && minutes > 0)
      samples.push({ metric: 'log.matches_per_min', value: this.matchedInPoll / minutes })
    this.matchedInPoll = 0
    return { samples, metricErrors: [], events }
  }

  detail(): Omit<LogSourceDetail, 'sourceId'> {
    return {
      follow: { ...this.follower.status, notes: [...this.follower.status.notes] },
      errors: {
        lines: this.lines,
        matched: this.matched,
        waiting: this.patterns.reduce((n, p) => n + (p.pending?.count ?? 0), 0),
        recent: [...this.recent],
      },
    }
  }

  close(): void {
    this.follower.close()
  }
}
