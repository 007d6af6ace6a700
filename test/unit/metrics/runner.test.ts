// The per-source runner on a fake clock: intervals, timeouts even for a collector that ignores
// its abort signal, doubling backoff capped at 5 minutes, recovery, and stop.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Collector, PollContext, Sample } from '../../../src/main/core/metrics/collector'
import { MAX_BACKOFF_MS, SourceRunner, backoffMs } from '../../../src/main/core/metrics/runner'
import type { MetricSourceStatus } from '../../../src/shared/contract'

describe('source runner', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }))
  afterEach(() => vi.useRealTimers())

  it('backs off from the interval (at least 1 s), doubling, up to 5 minutes', () => {
    expect(backoffMs(10_000, 0)).toBe(10_000)
    expect(backoffMs(10_000, 1)).toBe(10_000)
    expect(backoffMs(10_000, 2)).toBe(20_000)
    expect(backoffMs(250, 1)).toBe(1_000)
    expect(backoffMs(250, 3)).toBe(4_000)
    expect(backoffMs(10_000, 30)).toBe(MAX_BACKOFF_MS)
  })

  it('times out a collector that never answers nor listens, backs off, and recovers', async () => {
    let mode: 'hang' | 'ok' = 'hang'
    let polls = 0
    let closed = false
    const collector: Collector = {
      poll(_ctx: PollContext): Promise<Sample[]> {
        polls++
        // Ignores its signal on purpose: the runner's own race must end the poll.
        return mode === 'hang'
          ? new Promise(() => undefined)
          : Promise.resolve([{ metric: 'up', value: 1 }])
      },
      close: () => {
        closed = true
      },
    }
    const statuses: MetricSourceStatus[] = []
    const samples: Sample[][] = []
    const runner = new SourceRunner(collector, {
      intervalMs: 1_000,
      timeoutMs: 500,
      now: () => Date.now(),
      onSamples: (s) => samples.push(s),
      onStatus: (s) => statuses.push(s),
    })
    runner.start()
    await vi.advanceTimersByTimeAsync(0)
    expect(polls).toBe(1)
    await vi.advanceTimersByTimeAsync(500)
    expect(statuses.at(-1)).toMatchObject({ state: 'error', failures: 1, nextPollAt: 1_500 })
    expect(statuses.at(-1)?.lastError).toMatch(/No answer within 0.5 s/)
    await vi.advanceTimersByTimeAsync(1_000 + 500) // retry at 1.5 s, times out at 2 s
    expect(statuses.at(-1)).toMatchObject({ failures: 2, nextPollAt: 4_000 })
    mode = 'ok'
    await vi.advanceTimersByTimeAsync(2_000)
    expect(statuses.at(-1)).toMatchObject({ state: 'ok', failures: 0, lastError: null })
    expect(samples).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(3_000)
    expect(samples).toHaveLength(4) // back to one poll a second
    await runner.stop()
    expect(closed).toBe(true)
    const after = polls
    await vi.advanceTimersByTimeAsync(10_000)
    expect(polls).toBe(after)
  })
})
