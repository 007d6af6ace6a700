// When the next try of a failed delivery is due: exponential backoff with full jitter (so the
// laptops of a team that all came back online do not retry in step), capped, and never sooner
// than a 429's Retry-After asks.

export interface BackoffPolicy {
  /** The first retry waits up to this long; each later one doubles it. */
  baseMs: number
  /** No wait is longer than this (a laptop back online should not sit idle for long). */
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 }

/**
 * Milliseconds to wait after the `failures`-th failed try (1 = the first). `retryAfterMs` is the
 * receiver's own request (429/503 Retry-After) and wins when longer; `random` is in [0, 1).
 */
export function retryDelay(
  failures: number,
  policy: BackoffPolicy,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1))
  // Full jitter, but never below a tenth of the ceiling: a zero wait would hammer a receiver.
  const jittered = Math.round(ceiling * (0.1 + 0.9 * random()))
  return Math.max(jittered, retryAfterMs ?? 0)
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; null when absent or bad. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const at = Date.parse(trimmed)
  return Number.isFinite(at) ? Math.max(0, at - now) : null
}
