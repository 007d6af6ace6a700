// CloudWatch metrics as a metric source: every query of the source in one GetMetricData call,
// the newest datapoint of each. CloudWatch publishes a period's datapoint a minute or more
// after it ends, so each poll looks back a few periods and keeps the latest it finds; a query
// with no datapoint in that window says so on its own, and the others keep sampling.
import type { CloudWatchClient, MetricDataQuery } from '@aws-sdk/client-cloudwatch'
import type { CloudWatchQuery, MetricQueryError } from '../../../shared/contract'
import type { Collector, PollContext, PollResult, Sample } from '../metrics/domain'
import { awsError, LazyAwsClient, type AwsAccess } from './access'

/** How many periods back a poll looks for the newest datapoint. */
const LOOKBACK_PERIODS = 5

export class CloudWatchCollector implements Collector {
  private readonly client: LazyAwsClient<CloudWatchClient>

  constructor(
    private readonly access: AwsAccess,
    private readonly queries: CloudWatchQuery[],
  ) {
    this.client = new LazyAwsClient(access, async (config) => {
      const sdk = await import('@aws-sdk/client-cloudwatch')
      return new sdk.CloudWatchClient(config)
    })
  }

  async poll(ctx: PollContext): Promise<PollResult> {
    const end = ctx.now()
    const longest = Math.max(...this.queries.map((q) => q.periodSec))
    const start = end - longest * 1000 * LOOKBACK_PERIODS
    const MetricDataQueries: MetricDataQuery[] = this.queries.map((q, i) => ({
      // Ids must start with a lower-case letter; the responder's metric names need not.
      Id: `m${i}`,
      MetricStat: {
        Metric: {
          Namespace: q.namespace,
          MetricName: q.metricName,
          Dimensions: q.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
        },
        Period: q.periodSec,
        Stat: q.stat,
      },
      ReturnData: true,
    }))
    const byId = new Map<string, { Timestamps: Date[]; Values: number[] }>()
    let NextToken: string | undefined
    try {
      // Few queries over a few periods fit one page; the token loop is for safety, bounded.
      for (let page = 0; page < 10; page++) {
        const out = await (
          await this.client.get()
        ).send(
          new (await import('@aws-sdk/client-cloudwatch')).GetMetricDataCommand({
            MetricDataQueries,
            StartTime: new Date(start),
            EndTime: new Date(end),
            ScanBy: 'TimestampDescending',
            ...(NextToken ? { NextToken } : {}),
          }),
          { abortSignal: ctx.signal },
        )
        for (const r of out.MetricDataResults ?? []) {
          if (!r.Id) continue
          const seen = byId.get(r.Id) ?? { Timestamps: [], Values: [] }
          seen.Timestamps.push(...(r.Timestamps ?? []))
          seen.Values.push(...(r.Values ?? []))
          byId.set(r.Id, seen)
        }
        NextToken = out.NextToken
        if (!NextToken) break
      }
    } catch (err) {
      throw awsError(err, this.access, 'CloudWatch GetMetricData')
    }
    const samples: Sample[] = []
    const metricErrors: MetricQueryError[] = []
    this.queries.forEach((q, i) => {
      const r = byId.get(`m${i}`)
      let best = -1
      r?.Timestamps.forEach((t, j) => {
        if (best < 0 || t.getTime() > (r.Timestamps[best] as Date).getTime()) best = j
      })
      const value = best >= 0 ? r?.Values[best] : undefined
      if (value === undefined || !Number.isFinite(value)) {
        metricErrors.push({
          metric: q.metric,
          error: `CloudWatch has no ${q.namespace} ${q.metricName} (${q.stat}) datapoint in the last ${Math.round((longest * LOOKBACK_PERIODS) / 60)} minutes. Check the namespace, metric name and dimensions (${q.dimensions.map((d) => `${d.name}=${d.value}`).join(', ') || 'none'}).`,
        })
        return
      }
      samples.push({ metric: q.metric, value })
    })
    return { samples, metricErrors }
  }

  close(): void {
    this.client.close()
  }
}
