// The AWS source form's text of CloudWatch queries: what formatQuery writes parseQueries reads
// back (presets included), and a line that does not read names its line number.
import { describe, expect, it } from 'vitest'
import {
  QueryLineError,
  awsInput,
  formatQuery,
  parseQueries,
} from '../../../src/renderer/src/features/metrics/awsSourceForm'
import { cloudWatchPresetQueries, metricSourceInputSchema } from '../../../src/shared/contract'

describe('AWS source form', () => {
  it('writes and reads back every preset query', () => {
    const queries = [
      ...cloudWatchPresetQueries('ecs-service', { cluster: 'pb', service: 'backend' }),
      ...cloudWatchPresetQueries('alb', { loadBalancer: 'app/pb/50dc6c495c0c9188' }),
      ...cloudWatchPresetQueries('rds-instance', { dbInstance: 'pb-db' }),
    ]
    const text = queries.map(formatQuery).join('\n')
    expect(text.split('\n')[0]).toBe(
      'aws.ecs.cpu_percent = AWS/ECS CPUUtilization ClusterName=pb,ServiceName=backend Average 60',
    )
    expect(parseQueries(`\n${text}\n\n`)).toEqual(queries)
  })

  it('reads a query without dimensions and the default period', () => {
    expect(parseQueries('x.y = Custom/App Errors - Sum')).toEqual([
      {
        metric: 'x.y',
        namespace: 'Custom/App',
        metricName: 'Errors',
        dimensions: [],
        stat: 'Sum',
        periodSec: 60,
      },
    ])
  })

  it('names the line that does not read', () => {
    const bad = (text: string): number | null => {
      try {
        parseQueries(text)
        return null
      } catch (e) {
        return e instanceof QueryLineError ? e.line : -1
      }
    }
    expect(bad('a = AWS/ECS CPUUtilization - Average\nno equals sign here')).toBe(2)
    expect(bad('a = AWS/ECS CPUUtilization')).toBe(1)
    expect(bad('a = AWS/ECS CPUUtilization ClusterName Average')).toBe(1)
    expect(bad('a = AWS/ECS CPUUtilization - Average 60 extra')).toBe(1)
  })

  it('gives inputs the contract accepts', () => {
    const common = { name: 'pb', intervalSec: 30, timeoutSec: 5, enabled: true }
    const fields = {
      profile: 'pb',
      region: 'ap-northeast-1',
      endpoint: '',
      awsQueries: 'a = AWS/ECS CPUUtilization - Average',
      namePrefix: 'pb-',
      cluster: 'pb',
      services: 'backend\n\nfrontend\n',
      logGroupName: '/aws/ecs/pb/application',
      filterPattern: 'ERROR',
      eventGapSec: '60',
    }
    for (const kind of ['aws-cloudwatch', 'aws-alarms', 'aws-ecs', 'aws-logs'] as const) {
      const parsed = metricSourceInputSchema.parse(awsInput(kind, fields, common))
      expect(parsed.kind).toBe(kind)
    }
    expect(awsInput('aws-ecs', fields, common)).toMatchObject({ services: ['backend', 'frontend'] })
    // CloudWatch polls once a minute unless told otherwise; the others keep the common 10 s.
    const { intervalSec: _i, ...noInterval } = common
    void _i
    const cw = metricSourceInputSchema.parse(
      awsInput('aws-cloudwatch', fields, noInterval as typeof common),
    )
    expect(cw.intervalSec).toBe(60)
    const ecs = metricSourceInputSchema.parse(
      awsInput('aws-ecs', fields, noInterval as typeof common),
    )
    expect(ecs.intervalSec).toBe(10)
  })
})
