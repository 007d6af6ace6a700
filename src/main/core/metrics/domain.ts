// The metrics domain of one open database: runs a SourceRunner per enabled source, stores their
// samples, keeps the latest values, judges them against the thresholds and writes each crossing
// on the timeline of every open incident. Created by Core after the store opens, closed with it.
// This class is the domain's facade: the rpc handlers call its methods and nothing deeper.
import type Database from 'better-sqlite3'
import {
  metricSourceInputSchema,
  thresholdSchema,
  type MetricSourceInput,
  type ThresholdInput,
} from '../../../shared/contract'
import type {
  LogSourceDetail,
  MetricSampleEvent,
  MetricSeries,
  MetricSource,
  MetricSourceConfig,
  MetricSourceStatus,
  MetricValue,
  Threshold,
  ThresholdCrossing,
} from '../../../shared/contract'
import type { Secrets } from '../secrets/secrets'
import type { Timeline } from '../store/timeline'
import {
  errorText,
  type Collector,
  type Sample,
  type SourceEvent,
  type SshAccess,
} from './collector'
import { createCollector, type CollectorDeps } from './createCollector'
import { lttb } from './lttb'
import { SourceRunner } from './runner'
import { DEFAULT_RETENTION_MS, SampleStore } from './sampleStore'
import { MetricSources } from './sources'
import { LevelTracker, thresholdFor } from './thresholds'

/** What a collector is, for the kinds whose collectors live in their own domain (aws/). */
export type { Collector, PollContext, PollResult, Sample, SourceEvent } from './collector'

export interface MetricsDomainOptions {
  store: { db: Database.Database; secrets: Secrets; timeline: Timeline }
  ssh: SshAccess | null
  now(): number
  /** Ids of the incidents that are open now: crossings go on each of their timelines. */
  openIncidents(): string[]
  onSample(e: MetricSampleEvent): void
  onSource(id: string, source: MetricSource | null): void
  onThreshold(c: ThresholdCrossing): void
  retentionMs?: number
  /** Minimum gap between two `metrics.sample` events of one source. */
  sampleEventMs?: number
  kubectl?: string
  /** Builds an AWS source's collector (the AWS domain's createAwsCollector, wired by Core). */
  awsCollector?: CollectorDeps['awsCollector']
}

interface Running {
  config: MetricSourceConfig
  runner: SourceRunner | null
  /** Kept for what a log source shows besides its numbers (detail()). */
  collector?: Collector
  /** Set when the collector could not even be built (e.g. no SSH): shown like a poll error. */
  buildError: string | null
  /** The status last sent as `metrics.source`. */
  shown?: string
}

const PRUNE_EVERY_MS = 3_600_000

export class MetricsDomain {
  readonly sources: MetricSources
  readonly samples: SampleStore
  private readonly tracker = new LevelTracker()
  private thresholdList: Threshold[]
  private readonly running = new Map<string, Running>()
  private readonly latest = new Map<string, Map<string, MetricValue>>()
  private readonly lastEmit = new Map<string, number>()
  private readonly emitTimers = new Map<string, ReturnType<typeof setTimeout>>()
  private pruneTimer: ReturnType<typeof setInterval> | null = null

  constructor(private readonly opts: MetricsDomainOptions) {
    this.sources = new MetricSources(opts.store.db, opts.store.secrets, opts.now)
    this.samples = new SampleStore(opts.store.db)
    this.thresholdList = this.sources.thresholds()
  }

  start(): void {
    for (const c of this.sources.list()) this.run(c)
    this.prune()
    this.pruneTimer = setInterval(() => this.prune(), PRUNE_EVERY_MS)
    this.pruneTimer.unref?.()
  }

  prune(): number {
    try {
      return this.samples.prune(this.opts.now() - (this.opts.retentionMs ?? DEFAULT_RETENTION_MS))
    } catch {
      return 0 // a full disk can refuse even deletes' journal; the next hour tries again
    }
  }

  private run(config: MetricSourceConfig): void {
    const entry: Running = { config, runner: null, buildError: null }
    this.running.set(config.id, entry)
    if (!config.enabled) return
    try {
      const collector = createCollector(config, {
        ssh: this.opts.ssh,
        password: (id) => this.sources.password(id),
        ...(this.opts.kubectl ? { kubectl: this.opts.kubectl } : {}),
        ...(this.opts.awsCollector ? { awsCollector: this.opts.awsCollector } : {}),
      })
      entry.collector = collector
      entry.runner = new SourceRunner(collector, {
        intervalMs: config.intervalSec * 1000,
        timeoutMs: config.timeoutSec * 1000,
        now: this.opts.now,
        onSamples: (samples, at, events) => {
          this.ingest(config, samples, at)
          for (const e of events) this.announce(config, e, at)
        },
        // Only a change the responder should see (ok ↔ failing, a new error, another failure)
        // goes out; fresh values travel in the throttled sample event.
        onStatus: (s) => {
          const shown = `${s.state}\u0000${s.lastError ?? ''}\u0000${s.failures}`
          if (shown === entry.shown) return
          entry.shown = shown
          this.opts.onSource(config.id, this.view(entry))
        },
      })
      entry.runner.start()
    } catch (err) {
      entry.buildError = errorText(err)
    }
  }

  private async stopRunner(id: string): Promise<void> {
    const entry = this.running.get(id)
    this.running.delete(id)
    const t = this.emitTimers.get(id)
    if (t) clearTimeout(t)
    this.emitTimers.delete(id)
    await entry?.runner?.stop()
  }

  private view(entry: Running): MetricSource {
    const status: MetricSourceStatus = entry.runner
      ? { ...entry.runner.status }
      : {
          state: entry.buildError ? 'error' : 'paused',
          lastSampleAt: null,
          lastError: entry.buildError,
          failures: entry.buildError ? 1 : 0,
          nextPollAt: null,
          lastDurationMs: null,
          metricErrors: [],
        }
    return {
      config: entry.config,
      status,
      latest: [...(this.latest.get(entry.config.id)?.values() ?? [])],
    }
  }

  list(): MetricSource[] {
    return [...this.running.values()].map((e) => this.view(e))
  }

  get(id: string): MetricSource {
    const entry = this.running.get(id) ?? {
      config: this.sources.get(id),
      runner: null,
      buildError: null,
    }
    return this.view(entry)
  }

  /** Validates again (callers inside core skip the contract's parse), saves, restarts the source. */
  async save(input: MetricSourceInput): Promise<MetricSource> {
    const config = this.sources.save(metricSourceInputSchema.parse(input))
    await this.stopRunner(config.id)
    this.tracker.forgetSource(config.id)
    this.run(config)
    const view = this.get(config.id)
    this.opts.onSource(config.id, view)
    return view
  }

  async remove(id: string): Promise<boolean> {
    await this.stopRunner(id)
    const removed = this.sources.remove(id)
    this.samples.deleteSource(id)
    this.latest.delete(id)
    this.tracker.forgetSource(id)
    if (removed) this.opts.onSource(id, null)
    return removed
  }

  /** remove() in the contract's words. */
  async removeSource(id: string): Promise<{ removed: boolean }> {
    return { removed: await this.remove(id) }
  }

  pollNow(id: string): MetricSource {
    const entry = this.running.get(id)
    entry?.runner?.pollNow()
    return this.get(id)
  }

  /** What a runner calls with each poll's samples; public so benchmarks can drive the same path. */
  record(sourceId: string, samples: Sample[], at: number): void {
    const entry = this.running.get(sourceId)
    if (entry) this.ingest(entry.config, samples, at)
  }

  private ingest(config: MetricSourceConfig, samples: Sample[], at: number): void {
    this.samples.add(
      samples.map((s) => ({
        sourceId: config.id,
        metric: s.metric,
        at: s.at ?? at,
        value: s.value,
      })),
    )
    let latest = this.latest.get(config.id)
    if (!latest) this.latest.set(config.id, (latest = new Map()))
    for (const s of samples) {
      // Backfilled points (a Prometheus range) fill the chart but are history, not news.
      if (s.at !== undefined) continue
      const th = thresholdFor(this.thresholdList, config.id, s.metric)
      if (th) {
        const change = this.tracker.observe(th, config.id, s.metric, s.value)
        if (change) this.crossing(config, s.metric, s.value, at, change, th)
      }
      latest.set(s.metric, {
        metric: s.metric,
        value: s.value,
        at,
        level: th ? this.tracker.level(config.id, s.metric) : null,
      })
    }
    this.emitSample(config.id)
  }

  private crossing(
    config: MetricSourceConfig,
    metric: string,
    value: number,
    at: number,
    change: { from: ThresholdCrossing['from']; to: ThresholdCrossing['to']; threshold: number },
    th: Threshold,
  ): void {
    // What the timeline keeps of the crossing; the event adds when and where it was written.
    const payload = {
      sourceId: config.id,
      source: config.name,
      metric,
      from: change.from,
      to: change.to,
      value,
      threshold: change.threshold,
      suggestSeverity: change.to === 'critical' && th.suggestSeverity,
    }
    const incidentIds: string[] = []
    let open: string[] = []
    try {
      open = this.opts.openIncidents()
    } catch {
      open = []
    }
    for (const incidentId of open) {
      try {
        this.opts.store.timeline.append(incidentId, { kind: 'metric.threshold', at, payload })
        incidentIds.push(incidentId)
      } catch {
        // A full disk must not stop collection; the alert below still reaches the responder.
      }
    }
    this.opts.onThreshold({ ...payload, at, incidentIds })
  }

  /**
   * What a source saw happen (an alarm, a rollout, error lines) goes on the timeline of every
   * open incident, like a crossing; the collector has already decided it is news.
   */
  private announce(config: MetricSourceConfig, e: SourceEvent, at: number): void {
    let open: string[] = []
    try {
      open = this.opts.openIncidents()
    } catch {
      open = []
    }
    const payload = { ...e.payload, sourceId: config.id, source: config.name }
    for (const incidentId of open) {
      try {
        this.opts.store.timeline.append(incidentId, { kind: e.kind, at, payload })
      } catch {
        // As for crossings: a full disk must not stop collection.
      }
    }
  }

  /** Throttled per source: the first sample goes at once, later ones at most once per gap. */
  private emitSample(id: string): void {
    const gap = this.opts.sampleEventMs ?? 1_000
    const send = (): void => {
      this.emitTimers.delete(id)
      const values = [...(this.latest.get(id)?.values() ?? [])]
      this.lastEmit.set(id, this.opts.now())
      this.opts.onSample({ sourceId: id, at: this.opts.now(), values })
    }
    if (this.emitTimers.has(id)) return
    const wait = (this.lastEmit.get(id) ?? -Infinity) + gap - this.opts.now()
    if (wait <= 0) send()
    else {
      const t = setTimeout(send, wait)
      t.unref?.()
      this.emitTimers.set(id, t)
    }
  }

  series(
    sourceId: string,
    metric: string,
    from: number,
    to: number,
    maxPoints: number,
  ): MetricSeries {
    const stored = this.samples.series(sourceId, metric, from, to)
    return {
      sourceId,
      metric,
      from,
      to,
      stored: stored.length,
      points: lttb(stored, maxPoints),
      threshold: thresholdFor(this.thresholdList, sourceId, metric),
    }
  }

  /** A log source's stream and what it read besides the numbers; null for other kinds. */
  logDetail(sourceId: string): LogSourceDetail | null {
    const entry = this.running.get(sourceId)
    if (!entry) this.sources.get(sourceId) // a NotFoundError for an unknown id
    const d = entry?.collector?.detail?.()
    return d ? { sourceId, ...d } : null
  }

  metricNames(sourceId: string): string[] {
    return this.samples.metricNames(sourceId)
  }

  /** The metric(s) around a moment: for the postmortem's "what did it look like at T". */
  around(q: {
    at: number
    windowMs: number
    sourceId?: string | undefined
    metric?: string | undefined
    maxPoints: number
  }): MetricSeries[] {
    const from = Math.max(0, q.at - q.windowMs)
    const to = q.at + q.windowMs
    return this.samples
      .seriesBetween(from, to)
      .filter(
        (s) => (!q.sourceId || s.sourceId === q.sourceId) && (!q.metric || s.metric === q.metric),
      )
      .map((s) => this.series(s.sourceId, s.metric, from, to, q.maxPoints))
  }

  thresholds(): Threshold[] {
    return this.thresholdList.map((t) => ({ ...t }))
  }

  setThresholds(list: ThresholdInput[]): Threshold[] {
    // Levels carry over: the next sample is judged from its current level against the new lines.
    this.thresholdList = this.sources.setThresholds(thresholdSchema.array().parse(list))
    return this.thresholds()
  }

  resetThresholds(): Threshold[] {
    this.thresholdList = this.sources.resetThresholds()
    return this.thresholds()
  }

  /** Synchronous so Core can close the database right after: timers stop, samples flush now. */
  close(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer)
    this.pruneTimer = null
    for (const id of [...this.running.keys()]) void this.stopRunner(id).catch(() => undefined)
    this.samples.close()
  }
}
