// How metric values read: units from the metric's name (…_ms, …percent, …bytes), short numbers,
// and the one-line description of a threshold crossing (alerts and timeline rows).
import type { JsonObject, ThresholdLevel } from '../../../../shared/contract'
import type { MessageKey } from '../../i18n/en'
import type { Translate } from '../../i18n/locale'

const levels = new Set(['normal', 'warning', 'critical'])

function short(n: number): string {
  const abs = Math.abs(n)
  if (abs >= 100) return n.toFixed(0)
  if (abs >= 10) return n.toFixed(1)
  return String(Math.round(n * 100) / 100)
}

function bytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let i = 0
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${short(v)} ${units[i]}`
}

export function formatValue(metric: string, value: number): string {
  if (!Number.isFinite(value)) return '—'
  if (metric.endsWith('_ms'))
    return value >= 1000 ? `${short(value / 1000)} s` : `${short(value)} ms`
  if (metric.endsWith('percent')) return `${short(value)} %`
  if (metric.endsWith('bytes_per_s')) return `${bytes(value)}/s`
  if (metric.endsWith('bytes')) return bytes(value)
  if (metric.endsWith('_s')) return `${short(value)} s`
  return short(value)
}

export function levelLabel(t: Translate, level: unknown): string {
  return typeof level === 'string' && levels.has(level)
    ? t(`metrics.level.${level as ThresholdLevel}` as MessageKey)
    : String(level ?? '—')
}

/** A crossing's payload (timeline event or contract event) as one line. */
export function describeCrossing(t: Translate, p: JsonObject | Record<string, unknown>): string {
  const metric = typeof p.metric === 'string' ? p.metric : '?'
  const num = (v: unknown): string => (typeof v === 'number' ? formatValue(metric, v) : '—')
  return t('metrics.alert', {
    source: typeof p.source === 'string' ? p.source : '?',
    metric,
    from: levelLabel(t, p.from),
    to: levelLabel(t, p.to),
    value: num(p.value),
    threshold: num(p.threshold),
  })
}

/** The metric a source's chart shows first. */
export function primaryMetric(kind: string, metrics: readonly string[]): string | undefined {
  const prefer: Record<string, string[]> = {
    host: ['cpu.percent', 'mem.percent'],
    http: ['http.latency_ms', 'http.status'],
    postgres: ['pg.connections_percent', 'pg.connections'],
    kubernetes: ['k8s.pods_not_running', 'k8s.restarts'],
  }
  return (prefer[kind] ?? []).find((m) => metrics.includes(m)) ?? metrics[0]
}
