// ECS services as a source (seed 003: `aws ecs describe-services --cluster … --services …`):
// desired, running and pending tasks per service, running as a share of desired, and the
// service's deployments. A new primary deployment and each change of its rollout state
// (IN_PROGRESS → COMPLETED or FAILED) is one timeline event: that is where "a deploy just
// happened" and "the rollout failed" reach the incident. At the first poll only a rollout still
// in progress or failed is reported; a completed one is history.
import type { ECSClient, Service } from '@aws-sdk/client-ecs'
import type { MetricQueryError } from '../../../shared/contract'
import type { Collector, PollContext, PollResult, Sample, SourceEvent } from '../metrics/domain'
import { awsError, LazyAwsClient, type AwsAccess } from './access'

export const DEPLOYMENT_EVENT = 'aws.deployment'

interface Seen {
  deploymentId: string | null
  rolloutState: string | null
}

/** family:revision from a task definition ARN; what people call a version of the service. */
export function taskDefinitionName(arn: string | undefined): string {
  if (!arn) return ''
  const slash = arn.lastIndexOf('/')
  return slash >= 0 ? arn.slice(slash + 1) : arn
}

export class EcsCollector implements Collector {
  private readonly client: LazyAwsClient<ECSClient>
  private readonly seen = new Map<string, Seen>()

  constructor(
    private readonly access: AwsAccess,
    private readonly cluster: string,
    private readonly services: string[],
  ) {
    this.client = new LazyAwsClient(access, async (config) => {
      const sdk = await import('@aws-sdk/client-ecs')
      return new sdk.ECSClient(config)
    })
  }

  async poll(ctx: PollContext): Promise<PollResult> {
    let found: Service[]
    let failures: { arn?: string; reason?: string; detail?: string }[]
    try {
      const out = await (
        await this.client.get()
      ).send(
        new (await import('@aws-sdk/client-ecs')).DescribeServicesCommand({
          cluster: this.cluster,
          services: this.services,
        }),
        { abortSignal: ctx.signal },
      )
      found = out.services ?? []
      failures = out.failures ?? []
    } catch (err) {
      throw awsError(err, this.access, `ECS DescribeServices on cluster ${this.cluster}`)
    }
    const samples: Sample[] = []
    const metricErrors: MetricQueryError[] = []
    const events: SourceEvent[] = []
    for (const name of this.services) {
      const s = found.find((x) => x.serviceName === name)
      if (!s) {
        const f = failures.find((x) => x.arn?.endsWith(`/${name}`))
        metricErrors.push({
          metric: `aws.ecs.running.${name}`,
          error: `ECS has no service ${name} in cluster ${this.cluster}${f?.reason ? ` (${f.reason})` : ''}.`,
        })
        continue
      }
      const desired = s.desiredCount ?? 0
      const running = s.runningCount ?? 0
      samples.push(
        { metric: `aws.ecs.desired.${name}`, value: desired },
        { metric: `aws.ecs.running.${name}`, value: running },
        { metric: `aws.ecs.pending.${name}`, value: s.pendingCount ?? 0 },
        // A service scaled to zero on purpose is not short of anything.
        {
          metric: `aws.ecs.running_percent.${name}`,
          value: desired > 0 ? (running / desired) * 100 : 100,
        },
        { metric: `aws.ecs.deployments.${name}`, value: s.deployments?.length ?? 0 },
      )
      const primary = s.deployments?.find((d) => d.status === 'PRIMARY')
      const now: Seen = {
        deploymentId: primary?.id ?? null,
        rolloutState: primary?.rolloutState ?? null,
      }
      const before = this.seen.get(name)
      this.seen.set(name, now)
      if (!primary) continue
      const first = before === undefined
      const newDeployment = !first && before.deploymentId !== now.deploymentId
      const newState = !first && !newDeployment && before.rolloutState !== now.rolloutState
      const worthTelling =
        newDeployment ||
        newState ||
        (first && (now.rolloutState === 'IN_PROGRESS' || now.rolloutState === 'FAILED'))
      if (!worthTelling) continue
      events.push({
        kind: DEPLOYMENT_EVENT,
        payload: {
          cluster: this.cluster,
          service: name,
          deploymentId: primary.id ?? '',
          taskDefinition: taskDefinitionName(primary.taskDefinition),
          rolloutState: primary.rolloutState ?? null,
          reason: primary.rolloutStateReason ?? null,
          change: newState ? 'state' : 'started',
          atStart: first,
          startedAt: primary.createdAt?.getTime() ?? null,
          desired: primary.desiredCount ?? 0,
          running: primary.runningCount ?? 0,
          failedTasks: primary.failedTasks ?? 0,
        },
      })
    }
    if (samples.length === 0 && metricErrors.length > 0) {
      throw awsError(
        new Error(metricErrors.map((e) => e.error).join(' ')),
        this.access,
        'ECS DescribeServices',
      )
    }
    return { samples, metricErrors, events }
  }

  close(): void {
    this.client.close()
  }
}
