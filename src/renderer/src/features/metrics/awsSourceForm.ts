// The AWS source kinds in the source form, as plain functions: the fields they start with, the
// one-line-per-query text of CloudWatch queries (read and written), and the input saved.
import type {
  CloudWatchQueryInput,
  MetricSourceConfig,
  MetricSourceInput,
} from '../../../../shared/contract'

export type AwsKind = 'aws-cloudwatch' | 'aws-alarms' | 'aws-ecs' | 'aws-logs'

export const isAwsKind = (k: string): k is AwsKind => k.startsWith('aws-')

/** `metric = Namespace MetricName Dim=Value,Dim=Value Stat [period]`; no dimensions: `-`. */
export function formatQuery(q: CloudWatchQueryInput): string {
  const dims = (q.dimensions ?? []).map((d) => `${d.name}=${d.value}`).join(',') || '-'
  return `${q.metric} = ${q.namespace} ${q.metricName} ${dims} ${q.stat ?? 'Average'} ${q.periodSec ?? 60}`
}

export class QueryLineError extends Error {
  constructor(readonly line: number) {
    super(`line ${line}`)
  }
}

/** The queries of the text, one per non-empty line; a line that does not read throws. */
export function parseQueries(text: string): CloudWatchQueryInput[] {
  const out: CloudWatchQueryInput[] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (!line) return
    const eq = line.indexOf('=')
    if (eq <= 0) throw new QueryLineError(i + 1)
    const metric = line.slice(0, eq).trim()
    const words = line
      .slice(eq + 1)
      .trim()
      .split(/\s+/)
    const [namespace, metricName, dims, stat, period] = words
    if (!namespace || !metricName || !dims || !stat || words.length > 5)
      throw new QueryLineError(i + 1)
    const dimensions =
      dims === '-'
        ? []
        : dims.split(',').map((d) => {
            const at = d.indexOf('=')
            if (at <= 0) throw new QueryLineError(i + 1)
            return { name: d.slice(0, at), value: d.slice(at + 1) }
          })
    const periodSec = period === undefined ? 60 : Number(period)
    if (!Number.isFinite(periodSec)) throw new QueryLineError(i + 1)
    out.push({ metric, namespace, metricName, dimensions, stat, periodSec })
  })
  return out
}

type Fields = Record<string, string | boolean>

/** The AWS fields of the form, from a saved source or empty for a new one. */
export function awsInitial(c: MetricSourceConfig | null): Fields {
  const a = c && isAwsKind(c.kind) ? (c as Extract<MetricSourceConfig, { kind: AwsKind }>) : null
  return {
    profile: a?.profile ?? '',
    region: a?.region ?? '',
    endpoint: a?.endpoint ?? '',
    awsQueries: a?.kind === 'aws-cloudwatch' ? a.queries.map(formatQuery).join('\n') : '',
    namePrefix: a?.kind === 'aws-alarms' ? a.namePrefix : '',
    cluster: a?.kind === 'aws-ecs' ? a.cluster : '',
    services: a?.kind === 'aws-ecs' ? a.services.join('\n') : '',
    logGroupName: a?.kind === 'aws-logs' ? a.logGroupName : '',
    filterPattern: a?.kind === 'aws-logs' ? a.filterPattern : 'ERROR',
    eventGapSec: String(a?.kind === 'aws-logs' ? a.eventGapSec : 60),
    preset: 'ecs-service',
    presetCluster: '',
    presetService: '',
    presetLoadBalancer: '',
    presetDbInstance: '',
  }
}

interface Common {
  id?: string
  name: string
  intervalSec: number
  timeoutSec: number
  enabled: boolean
}

/** The input saved for an AWS kind; main validates it again. */
export function awsInput(kind: AwsKind, f: Fields, common: Common): MetricSourceInput {
  const s = (k: string): string => String(f[k] ?? '').trim()
  const access = { profile: s('profile'), region: s('region'), endpoint: s('endpoint') }
  switch (kind) {
    case 'aws-cloudwatch':
      return { ...common, kind, ...access, queries: parseQueries(String(f.awsQueries ?? '')) }
    case 'aws-alarms':
      return { ...common, kind, ...access, namePrefix: s('namePrefix') }
    case 'aws-ecs':
      return {
        ...common,
        kind,
        ...access,
        cluster: s('cluster'),
        services: s('services')
          .split('\n')
          .map((x) => x.trim())
          .filter(Boolean),
      }
    case 'aws-logs':
      return {
        ...common,
        kind,
        ...access,
        logGroupName: s('logGroupName'),
        filterPattern: String(f.filterPattern ?? ''),
        eventGapSec: Number(s('eventGapSec')),
      }
  }
}
