// One collector per source kind, built from the saved settings.
import type { MetricSourceConfig } from '../../../shared/contract'
import { MetricSourceError, type Collector, type SshAccess } from './collector'
import { AccessLogCollector } from './collectors/accessLogCollector'
import { ErrorLogCollector } from './collectors/errorLogCollector'
import { HostCollector } from './collectors/hostCollector'
import { HttpCollector } from './collectors/httpCollector'
import { KubernetesCollector } from './collectors/kubernetesCollector'
import { PostgresCollector } from './collectors/postgresCollector'
import { PrometheusCollector } from './collectors/prometheusCollector'
import { RedisCollector } from './collectors/redisCollector'

/** The source kinds the AWS domain collects. */
export type AwsSourceConfig = Extract<
  MetricSourceConfig,
  { kind: 'aws-cloudwatch' | 'aws-alarms' | 'aws-ecs' | 'aws-logs' }
>

export interface CollectorDeps {
  ssh: SshAccess | null
  /** The sealed PostgreSQL or Redis password of a source, opened only when its collector starts. */
  password(sourceId: string): string | null
  kubectl?: string
  /**
   * Builds the collector of an AWS source. The AWS domain owns those (aws/domain.ts) and Core
   * hands this in: metrics never imports aws, which imports metrics' collector types.
   */
  awsCollector?: (c: AwsSourceConfig) => Collector
}

export function createCollector(c: MetricSourceConfig, deps: CollectorDeps): Collector {
  switch (c.kind) {
    case 'host':
      if (!deps.ssh)
        throw new MetricSourceError('Host metrics need SSH, which is not available here.')
      return new HostCollector(deps.ssh, c.targetId)
    case 'http':
      return new HttpCollector(deps.ssh, c.url, c.checkBody, c.via)
    case 'prometheus':
      return new PrometheusCollector(
        deps.ssh,
        c.url,
        c.queries,
        c.backfillMinutes,
        c.intervalSec,
        c.via,
      )
    case 'postgres':
      return new PostgresCollector(deps.ssh, {
        host: c.host,
        port: c.port,
        database: c.database,
        user: c.user,
        password: deps.password(c.id),
        longQuerySec: c.longQuerySec,
        via: c.via,
      })
    case 'kubernetes':
      return new KubernetesCollector({
        kubeconfig: c.kubeconfig,
        context: c.context,
        namespace: c.namespace,
        ...(deps.kubectl ? { kubectl: deps.kubectl } : {}),
      })
    case 'redis':
      return new RedisCollector(deps.ssh, {
        host: c.host,
        port: c.port,
        tls: c.tls,
        tlsCaPath: c.tlsCaPath,
        user: c.user,
        password: deps.password(c.id),
        db: c.db,
        keys: c.keys,
        via: c.via,
      })
    case 'access-log':
      if (!deps.ssh)
        throw new MetricSourceError('Access logs are read over SSH, which is not available here.')
      return new AccessLogCollector(deps.ssh, {
        targetId: c.targetId,
        path: c.path,
        format: c.format,
        windowSec: c.windowSec,
      })
    case 'error-log':
      if (!deps.ssh)
        throw new MetricSourceError('Error logs are read over SSH, which is not available here.')
      return new ErrorLogCollector(deps.ssh, {
        targetId: c.targetId,
        path: c.path,
        patterns: c.patterns,
        eventGapSec: c.eventGapSec,
      })
    case 'aws-cloudwatch':
    case 'aws-alarms':
    case 'aws-ecs':
    case 'aws-logs':
      if (!deps.awsCollector)
        throw new MetricSourceError('AWS sources are not available in this build of Sitrep.')
      return deps.awsCollector(c)
  }
}
