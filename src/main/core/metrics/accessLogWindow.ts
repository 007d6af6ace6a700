// The last minute (or the window the responder set) of an access log, a bucket per second:
// requests, 5xx and 4xx counts, request times in a log-scale histogram (2 % wide bins, so
// p50/p95/p99 cost the same at 5 000 lines/s as at 5) and the failing paths. Each poll reads
// the whole window, so the figures are per minute and still move with every poll.
import type { AccessRecord } from './accessLogFormat'

const GROWTH = 1.02
const LOG_GROWTH = Math.log(GROWTH)
/** Bin 0 holds everything under 1 ms; the last bin everything past ~1.1 hours. */
const BINS = 1 + Math.ceil(Math.log(4_000_000) / LOG_GROWTH)
/** Distinct failing paths kept per second; more are counted under one "other" row. */
const PATHS_PER_SECOND = 200
export const OTHER_PATHS = '(other paths)'

interface Bucket {
  second: number
  requests: number
  s5xx: number
  s4xx: number
  timed: number
  latency: Uint32Array | null
  failing: Map<string, { s5xx: number; s4xx: number }>
}

export interface FailingPath {
  path: string
  s5xx: number
  s4xx: number
}

export interface WindowFigures {
  requests: number
  /** Seconds the figures cover (shorter than the window just after the tail started). */
  seconds: number
  requestsPerSec: number
  rate5xxPercent: number
  rate4xxPercent: number
  /** Null without request times in the window. */
  p50Ms: number | null
  p95Ms: number | null
  p99Ms: number | null
}

function bin(ms: number): number {
  if (!(ms >= 1)) return 0
  return Math.min(BINS - 1, 1 + Math.floor(Math.log(ms) / LOG_GROWTH))
}

/** The middle of a bin, in ms (bin 0: 0). */
function binValue(i: number): number {
  if (i === 0) return 0
  return GROWTH ** (i - 1) * (1 + GROWTH) * 0.5
}

export class AccessWindow {
  private readonly buckets: Bucket[]
  private startedAt: number | null = null

  constructor(private readonly windowSec: number) {
    this.buckets = Array.from({ length: windowSec }, () => ({
      second: -1,
      requests: 0,
      s5xx: 0,
      s4xx: 0,
      timed: 0,
      latency: null,
      failing: new Map(),
    }))
  }

  private bucket(at: number): Bucket {
    const second = Math.floor(at / 1000)
    const b = this.buckets[second % this.windowSec] as Bucket
    if (b.second !== second) {
      b.second = second
      b.requests = b.s5xx = b.s4xx = b.timed = 0
      b.latency?.fill(0)
      b.failing.clear()
    }
    return b
  }

  /** Marks when the tail started: the first minute's rates divide by the time seen so far. */
  start(at: number): void {
    this.startedAt ??= at
  }

  add(r: AccessRecord, at: number): void {
    const b = this.bucket(at)
    b.requests++
    const failing = r.status >= 500 ? 5 : r.status >= 400 ? 4 : 0
    if (failing === 5) b.s5xx++
    else if (failing === 4) b.s4xx++
    if (r.requestTime !== null) {
      const hist = (b.latency ??= new Uint32Array(BINS))
      const i = bin(r.requestTime * 1000)
      hist[i] = (hist[i] as number) + 1
      b.timed++
    }
    if (failing && r.path !== null) {
      let key = r.path
      if (!b.failing.has(key) && b.failing.size >= PATHS_PER_SECOND) key = OTHER_PATHS
      let row = b.failing.get(key)
      if (!row) b.failing.set(key, (row = { s5xx: 0, s4xx: 0 }))
      if (failing === 5) row.s5xx++
      else row.s4xx++
    }
  }

  private live(now: number): Bucket[] {
    const newest = Math.floor(now / 1000)
    return this.buckets.filter((b) => b.second > newest - this.windowSec && b.second <= newest)
  }

  figures(now: number): WindowFigures {
    let requests = 0
    let s5xx = 0
    let s4xx = 0
    let timed = 0
    const hist = new Uint32Array(BINS)
    for (const b of this.live(now)) {
      requests += b.requests
      s5xx += b.s5xx
      s4xx += b.s4xx
      timed += b.timed
      if (b.latency)
        for (let i = 0; i < BINS; i++) hist[i] = (hist[i] as number) + (b.latency[i] as number)
    }
    const seenMs = this.startedAt === null ? this.windowSec * 1000 : now - this.startedAt
    const seconds = Math.max(1, Math.min(this.windowSec, seenMs / 1000))
    const pct = (q: number): number | null => {
      if (timed === 0) return null
      const rank = Math.ceil(q * timed)
      let seen = 0
      for (let i = 0; i < BINS; i++) {
        seen += hist[i] as number
        if (seen >= rank) return Math.round(binValue(i) * 10) / 10
      }
      return null
    }
    return {
      requests,
      seconds,
      requestsPerSec: requests / seconds,
      rate5xxPercent: requests ? (s5xx / requests) * 100 : 0,
      rate4xxPercent: requests ? (s4xx / requests) * 100 : 0,
      p50Ms: pct(0.5),
      p95Ms: pct(0.95),
      p99Ms: pct(0.99),
    }
  }

  /** The paths with the most 5xx (then 4xx) answers in the window, without query strings. */
  topFailing(now: number, limit = 10): FailingPath[] {
    const all = new Map<string, FailingPath>()
    for (const b of this.live(now)) {
      for (const [path, c] of b.failing) {
        const row = all.get(path) ?? { path, s5xx: 0, s4xx: 0 }
        row.s5xx += c.s5xx
        row.s4xx += c.s4xx
        all.set(path, row)
      }
    }
    return [...all.values()]
      .sort((a, b) => b.s5xx - a.s5xx || b.s4xx - a.s4xx || a.path.localeCompare(b.path))
      .slice(0, limit)
  }
}
