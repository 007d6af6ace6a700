// The team's incident settings, stored as JSON in the settings table: severity scheme, timer
// policy and impact thresholds. Saving validates; reading never fails: a value that no longer
// validates (hand-edited, older format) falls back to the default and the problem is reported,
// because a broken setting must never stop a responder from declaring an incident.
import type Database from 'better-sqlite3'
import type { ZodType } from 'zod'
import { guardWrite } from '../store/writeGuard'
import { IncidentSettingsError } from './errors'
import { defaultImpactThresholds } from './impactHelper'
import {
  impactThresholdsSchema,
  rollbackRuleSchema,
  severitySchemeSchema,
  type RollbackRule,
  timerPolicySchema,
} from '../../../shared/incidentSchemas'
import { defaultRollbackRule } from './rollbackWatch'
import { defaultScheme } from './severity'
import { defaultTimerPolicy } from './timerPolicy'
import type { ImpactThresholds, SeverityScheme, TimerPolicy } from '../../../shared/incidents'

export const SettingKey = {
  severityScheme: 'incidents.severityScheme',
  timerPolicy: 'incidents.timerPolicy',
  impactThresholds: 'incidents.impactThresholds',
  rollbackRule: 'incidents.rollbackRule',
} as const
type Key = (typeof SettingKey)[keyof typeof SettingKey]

export interface SettingProblem {
  key: string
  message: string
}

export class IncidentSettings {
  private readonly read: Database.Statement
  private readonly write: Database.Statement
  /** Stored values that did not validate and were replaced by defaults on reading. */
  readonly problems: SettingProblem[] = []
  // Timers read the policy and scheme on every tick; values change only through set().
  private readonly cache = new Map<Key, unknown>()

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
  ) {
    this.read = db.prepare('SELECT value FROM settings WHERE key = ?')
    this.write = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    )
  }

  severityScheme(): SeverityScheme {
    return this.get(SettingKey.severityScheme, severitySchemeSchema, defaultScheme)
  }

  setSeverityScheme(value: unknown): SeverityScheme {
    return this.set(SettingKey.severityScheme, 'severity scheme', severitySchemeSchema, value)
  }

  timerPolicy(): TimerPolicy {
    return this.get(SettingKey.timerPolicy, timerPolicySchema, defaultTimerPolicy)
  }

  setTimerPolicy(value: unknown): TimerPolicy {
    return this.set(SettingKey.timerPolicy, 'timer policy', timerPolicySchema, value)
  }

  impactThresholds(): ImpactThresholds {
    return this.get(SettingKey.impactThresholds, impactThresholdsSchema, defaultImpactThresholds)
  }

  setImpactThresholds(value: unknown): ImpactThresholds {
    return this.set(SettingKey.impactThresholds, 'impact thresholds', impactThresholdsSchema, value)
  }

  rollbackRule(): RollbackRule {
    return this.get(SettingKey.rollbackRule, rollbackRuleSchema, defaultRollbackRule)
  }

  setRollbackRule(value: unknown): RollbackRule {
    return this.set(SettingKey.rollbackRule, 'rollback rule', rollbackRuleSchema, value)
  }

  private get<T>(key: Key, schema: ZodType<T>, fallback: T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T
    const value = this.readValue(key, schema, fallback)
    this.cache.set(key, value)
    return value
  }

  private readValue<T>(key: Key, schema: ZodType<T>, fallback: T): T {
    const row = this.read.get(key) as { value: string } | undefined
    if (!row) return fallback
    let parsed: unknown
    try {
      parsed = JSON.parse(row.value)
    } catch {
      this.report(key, 'not valid JSON')
      return fallback
    }
    const r = schema.safeParse(parsed)
    if (r.success) return r.data
    this.report(key, r.error.issues[0]?.message ?? 'invalid')
    return fallback
  }

  private set<T>(key: Key, what: string, schema: ZodType<T>, value: unknown): T {
    const r = schema.safeParse(value)
    if (!r.success) {
      const issue = r.error.issues[0]
      const where = issue?.path.length ? ` (at ${issue.path.join('.')})` : ''
      throw new IncidentSettingsError(what, `${issue?.message ?? 'invalid'}${where}.`)
    }
    guardWrite(this.path, () => this.write.run(key, JSON.stringify(r.data)))
    this.cache.set(key, r.data)
    return r.data
  }

  private report(key: string, message: string): void {
    if (!this.problems.some((p) => p.key === key)) this.problems.push({ key, message })
  }
}
