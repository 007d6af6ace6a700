// Threshold lines per metric and the level a value puts a metric at, with hysteresis: a metric
// hovering at a line must not flap between levels and flood the timeline. Entering a worse level
// needs the value past its line; leaving warning needs it back on the good side of the seed's
// "normal" line (e.g. CPU up at 80 %, back down below 60 %), leaving critical needs it a margin
// (hysteresis, default 5 %) back from the critical line.
import type { Threshold, ThresholdLevel } from '../../../shared/contract'

/** Seed 004's table (主要メトリクス): normal range / warning / critical. */
export const DEFAULT_THRESHOLDS: Threshold[] = [
  t('http.latency_ms', 500, 1_000, 3_000),
  t('latency.p95_ms', 500, 1_000, 3_000),
  t('error.rate_percent', 0.1, 1, 5),
  t('cpu.percent', 60, 80, 95),
  t('mem.percent', 70, 85, 95),
  t('pg.connections_percent', 70, 80, 90),
  // Redis (issue #19): the seed's memory line; a backed-up Celery queue (seed 000's
  // `redis-cli llen celery`), a line each team moves to its own normal backlog; a failed save.
  t('redis.memory_percent', 70, 85, 95),
  t('redis.queue.*', 100, 1_000, 10_000),
  { ...t('redis.rdb_last_bgsave_ok', 1, 0.5, 0.5), direction: 'below' },
  { ...t('redis.aof_last_rewrite_ok', 1, 0.5, 0.5), direction: 'below' },
  { ...t('redis.master_link_up', 1, 0.5, 0.5), direction: 'below' },
  // AWS (seed 003's dashboard): the CPU and memory lines above for ECS services and RDS, and an
  // ECS service running fewer tasks than it wants (below 50 % of desired is critical).
  t('aws.ecs.cpu_percent', 60, 80, 95),
  t('aws.ecs.memory_percent', 70, 85, 95),
  t('aws.rds.cpu_percent', 60, 80, 95),
  { ...t('aws.ecs.running_percent.*', 100, 99.9, 50), direction: 'below' },
]

function t(metric: string, normal: number, warning: number, critical: number): Threshold {
  return {
    metric,
    sourceId: null,
    direction: 'above',
    normal,
    warning,
    critical,
    hysteresis: 0.05,
    suggestSeverity: true,
  }
}

/** The most specific threshold: this source's over everyone's, an exact name over a prefix. */
export function thresholdFor(
  list: readonly Threshold[],
  sourceId: string,
  metric: string,
): Threshold | null {
  let best: Threshold | null = null
  let bestScore = -1
  for (const th of list) {
    if (th.sourceId !== null && th.sourceId !== sourceId) continue
    let score: number
    if (th.metric === metric) score = 2000
    else if (th.metric.endsWith('*') && metric.startsWith(th.metric.slice(0, -1)))
      score = th.metric.length
    else continue
    if (th.sourceId !== null) score += 4000
    if (score > bestScore) {
      best = th
      bestScore = score
    }
  }
  return best
}

const rank: Record<ThresholdLevel, number> = { normal: 0, warning: 1, critical: 2 }

/** `a` is worse than `b` in the threshold's direction. */
function past(th: Threshold, value: number, line: number): boolean {
  return th.direction === 'above' ? value > line : value < line
}

function margin(th: Threshold, line: number): number {
  const m = Math.abs(line) * th.hysteresis
  return th.direction === 'above' ? line - m : line + m
}

/** The level without history: where a value first seen lands. */
export function plainLevel(th: Threshold, value: number): ThresholdLevel {
  if (past(th, value, th.critical)) return 'critical'
  if (past(th, value, th.warning)) return 'warning'
  return 'normal'
}

/** The next level given the current one: worse levels at once, better ones only past the margin. */
export function nextLevel(th: Threshold, current: ThresholdLevel, value: number): ThresholdLevel {
  const raw = plainLevel(th, value)
  if (rank[raw] >= rank[current]) return raw
  if (current === 'critical') {
    // Still within the margin below critical: stay.
    if (past(th, value, margin(th, th.critical))) return 'critical'
    return past(th, value, th.normal) ? 'warning' : 'normal'
  }
  // current is warning and the value is below the warning line: back to normal only past normal.
  return past(th, value, th.normal) ? 'warning' : 'normal'
}

/** The line a change of level crossed: the line of the worse level going up, the exit line down. */
export function crossedLine(th: Threshold, from: ThresholdLevel, to: ThresholdLevel): number {
  if (rank[to] > rank[from]) return to === 'critical' ? th.critical : th.warning
  if (from === 'critical') return to === 'warning' ? margin(th, th.critical) : th.normal
  return th.normal
}

export interface LevelChange {
  from: ThresholdLevel
  to: ThresholdLevel
  threshold: number
}

/**
 * Tracks the level of every (source, metric). The first value of a metric sets its level
 * silently when it is normal; a first value already past a line is reported as a crossing from
 * normal (the responder should hear about a metric that starts out critical).
 */
export class LevelTracker {
  private readonly levels = new Map<string, ThresholdLevel>()

  level(sourceId: string, metric: string): ThresholdLevel | null {
    return this.levels.get(`${sourceId}\u0000${metric}`) ?? null
  }

  observe(th: Threshold, sourceId: string, metric: string, value: number): LevelChange | null {
    if (!Number.isFinite(value)) return null
    const key = `${sourceId}\u0000${metric}`
    const current = this.levels.get(key) ?? 'normal'
    const next = nextLevel(th, current, value)
    this.levels.set(key, next)
    if (next === current) return null
    return { from: current, to: next, threshold: crossedLine(th, current, next) }
  }

  forgetSource(sourceId: string): void {
    for (const key of this.levels.keys())
      if (key.startsWith(`${sourceId}\u0000`)) this.levels.delete(key)
  }

  /** After the lines changed, levels are recomputed from scratch at the next sample. */
  clear(): void {
    this.levels.clear()
  }
}
