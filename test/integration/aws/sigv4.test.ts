// The AWS fixture's SigV4 check (test/helpers/awsSigV4.ts) against real signers: the SDK v3
// clients Sitrep uses and Debian's aws CLI (botocore) are accepted; a wrong
// secret, an unknown key, another region, another service, a stale clock, and a body or header
// changed after signing are refused with AWS's own error codes, which the SDK maps to its
// exception names. If the check accepted everything, the "rejects" cases here would fail.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch'
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AWS_CLI, requireAwsCli } from '../../helpers/awsCli'
import { startAwsFixture, type AwsFixture } from '../../helpers/awsFixture'
import { writeAwsFiles, TEST_KEYS } from '../../helpers/awsProfiles'
import { signingKey } from '../../helpers/awsSigV4'

const run = promisify(execFile)
const REGION = 'ap-northeast-1'

interface Tamper {
  (req: { headers: Record<string, string>; body?: unknown }): void
}

/** The one middleware-stack call used here, typed loosely so any client's stack fits. */
interface Stack {
  addRelativeTo(
    middleware: unknown,
    options: { relation: 'after'; toMiddleware: string; name: string },
  ): void
}

/** Runs `tamper` on the request after the SDK signed it, just before it is sent. */
function tamperAfterSigning(client: { middlewareStack: unknown }, tamper: Tamper): void {
  ;(client.middlewareStack as Stack).addRelativeTo(
    (next: (a: unknown) => Promise<unknown>) => async (args: { request: unknown }) => {
      tamper(args.request as Parameters<Tamper>[0])
      return next(args)
    },
    { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'testTamper' },
  )
}

const errorOf = async (p: Promise<unknown>): Promise<{ name: string; message: string }> => {
  try {
    await p
  } catch (e) {
    return e as { name: string; message: string }
  }
  throw new Error('the call was accepted')
}

describe('AWS fixture: SigV4 verification against the real signers', () => {
  let aws: AwsFixture
  beforeAll(async () => {
    aws = await startAwsFixture({ region: REGION, credentials: [TEST_KEYS] })
    aws.setService('pb', {
      serviceName: 'backend',
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 2,
      pendingCount: 0,
      deployments: [],
    })
    aws.createLogGroup('/app')
  })
  afterAll(async () => {
    await aws.stop()
  })

  const cfg = (over: Record<string, unknown> = {}) => ({
    region: REGION,
    endpoint: aws.endpoint,
    credentials: TEST_KEYS,
    maxAttempts: 1,
    ...over,
  })

  it('accepts what the SDK signs: CloudWatch (JSON 1.0), ECS and Logs (JSON 1.1)', async () => {
    const ecs = new ECSClient(cfg())
    const cw = new CloudWatchClient(cfg())
    const logs = new CloudWatchLogsClient(cfg())
    const out = await ecs.send(
      new DescribeServicesCommand({ cluster: 'pb', services: ['backend'] }),
    )
    expect(out.services?.[0]?.runningCount).toBe(2)
    const alarms = await cw.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }))
    expect(alarms.MetricAlarms).toEqual([])
    await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(Date.now() - 600_000),
        EndTime: new Date(),
        MetricDataQueries: [
          {
            Id: 'm0',
            MetricStat: {
              Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization' },
              Period: 60,
              Stat: 'Average',
            },
          },
        ],
      }),
    )
    await logs.send(new FilterLogEventsCommand({ logGroupName: '/app', filterPattern: 'ERROR' }))
    const ok = aws.calls.filter((c) => c.error === null).map((c) => `${c.service}.${c.operation}`)
    expect(ok).toEqual([
      'ecs.DescribeServices',
      'monitoring.DescribeAlarms',
      'monitoring.GetMetricData',
      'logs.FilterLogEvents',
    ])
    for (const c of [ecs, cw, logs]) c.destroy()
  })

  it('refuses a wrong secret, with each service’s own error', async () => {
    const wrong = { ...TEST_KEYS, secretAccessKey: `${TEST_KEYS.secretAccessKey}x` }
    const ecs = new ECSClient(cfg({ credentials: wrong }))
    const e = await errorOf(
      ecs.send(new DescribeServicesCommand({ cluster: 'pb', services: ['backend'] })),
    )
    expect(e.name).toBe('InvalidSignatureException')
    expect(e.message).toMatch(/signature we calculated does not match/)
    // CloudWatch keeps its awsQuery code (x-amzn-query-error) under the JSON protocol.
    const cw = new CloudWatchClient(cfg({ credentials: wrong }))
    const c = await errorOf(cw.send(new DescribeAlarmsCommand({})))
    expect(c.name).toBe('SignatureDoesNotMatch')
    ecs.destroy()
    cw.destroy()
  })

  it('refuses an access key it does not know', async () => {
    const logs = new CloudWatchLogsClient(
      cfg({ credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' } }),
    )
    const e = await errorOf(logs.send(new FilterLogEventsCommand({ logGroupName: '/app' })))
    expect(e.name).toBe('UnrecognizedClientException')
    logs.destroy()
  })

  it('refuses a request signed for another region', async () => {
    const ecs = new ECSClient(cfg({ region: 'us-east-1' }))
    const e = await errorOf(
      ecs.send(new DescribeServicesCommand({ cluster: 'pb', services: ['backend'] })),
    )
    expect(e.name).toBe('InvalidSignatureException')
    expect(e.message).toMatch(/scoped to a valid region, not 'us-east-1'/)
    ecs.destroy()
  })

  it('refuses a request signed for another service', async () => {
    // Signed as CloudWatch Logs, then presented as an ECS call (the target header is the only
    // thing that tells the fixture which service is meant; it is changed after signing too, so
    // the scope check must speak first).
    const logs = new CloudWatchLogsClient(cfg())
    tamperAfterSigning(logs, (r) => {
      r.headers['x-amz-target'] = 'AmazonEC2ContainerServiceV20141113.DescribeServices'
    })
    const e = await errorOf(logs.send(new FilterLogEventsCommand({ logGroupName: '/app' })))
    expect(e.message).toMatch(/scoped to correct service: 'ecs'/)
    logs.destroy()
  })

  it('refuses a signature dated more than 15 minutes off', async () => {
    const ecs = new ECSClient(cfg({ systemClockOffset: -20 * 60_000 }))
    const e = await errorOf(
      ecs.send(new DescribeServicesCommand({ cluster: 'pb', services: ['backend'] })),
    )
    expect(e.name).toBe('InvalidSignatureException')
    expect(e.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/)
    const late = new ECSClient(cfg({ systemClockOffset: 20 * 60_000 }))
    const l = await errorOf(
      late.send(new DescribeServicesCommand({ cluster: 'pb', services: ['backend'] })),
    )
    expect(l.message).toMatch(/^Signature not yet current/)
    // Within the window it is fine.
    const near = new ECSClient(cfg({ systemClockOffset: -5 * 60_000 }))
    await near.send(new DescribeServicesCommand({ cluster: 'pb', services: ['backend'] }))
    for (const c of [ecs, late, near]) c.destroy()
  })

  it('refuses a body or a signed header changed after signing', async () => {
    const body = new ECSClient(cfg())
    tamperAfterSigning(body, (r) => {
      r.body = JSON.stringify({ cluster: 'pb', services: ['frontend'] })
      r.headers['content-length'] = String(Buffer.byteLength(r.body as string))
    })
    const b = await errorOf(
      body.send(new DescribeServicesCommand({ cluster: 'pb', services: ['backend'] })),
    )
    // The body's hash travels in x-amz-content-sha256: the mismatch is caught there first.
    expect(b.name).toBe('XAmzContentSHA256Mismatch')

    const both = new ECSClient(cfg())
    tamperAfterSigning(both, (r) => {
      r.body = JSON.stringify({ cluster: 'pb', services: ['frontend'] })
      r.headers['content-length'] = String(Buffer.byteLength(r.body as string))
      delete r.headers['x-amz-content-sha256']
    })
    const s = await errorOf(
      both.send(new DescribeServicesCommand({ cluster: 'pb', services: ['backend'] })),
    )
    expect(s.name).toBe('InvalidSignatureException')

    const header = new ECSClient(cfg())
    tamperAfterSigning(header, (r) => {
      // Another second than the signed one (setting :00 would change nothing one time in 60).
      r.headers['x-amz-date'] = r.headers['x-amz-date']!.replace(/(\d\d)Z$/, (_, ss: string) =>
        ss === '00' ? '01Z' : '00Z',
      )
    })
    const h = await errorOf(
      header.send(new DescribeServicesCommand({ cluster: 'pb', services: ['backend'] })),
    )
    expect(h.name).toBe('InvalidSignatureException')
    for (const c of [body, both, header]) c.destroy()
  })

  it('derives the signing key as the published example does', () => {
    // AWS's documented example: secret wJalr…EXAMPLEKEY, 20120215, us-east-1, iam.
    expect(
      signingKey(
        'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
        '20120215',
        'us-east-1',
        'iam',
      ).toString('hex'),
    ).toBe('f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d')
  })
})

// Debian's aws CLI (the awscli package; required in CI): its botocore signer is a second,
// independent check of the fixture. The endpoint is always passed as --endpoint-url: the 2.9 CLI
// Debian ships ignores AWS_ENDPOINT_URL and would call real AWS. Only ECS and Logs are called
// and, for CloudWatch, botocore 2.9 still speaks awsQuery (form-encoded POST, XML replies), which
// the fixture serves beside SDK v3's JSON 1.0, signature checked the same way.
const cliMissing = requireAwsCli()
describe.skipIf(cliMissing !== undefined)(
  `AWS fixture: the aws CLI's own signer${cliMissing ? ` (skipped: ${cliMissing})` : ''}`,
  () => {
    let aws: AwsFixture
    beforeAll(async () => {
      aws = await startAwsFixture({ region: REGION, credentials: [TEST_KEYS] })
      aws.setService('peoplebooster-production', {
        serviceName: 'peoplebooster-backend',
        status: 'ACTIVE',
        desiredCount: 4,
        runningCount: 3,
        pendingCount: 1,
        deployments: [],
      })
      aws.appendLogs('/app', [{ message: 'ERROR cli check', timestamp: Date.now() - 60_000 }])
      aws.setAlarm({
        AlarmName: 'pb-5xx & errors',
        StateValue: 'ALARM',
        StateReason: 'Threshold Crossed: 1 datapoint [12.0] > 5.0',
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'HTTPCode_Target_5XX_Count',
      })
      aws.setAlarm({ AlarmName: 'pb-cpu', StateValue: 'OK', StateReason: 'fine' })
      aws.setMetric(
        {
          namespace: 'AWS/ECS',
          metricName: 'CPUUtilization',
          dimensions: { ClusterName: 'peoplebooster-production', ServiceName: 'backend' },
        },
        87.5,
      )
    })
    afterAll(async () => {
      await aws.stop()
    })

    it('accepts `aws ecs describe-services` and `aws logs filter-log-events` signed by botocore, refuses a wrong secret', async () => {
      const good = writeAwsFiles(
        `[profile pb]\nregion = ${REGION}\n`,
        `[pb]\naws_access_key_id = ${TEST_KEYS.accessKeyId}\naws_secret_access_key = ${TEST_KEYS.secretAccessKey}\n\n[bad]\naws_access_key_id = ${TEST_KEYS.accessKeyId}\naws_secret_access_key = nope\n`,
      )
      try {
        // Only what the CLI needs: no key, profile or endpoint of this process's environment.
        const env = {
          PATH: '/usr/bin:/bin',
          HOME: good.dir,
          ...good.env,
          // The `bad` profile names no region.
          AWS_DEFAULT_REGION: REGION,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_PAGER: '',
        }
        const ecs = [
          'ecs',
          'describe-services',
          '--cluster',
          'peoplebooster-production',
          '--services',
          'peoplebooster-backend',
          '--endpoint-url',
          aws.endpoint,
        ]
        const out = await run(AWS_CLI, ecs, { env: { ...env, AWS_PROFILE: 'pb' } })
        expect(JSON.parse(out.stdout).services[0].runningCount).toBe(3)
        const logs = await run(
          AWS_CLI,
          [
            'logs',
            'filter-log-events',
            '--log-group-name',
            '/app',
            '--filter-pattern',
            'ERROR',
            '--endpoint-url',
            aws.endpoint,
          ],
          { env: { ...env, AWS_PROFILE: 'pb' } },
        )
        expect(
          (JSON.parse(logs.stdout) as { events: { message: string }[] }).events.map(
            (e) => e.message,
          ),
        ).toEqual(['ERROR cli check'])
        const bad = await run(AWS_CLI, ecs, {
          env: { ...env, AWS_PROFILE: 'bad' },
        }).then(
          () => null,
          (e: { stderr: string }) => e.stderr,
        )
        expect(bad).toMatch(/InvalidSignatureException/)
        expect(aws.calls.map((c) => [c.service, c.operation, c.accessKeyId, c.error])).toEqual([
          ['ecs', 'DescribeServices', TEST_KEYS.accessKeyId, null],
          ['logs', 'FilterLogEvents', TEST_KEYS.accessKeyId, null],
          ['ecs', 'DescribeServices', null, 'InvalidSignatureException'],
        ])
      } finally {
        good.remove()
      }
    }, 60_000)

    it('answers `aws cloudwatch describe-alarms` and `get-metric-data` in awsQuery, refuses a wrong secret', async () => {
      const files = writeAwsFiles(
        `[profile pb]\nregion = ${REGION}\n\n[profile bad]\nregion = ${REGION}\n`,
        `[pb]\naws_access_key_id = ${TEST_KEYS.accessKeyId}\naws_secret_access_key = ${TEST_KEYS.secretAccessKey}\n\n[bad]\naws_access_key_id = ${TEST_KEYS.accessKeyId}\naws_secret_access_key = nope\n`,
      )
      try {
        const env = {
          PATH: '/usr/bin:/bin',
          HOME: files.dir,
          ...files.env,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_PAGER: '',
        }
        const cli = async (profile: string, args: string[]) =>
          run(AWS_CLI, [...args, '--endpoint-url', aws.endpoint], {
            env: { ...env, AWS_PROFILE: profile },
          })
        const before = aws.calls.length
        const alarms = JSON.parse(
          (await cli('pb', ['cloudwatch', 'describe-alarms', '--state-value', 'ALARM'])).stdout,
        ) as {
          MetricAlarms: { AlarmName: string; StateValue: string; StateUpdatedTimestamp: string }[]
        }
        expect(alarms.MetricAlarms.map((a) => [a.AlarmName, a.StateValue])).toEqual([
          ['pb-5xx & errors', 'ALARM'],
        ])
        // An XML timestamp, read back by botocore as a date.
        expect(Date.now() - Date.parse(alarms.MetricAlarms[0]!.StateUpdatedTimestamp)).toBeLessThan(
          600_000,
        )
        const end = new Date()
        const data = JSON.parse(
          (
            await cli('pb', [
              'cloudwatch',
              'get-metric-data',
              '--start-time',
              new Date(end.getTime() - 600_000).toISOString(),
              '--end-time',
              end.toISOString(),
              '--metric-data-queries',
              JSON.stringify([
                {
                  Id: 'cpu',
                  MetricStat: {
                    Metric: {
                      Namespace: 'AWS/ECS',
                      MetricName: 'CPUUtilization',
                      Dimensions: [
                        { Name: 'ClusterName', Value: 'peoplebooster-production' },
                        { Name: 'ServiceName', Value: 'backend' },
                      ],
                    },
                    Period: 60,
                    Stat: 'Average',
                  },
                },
                {
                  Id: 'none',
                  MetricStat: {
                    Metric: { Namespace: 'AWS/ECS', MetricName: 'MemoryUtilization' },
                    Period: 60,
                    Stat: 'Average',
                  },
                },
              ]),
            ])
          ).stdout,
        ) as {
          MetricDataResults: { Id: string; Values: number[]; Timestamps: string[] }[]
        }
        expect(data.MetricDataResults.map((r) => [r.Id, r.Values, r.Timestamps.length])).toEqual([
          ['cpu', [87.5], 1],
          ['none', [], 0],
        ])
        const bad = await cli('bad', ['cloudwatch', 'describe-alarms']).then(
          () => null,
          (e: { stderr: string }) => e.stderr,
        )
        expect(bad).toMatch(/\(SignatureDoesNotMatch\)/)
        expect(
          aws.calls.slice(before).map((c) => [c.service, c.operation, c.accessKeyId, c.error]),
        ).toEqual([
          ['monitoring', 'DescribeAlarms', TEST_KEYS.accessKeyId, null],
          ['monitoring', 'GetMetricData', TEST_KEYS.accessKeyId, null],
          ['monitoring', 'DescribeAlarms', null, 'SignatureDoesNotMatch'],
        ])
      } finally {
        files.remove()
      }
    }, 60_000)
  },
)
