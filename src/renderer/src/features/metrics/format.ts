// How metric values read: units from the metric's name (…_ms, …percent, …bytes), short numbers,
// and the one-line description of a threshold crossing (alerts and timeline rows).
import type { ThresholdLevel } from '../../../../shared/contract'
import { formatValue } from '../../../../shared/metricFormat'
import type { MessageKey } from '../../i18n/en'
import type { Translate } from '../../i18n/locale'

export { formatValue }

const levels = new Set(['normal', 'warning', 'critical'])

export function levelLabel(t: Translate, level: unknown): string {
  return typeof level === 'string' && levels.has(level)
    ? t(`metrics.level.${level as ThresholdLevel}` as MessageKey)
    : String(level ?? '—')
}

/** The metric a source's chart shows first. */
export function primaryMetric(kind: string, metrics: readonly string[]): string | undefined {
  const prefer: Record<string, string[]> = {
    host: ['cpu.percent', 'mem.percent'],
    http: ['http.latency_ms', 'http.status'],
    postgres: ['pg.connections_percent', 'pg.connections'],
    kubernetes: ['k8s.pods_not_running', 'k8s.restarts'],
    // Seed 000 watches the Celery queue first.
    redis: ['redis.queue.celery', 'redis.memory_percent'],
    // Seed 001/004 watch the error rate: the 5xx share of the access log.
    'access-log': ['error.rate_percent', 'access.requests_per_s'],
    'error-log': ['log.matches_per_min', 'log.matches'],
    'aws-alarms': ['aws.alarms.in_alarm'],
    'aws-logs': ['aws.logs.matches_per_min'],
    'aws-cloudwatch': ['aws.ecs.cpu_percent', 'aws.alb.elb_5xx', 'aws.rds.cpu_percent'],
  }
  // An ECS source's names carry the service: its first running share says most.
  if (kind === 'aws-ecs')
    return metrics.find((m) => m.startsWith('aws.ecs.running_percent.')) ?? metrics[0]
  return (prefer[kind] ?? []).find((m) => metrics.includes(m)) ?? metrics[0]
}
