// CloudWatch alarms as a source: the alarms now in ALARM (seed 003's first check,
// `aws cloudwatch describe-alarms --state-value ALARM`). The count is a metric; each alarm that
// enters ALARM is one timeline event, and one more when it leaves: a transition is news, the
// same alarm still firing at the next poll is not. Alarms already firing when the source starts
// are reported once, since the responder has not heard of them yet.
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import type { Collector, PollContext, PollResult, SourceEvent } from '../metrics/domain'
import { awsError, LazyAwsClient, type AwsAccess } from './access'

export const ALARM_EVENT = 'aws.alarm'

interface Firing {
  reason: string
  since: number | null
  namespace: string | null
  metricName: string | null
}

export class AlarmsCollector implements Collector {
  private readonly client: LazyAwsClient<CloudWatchClient>
  /** Alarms in ALARM at the last poll; null before the first one. */
  private firing: Map<string, Firing> | null = null

  constructor(
    private readonly access: AwsAccess,
    private readonly namePrefix: string,
  ) {
    this.client = new LazyAwsClient(access, async (config) => {
      const sdk = await import('@aws-sdk/client-cloudwatch')
      return new sdk.CloudWatchClient(config)
    })
  }

  private async inAlarm(signal: AbortSignal): Promise<Map<string, Firing>> {
    const now = new Map<string, Firing>()
    let NextToken: string | undefined
    try {
      for (let page = 0; page < 20; page++) {
        const out = await (
          await this.client.get()
        ).send(
          new (await import('@aws-sdk/client-cloudwatch')).DescribeAlarmsCommand({
            StateValue: 'ALARM',
            AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
            ...(this.namePrefix ? { AlarmNamePrefix: this.namePrefix } : {}),
            ...(NextToken ? { NextToken } : {}),
          }),
          { abortSignal: signal },
        )
        for (const a of [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])]) {
          if (!a.AlarmName) continue
          now.set(a.AlarmName, {
            reason: a.StateReason ?? '',
            since: a.StateUpdatedTimestamp?.getTime() ?? null,
            namespace: 'Namespace' in a ? (a.Namespace ?? null) : null,
            metricName: 'MetricName' in a ? (a.MetricName ?? null) : null,
          })
        }
        NextToken = out.NextToken
        if (!NextToken) break
      }
    } catch (err) {
      throw awsError(err, this.access, 'CloudWatch DescribeAlarms')
    }
    return now
  }

  async poll(ctx: PollContext): Promise<PollResult> {
    const now = await this.inAlarm(ctx.signal)
    const before = this.firing
    const events: SourceEvent[] = []
    for (const [alarm, f] of now) {
      if (before?.has(alarm)) continue
      events.push({
        kind: ALARM_EVENT,
        payload: {
          alarm,
          state: 'ALARM',
          reason: f.reason,
          since: f.since,
          namespace: f.namespace,
          metricName: f.metricName,
          atStart: before === null,
        },
      })
    }
    for (const alarm of before?.keys() ?? []) {
      if (now.has(alarm)) continue
      // DescribeAlarms was asked for ALARM only: whether it is OK now or lacks data is not known.
      events.push({ kind: ALARM_EVENT, payload: { alarm, state: 'cleared' } })
    }
    this.firing = now
    return {
      samples: [{ metric: 'aws.alarms.in_alarm', value: now.size }],
      metricErrors: [],
      events,
    }
  }

  close(): void {
    this.client.close()
  }
}
