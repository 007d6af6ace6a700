// Saved metric sources (metric_sources, migration 4) and the thresholds (settings key
// `metrics.thresholds`). A PostgreSQL or Redis password is sealed in `secrets`; the row holds only
// its id.
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import {
  thresholdSchema,
  type MetricSourceConfig,
  type MetricSourceSettings,
  type Threshold,
} from '../../../shared/contract'
import { InvalidParamsError, NotFoundError } from '../errors'
import type { Secrets } from '../secrets/secrets'
import { compileLogFormat, LogFormatError } from './accessLogFormat'
import { compileLogPattern } from './collectors/errorLogCollector'
import { DEFAULT_THRESHOLDS } from './thresholds'

interface Row {
  id: string
  kind: string
  name: string
  config: string
  secret_id: string | null
}

const THRESHOLDS_KEY = 'metrics.thresholds'

export class MetricSources {
  constructor(
    private readonly db: Database.Database,
    private readonly secrets: Secrets,
    private readonly now: () => number,
  ) {}

  private fromRow(r: Row): MetricSourceConfig {
    const config = JSON.parse(r.config) as MetricSourceConfig
    const out = { ...config, id: r.id, name: r.name } as MetricSourceConfig
    if (out.kind === 'postgres' || out.kind === 'redis')
      return { ...out, hasPassword: r.secret_id !== null }
    return out
  }

  list(): MetricSourceConfig[] {
    return (
      this.db.prepare('SELECT * FROM metric_sources ORDER BY created_at, id').all() as Row[]
    ).map((r) => this.fromRow(r))
  }

  get(id: string): MetricSourceConfig {
    const row = this.db.prepare('SELECT * FROM metric_sources WHERE id = ?').get(id) as
      Row | undefined
    if (!row) throw new NotFoundError(`Metric source ${id}`)
    return this.fromRow(row)
  }

  /** The PostgreSQL or Redis password in clear, for the collector only (never sent to the renderer). */
  password(id: string): string | null {
    const row = this.db.prepare('SELECT secret_id FROM metric_sources WHERE id = ?').get(id) as
      { secret_id: string | null } | undefined
    return row?.secret_id ? this.secrets.get(row.secret_id) : null
  }

  save(input: MetricSourceSettings): MetricSourceConfig {
    checkLogSource(input)
    const now = this.now()
    return this.db.transaction(() => {
      const existing = input.id
        ? (this.db.prepare('SELECT * FROM metric_sources WHERE id = ?').get(input.id) as
            Row | undefined)
        : undefined
      if (input.id && !existing) throw new NotFoundError(`Metric source ${input.id}`)
      if (existing && existing.kind !== input.kind) {
        throw new InvalidParamsError(
          `A ${existing.kind} source cannot become a ${input.kind} source; add a new source instead.`,
        )
      }
      const id = existing?.id ?? randomUUID()
      let secretId = existing?.secret_id ?? null
      const { id: _id, ...rest } = input
      void _id
      let config: Record<string, unknown> = rest
      if (input.kind === 'postgres' || input.kind === 'redis') {
        const { password, ...noPassword } = input
        config = { ...noPassword }
        delete config.id
        if (password === null && secretId) {
          this.secrets.delete(secretId)
          secretId = null
        } else if (typeof password === 'string') {
          if (secretId) this.secrets.delete(secretId)
          secretId = this.secrets.put(password)
        }
      }
      if (existing) {
        this.db
          .prepare(
            'UPDATE metric_sources SET name = ?, config = ?, secret_id = ?, updated_at = ? WHERE id = ?',
          )
          .run(input.name, JSON.stringify(config), secretId, now, id)
      } else {
        this.db
          .prepare(
            'INSERT INTO metric_sources (id, kind, name, config, secret_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(id, input.kind, input.name, JSON.stringify(config), secretId, now, now)
      }
      return this.get(id)
    })()
  }

  remove(id: string): boolean {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT secret_id FROM metric_sources WHERE id = ?').get(id) as
        { secret_id: string | null } | undefined
      if (!row) return false
      if (row.secret_id) this.secrets.delete(row.secret_id)
      this.db.prepare('DELETE FROM metric_sources WHERE id = ?').run(id)
      return true
    })()
  }

  thresholds(): Threshold[] {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(THRESHOLDS_KEY) as
      { value: string } | undefined
    if (!row) return DEFAULT_THRESHOLDS.map((t) => ({ ...t }))
    // A stored list that no longer validates (edited by hand, older build) falls back to the
    // seed's defaults rather than silently dropping every alert.
    const parsed = thresholdSchema.array().safeParse(JSON.parse(row.value))
    return parsed.success ? parsed.data : DEFAULT_THRESHOLDS.map((t) => ({ ...t }))
  }

  setThresholds(list: Threshold[]): Threshold[] {
    const seen = new Set<string>()
    for (const t of list) {
      const key = `${t.sourceId ?? '*'} ${t.metric}`
      if (seen.has(key)) {
        throw new InvalidParamsError(
          `${t.metric} has two thresholds${t.sourceId ? ' for the same source' : ''}; keep one.`,
        )
      }
      seen.add(key)
    }
    this.db
      .prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      )
      .run(THRESHOLDS_KEY, JSON.stringify(list))
    return this.thresholds()
  }

  resetThresholds(): Threshold[] {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(THRESHOLDS_KEY)
    return this.thresholds()
  }
}

/** A log format or pattern that cannot work is refused at save, in place, not at first poll. */
function checkLogSource(input: MetricSourceSettings): void {
  try {
    if (input.kind === 'access-log') compileLogFormat(input.format)
    if (input.kind === 'error-log') for (const p of input.patterns) compileLogPattern(p)
  } catch (err) {
    if (err instanceof LogFormatError) throw new InvalidParamsError(`Log format: ${err.message}`)
    if (err instanceof Error) throw new InvalidParamsError(err.message)
    throw err
  }
}
