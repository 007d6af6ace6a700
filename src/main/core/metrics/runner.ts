// Runs one source on its own timer: poll, wait the interval, poll again. Each source has its own
// setTimeout chain and nothing awaits another source, so a slow or dead source never delays the
// rest. A poll past its timeout is abandoned (its signal aborted); failures back off, doubling
// from the interval up to 5 minutes, and the error stays visible until a poll works again.
import type { MetricSourceStatus } from '../../../shared/contract'
import {
  AllQueriesFailedError,
  PollTimeoutError,
  errorText,
  type Collector,
  type PollResult,
  type Sample,
  type SourceEvent,
} from './collector'

export const MAX_BACKOFF_MS = 5 * 60_000

export interface RunnerOptions {
  intervalMs: number
  timeoutMs: number
  now(): number
  onSamples(samples: Sample[], at: number, events: SourceEvent[]): void
  onStatus(status: MetricSourceStatus): void
}

export function backoffMs(intervalMs: number, failures: number): number {
  if (failures <= 0) return intervalMs
  return Math.min(MAX_BACKOFF_MS, Math.max(intervalMs, 1_000) * 2 ** Math.min(failures - 1, 20))
}

export class SourceRunner {
  private timer: ReturnType<typeof setTimeout> | null = null
  private stopped = false
  private inFlight: AbortController | null = null
  readonly status: MetricSourceStatus = {
    state: 'starting',
    lastSampleAt: null,
    lastError: null,
    failures: 0,
    nextPollAt: null,
    lastDurationMs: null,
    metricErrors: [],
  }

  constructor(
    private readonly collector: Collector,
    private readonly opts: RunnerOptions,
  ) {}

  start(): void {
    this.schedule(0)
  }

  /** Polls at once (a responder pressed retry), cancelling the pending wait. */
  pollNow(): void {
    if (this.stopped || this.inFlight) return
    this.schedule(0)
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.inFlight?.abort()
    await this.collector.close()
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.status.nextPollAt = this.opts.now() + delayMs
    this.timer = setTimeout(() => void this.tick(), delayMs)
    // Collectors must not keep a process alive on their own (tests, headless shutdown).
    this.timer.unref?.()
  }

  private async tick(): Promise<void> {
    this.timer = null
    if (this.stopped) return
    const started = this.opts.now()
    const controller = new AbortController()
    this.inFlight = controller
    const timeout = setTimeout(
      () => controller.abort(new PollTimeoutError(this.opts.timeoutMs / 1000)),
      this.opts.timeoutMs,
    )
    try {
      const polled: Sample[] | PollResult = await Promise.race([
        this.collector.poll({
          signal: controller.signal,
          timeoutMs: this.opts.timeoutMs,
          now: this.opts.now,
        }),
        // A collector that ignores its signal still cannot hold the runner past the timeout.
        new Promise<never>((_, reject) => {
          const fail = (): void => reject(controller.signal.reason as Error)
          if (controller.signal.aborted) fail()
          else controller.signal.addEventListener('abort', fail, { once: true })
        }),
      ])
      if (this.stopped) return
      const {
        samples,
        metricErrors,
        events = [],
      } = Array.isArray(polled) ? { samples: polled, metricErrors: [] } : polled
      const at = this.opts.now()
      this.status.state = 'ok'
      this.status.lastError = null
      this.status.metricErrors = metricErrors
      this.status.failures = 0
      this.status.lastSampleAt = at
      this.status.lastDurationMs = at - started
      this.opts.onSamples(samples, at, events)
      this.schedule(Math.max(0, this.opts.intervalMs - (at - started)))
    } catch (err) {
      if (this.stopped) return
      this.status.state = 'error'
      this.status.lastError = errorText(err)
      this.status.metricErrors = err instanceof AllQueriesFailedError ? err.metricErrors : []
      this.status.failures += 1
      this.schedule(backoffMs(this.opts.intervalMs, this.status.failures))
    } finally {
      clearTimeout(timeout)
      if (this.inFlight === controller) this.inFlight = null
      if (!this.stopped) this.opts.onStatus({ ...this.status })
    }
  }
}
