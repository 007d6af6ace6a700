// Metric samples in SQLite (metric_samples, keyed by source, metric and time). Writes are
// buffered and committed in one transaction per second (or per 2 000 samples): 50 sources at
// 1 Hz would otherwise cost hundreds of fsyncs a second. Reads flush first, so a chart never
// misses what was just collected. Old samples are pruned by age (retention).
import type Database from 'better-sqlite3'
import type { MetricPoint } from '../../../shared/contract'

export interface StoredSample {
  sourceId: string
  metric: string
  at: number
  value: number
}

export const DEFAULT_RETENTION_MS = 7 * 24 * 3_600_000
const FLUSH_MS = 1_000
const FLUSH_COUNT = 2_000

export class SampleStore {
  private buffer: StoredSample[] = []
  private timer: ReturnType<typeof setTimeout> | null = null
  private readonly insert: Database.Statement
  private readonly selectSeries: Database.Statement
  private readonly insertMany: (rows: StoredSample[]) => void
  /** Set when a flush failed (e.g. disk full); the samples stay buffered for the next try. */
  lastError: string | null = null

  constructor(
    private readonly db: Database.Database,
    private readonly opts: { flushMs?: number; maxBuffered?: number } = {},
  ) {
    // OR REPLACE: two samples of one metric in the same millisecond keep the later one.
    this.insert = db.prepare(
      'INSERT OR REPLACE INTO metric_samples (source_id, metric, at, value) VALUES (?, ?, ?, ?)',
    )
    this.selectSeries = db.prepare(
      'SELECT at, value FROM metric_samples WHERE source_id = ? AND metric = ? AND at BETWEEN ? AND ? ORDER BY at',
    )
    this.insertMany = db.transaction((rows: StoredSample[]) => {
      for (const r of rows) this.insert.run(r.sourceId, r.metric, r.at, r.value)
    })
  }

  add(samples: readonly StoredSample[]): void {
    for (const s of samples) if (Number.isFinite(s.value)) this.buffer.push(s)
    if (this.buffer.length >= FLUSH_COUNT) this.flush()
    else if (!this.timer && this.buffer.length > 0) {
      this.timer = setTimeout(() => this.flush(), this.opts.flushMs ?? FLUSH_MS)
      this.timer.unref?.()
    }
  }

  get pending(): number {
    return this.buffer.length
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.buffer.length === 0 || !this.db.open) return
    const rows = this.buffer
    this.buffer = []
    try {
      this.insertMany(rows)
      this.lastError = null
    } catch (err) {
      // Keep what could not be written, but bounded: live metrics are worth less than memory.
      this.buffer = rows.concat(this.buffer).slice(-(this.opts.maxBuffered ?? 200_000))
      this.lastError = err instanceof Error ? err.message : String(err)
      this.timer = setTimeout(() => this.flush(), 5_000)
      this.timer.unref?.()
    }
  }

  series(sourceId: string, metric: string, from: number, to: number): MetricPoint[] {
    this.flush()
    return this.selectSeries.all(sourceId, metric, from, to) as MetricPoint[]
  }

  metricNames(sourceId: string): string[] {
    this.flush()
    return (
      this.db
        .prepare('SELECT DISTINCT metric FROM metric_samples WHERE source_id = ? ORDER BY metric')
        .all(sourceId) as { metric: string }[]
    ).map((r) => r.metric)
  }

  /** Which (source, metric) pairs have samples within [from, to]. */
  seriesBetween(from: number, to: number): { sourceId: string; metric: string }[] {
    this.flush()
    return this.db
      .prepare(
        'SELECT DISTINCT source_id AS sourceId, metric FROM metric_samples WHERE at BETWEEN ? AND ? ORDER BY source_id, metric',
      )
      .all(from, to) as { sourceId: string; metric: string }[]
  }

  deleteSource(sourceId: string): void {
    this.buffer = this.buffer.filter((s) => s.sourceId !== sourceId)
    this.db.prepare('DELETE FROM metric_samples WHERE source_id = ?').run(sourceId)
  }

  /** Deletes samples older than `before`, in slices so a big prune never blocks for long. */
  prune(before: number): number {
    this.flush()
    // metric_samples is WITHOUT ROWID: slices are picked by key through the index on `at`.
    let total = 0
    const slice = this.db.prepare(
      'SELECT source_id, metric, at FROM metric_samples WHERE at < ? ORDER BY at LIMIT 10000',
    )
    const one = this.db.prepare(
      'DELETE FROM metric_samples WHERE source_id = ? AND metric = ? AND at = ?',
    )
    for (;;) {
      const rows = slice.all(before) as { source_id: string; metric: string; at: number }[]
      if (rows.length === 0) break
      this.db.transaction(() => {
        for (const r of rows) one.run(r.source_id, r.metric, r.at)
      })()
      total += rows.length
      if (rows.length < 10_000) break
    }
    return total
  }

  close(): void {
    this.flush()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
