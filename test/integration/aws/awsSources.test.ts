// The four AWS metric source kinds in a real Core against the AWS fixture (real wire protocols,
// SigV4 checked), with the responder's AWS files written to a temp folder: CloudWatch values
// from the presets and a threshold crossing onto the open incident's timeline; alarms entering
// and leaving ALARM, each transition once however many polls see it; ECS desired/running and a
// deployment's rollout reported as it starts and as it completes; a Logs filter tail whose
// timeline events are rate-limited and whose live tail keeps every line; a role_arn /
// source_profile chain resolved by the SDK through the fixture's STS, an SSO profile through its
// cached token and the fixture's SSO portal, keys from the environment; wrong or missing
// credentials said in words the responder can act on.
import { createHash } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import {
  cloudWatchPresetQueries,
  type MetricSource,
  type MetricSourceInput,
  type TimelineEvent,
} from '../../../src/shared/contract'
import { startAwsFixture, type AwsFixture, type FixtureService } from '../../helpers/awsFixture'
import { TEST_KEYS, writeAwsFiles, type AwsFiles } from '../../helpers/awsProfiles'
import { startTestCore } from '../../helpers/core'
import { until } from '../../helpers/until'

const REGION = 'ap-northeast-1'
const CLUSTER = 'peoplebooster-production'

describe('AWS sources against the AWS fixture', () => {
  let aws: AwsFixture
  let files: AwsFiles
  let restoreEnv: () => void
  let core: Core
  let incidentId = ''

  beforeAll(async () => {
    aws = await startAwsFixture({ region: REGION, credentials: [TEST_KEYS] })
    files = writeAwsFiles(
      [
        `[profile pb]`,
        `region = ${REGION}`,
        ``,
        `[profile pb-admin]`,
        `role_arn = arn:aws:iam::123456789012:role/IncidentResponder`,
        `source_profile = pb`,
        `role_session_name = sitrep-test`,
        `region = ${REGION}`,
        ``,
        `[profile bad]`,
        `region = ${REGION}`,
        ``,
        `[profile pb-sso]`,
        `sso_session = corp`,
        `sso_account_id = 123456789012`,
        `sso_role_name = IncidentResponder`,
        `region = ${REGION}`,
        ``,
        `[sso-session corp]`,
        `sso_start_url = https://corp.example.awsapps.com/start`,
        `sso_region = ${REGION}`,
        `sso_registration_scopes = sso:account:access`,
        ``,
      ].join('\n'),
      [
        `[pb]`,
        `aws_access_key_id = ${TEST_KEYS.accessKeyId}`,
        `aws_secret_access_key = ${TEST_KEYS.secretAccessKey}`,
        ``,
        `[bad]`,
        `aws_access_key_id = ${TEST_KEYS.accessKeyId}`,
        `aws_secret_access_key = not-the-secret`,
        ``,
        `[noregion]`,
        `aws_access_key_id = ${TEST_KEYS.accessKeyId}`,
        `aws_secret_access_key = ${TEST_KEYS.secretAccessKey}`,
        ``,
      ].join('\n'),
    )
    restoreEnv = files.install()
    core = startTestCore()
    incidentId = core.incidents().incidents.declare({
      title: 'PeopleBooster 5xx',
      severity: 'P2',
      services: ['api'],
      impactScope: 'core',
      detection: 'monitoring-alert',
      description: '',
      actor: 'aiko',
    }).id
  })
  afterAll(async () => {
    core?.close()
    await aws?.stop()
    restoreEnv?.()
    files?.remove()
  })

  const access = () => ({ profile: 'pb', region: '', endpoint: aws.endpoint })
  const save = (source: MetricSourceInput): Promise<MetricSource> => core.metrics().save(source)
  const source = (id: string): MetricSource => core.metrics().get(id)
  const value = (id: string, metric: string): number | undefined =>
    source(id).latest.find((v) => v.metric === metric)?.value
  const events = (kind: string, sourceId?: string): TimelineEvent[] =>
    core.data
      .require()
      .timeline.list(incidentId, { limit: 1000 })
      .filter((e) => e.kind === kind && (!sourceId || e.payload.sourceId === sourceId))
  const polls = (id: string, n: number): Promise<unknown> => {
    // Waits until the source has sampled n more times (each poll stores a new lastSampleAt).
    const seen = new Set<number>()
    return until(() => {
      const at = source(id).status.lastSampleAt
      if (at !== null) seen.add(at)
      return seen.size > n
    }, `${n} polls of ${id}`)
  }

  describe('CloudWatch metrics', () => {
    it('samples the ECS and RDS presets, reports a query with no data, and a crossing reaches the timeline', async () => {
      const ecsDims = { ClusterName: CLUSTER, ServiceName: 'peoplebooster-backend' }
      aws.setMetric(
        { namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: ecsDims },
        42.5,
      )
      aws.setMetric(
        { namespace: 'AWS/ECS', metricName: 'MemoryUtilization', dimensions: ecsDims },
        61,
      )
      const rdsDims = { DBInstanceIdentifier: 'pb-db' }
      aws.setMetric(
        { namespace: 'AWS/RDS', metricName: 'DatabaseConnections', dimensions: rdsDims },
        87,
      )
      aws.setMetric({ namespace: 'AWS/RDS', metricName: 'CPUUtilization', dimensions: rdsDims }, 12)
      const s = await save({
        kind: 'aws-cloudwatch',
        name: 'PeopleBooster dashboard',
        intervalSec: 0.3,
        ...access(),
        queries: [
          ...cloudWatchPresetQueries('ecs-service', {
            cluster: CLUSTER,
            service: 'peoplebooster-backend',
          }),
          ...cloudWatchPresetQueries('rds-instance', { dbInstance: 'pb-db' }),
          {
            metric: 'aws.alb.elb_5xx',
            namespace: 'AWS/ApplicationELB',
            metricName: 'HTTPCode_ELB_5XX_Count',
            dimensions: [{ name: 'LoadBalancer', value: 'app/pb/none' }],
            stat: 'Sum',
          },
        ],
      })
      const id = s.config.id
      await until(() => value(id, 'aws.rds.connections') === 87, 'the RDS connections')
      expect(value(id, 'aws.ecs.cpu_percent')).toBe(42.5)
      expect(value(id, 'aws.ecs.memory_percent')).toBe(61)
      expect(value(id, 'aws.rds.cpu_percent')).toBe(12)
      expect(source(id).status.state).toBe('ok')
      expect(source(id).status.metricErrors).toEqual([
        expect.objectContaining({
          metric: 'aws.alb.elb_5xx',
          error: expect.stringMatching(
            /no AWS\/ApplicationELB HTTPCode_ELB_5XX_Count \(Sum\) datapoint/,
          ),
        }),
      ])
      expect(events('metric.threshold', id)).toEqual([])
      // ECS CPU past the seed's warning line (80 %): one crossing on the timeline.
      aws.setMetric({ namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: ecsDims }, 91)
      await until(() => events('metric.threshold', id).length === 1, 'the CPU crossing')
      await polls(id, 3)
      const [crossing] = events('metric.threshold', id)
      expect(crossing?.payload).toMatchObject({
        metric: 'aws.ecs.cpu_percent',
        from: 'normal',
        to: 'warning',
        value: 91,
        threshold: 80,
      })
      expect(events('metric.threshold', id)).toHaveLength(1)
      await core.metrics().remove(id)
    })
  })

  describe('CloudWatch alarms', () => {
    it('puts each transition into and out of ALARM on the timeline once, however many polls see it', async () => {
      aws.setAlarm({
        AlarmName: 'pb-backend-5xx',
        StateValue: 'ALARM',
        StateReason: 'Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0).',
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'HTTPCode_Target_5XX_Count',
      })
      aws.setAlarm({ AlarmName: 'pb-rds-cpu', StateValue: 'OK', StateReason: 'fine' })
      aws.setAlarm({ AlarmName: 'other-team-alarm', StateValue: 'ALARM', StateReason: 'theirs' })
      const s = await save({
        kind: 'aws-alarms',
        name: 'PeopleBooster alarms',
        intervalSec: 0.3,
        ...access(),
        namePrefix: 'pb-',
      })
      const id = s.config.id
      await until(() => events('aws.alarm', id).length === 1, 'the alarm already firing')
      await polls(id, 4)
      expect(events('aws.alarm', id)).toHaveLength(1)
      expect(events('aws.alarm', id)[0]?.payload).toMatchObject({
        alarm: 'pb-backend-5xx',
        state: 'ALARM',
        atStart: true,
        metricName: 'HTTPCode_Target_5XX_Count',
      })
      expect(value(id, 'aws.alarms.in_alarm')).toBe(1)

      aws.setAlarm({ AlarmName: 'pb-rds-cpu', StateValue: 'ALARM', StateReason: 'CPU > 90' })
      await until(() => events('aws.alarm', id).length === 2, 'the second alarm')
      aws.setAlarm({ AlarmName: 'pb-backend-5xx', StateValue: 'OK', StateReason: 'recovered' })
      await until(() => events('aws.alarm', id).length === 3, 'the first alarm clearing')
      await polls(id, 4)
      const seen = events('aws.alarm', id).map((e) => [e.payload.alarm, e.payload.state])
      expect(seen).toEqual([
        ['pb-backend-5xx', 'ALARM'],
        ['pb-rds-cpu', 'ALARM'],
        ['pb-backend-5xx', 'cleared'],
      ])
      expect(events('aws.alarm', id)[1]?.payload).toMatchObject({
        atStart: false,
        reason: 'CPU > 90',
      })
      expect(value(id, 'aws.alarms.in_alarm')).toBe(1)
      await core.metrics().remove(id)
    })
  })

  describe('ECS services', () => {
    const service = (over: Partial<FixtureService> = {}): FixtureService => ({
      serviceName: 'peoplebooster-backend',
      status: 'ACTIVE',
      desiredCount: 4,
      runningCount: 4,
      pendingCount: 0,
      deployments: [
        {
          id: 'ecs-svc/1000',
          status: 'PRIMARY',
          taskDefinition: `arn:aws:ecs:${REGION}:123456789012:task-definition/peoplebooster-backend:41`,
          desiredCount: 4,
          runningCount: 4,
          pendingCount: 0,
          rolloutState: 'COMPLETED',
          createdAt: Date.now() - 86_400_000,
          updatedAt: Date.now() - 86_000_000,
        },
      ],
      ...over,
    })

    it('samples desired/running/pending, reports a deployment as it starts and completes, and a shortfall crosses', async () => {
      aws.setService(CLUSTER, service())
      const s = await save({
        kind: 'aws-ecs',
        name: 'PeopleBooster ECS',
        intervalSec: 0.3,
        ...access(),
        cluster: CLUSTER,
        services: ['peoplebooster-backend', 'peoplebooster-worker'],
      })
      const id = s.config.id
      await until(() => value(id, 'aws.ecs.running.peoplebooster-backend') === 4, 'running tasks')
      expect(value(id, 'aws.ecs.desired.peoplebooster-backend')).toBe(4)
      expect(value(id, 'aws.ecs.running_percent.peoplebooster-backend')).toBe(100)
      expect(source(id).status.metricErrors).toEqual([
        {
          metric: 'aws.ecs.running.peoplebooster-worker',
          error: `ECS has no service peoplebooster-worker in cluster ${CLUSTER} (MISSING).`,
        },
      ])
      await polls(id, 2)
      // A completed deployment at the first poll is history: nothing on the timeline.
      expect(events('aws.deployment', id)).toEqual([])

      const old = service().deployments[0]!
      const rolling = {
        id: 'ecs-svc/2000',
        status: 'PRIMARY' as const,
        taskDefinition: `arn:aws:ecs:${REGION}:123456789012:task-definition/peoplebooster-backend:42`,
        desiredCount: 4,
        runningCount: 1,
        pendingCount: 3,
        rolloutState: 'IN_PROGRESS' as const,
        rolloutStateReason: 'ECS deployment ecs-svc/2000 in progress.',
        createdAt: Date.now(),
        updatedAt: Date.now(),
      }
      aws.setService(
        CLUSTER,
        service({
          runningCount: 5,
          pendingCount: 3,
          deployments: [rolling, { ...old, status: 'ACTIVE' }],
        }),
      )
      await until(() => events('aws.deployment', id).length === 1, 'the new deployment')
      await polls(id, 3)
      expect(events('aws.deployment', id)).toHaveLength(1)
      expect(events('aws.deployment', id)[0]?.payload).toMatchObject({
        service: 'peoplebooster-backend',
        taskDefinition: 'peoplebooster-backend:42',
        rolloutState: 'IN_PROGRESS',
        change: 'started',
        atStart: false,
      })
      expect(value(id, 'aws.ecs.deployments.peoplebooster-backend')).toBe(2)
      expect(value(id, 'aws.ecs.pending.peoplebooster-backend')).toBe(3)

      aws.setService(
        CLUSTER,
        service({
          runningCount: 1,
          deployments: [
            {
              ...rolling,
              runningCount: 1,
              rolloutState: 'FAILED',
              rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
            },
          ],
        }),
      )
      await until(() => events('aws.deployment', id).length === 2, 'the rollout failing')
      expect(events('aws.deployment', id)[1]?.payload).toMatchObject({
        rolloutState: 'FAILED',
        change: 'state',
        reason: 'ECS deployment circuit breaker: tasks failed to start.',
      })
      // 1 of 4 running: below the default 50 % line.
      await until(
        () =>
          events('metric.threshold', id).some(
            (e) =>
              e.payload.metric === 'aws.ecs.running_percent.peoplebooster-backend' &&
              e.payload.to === 'critical',
          ),
        'the shortfall crossing',
      )
      await core.metrics().remove(id)
    })
  })

  describe('CloudWatch Logs filter', () => {
    it('tails the lines matching ERROR and puts them on the timeline at most once per gap', async () => {
      const group = '/aws/ecs/peoplebooster-production/application'
      aws.createLogGroup(group)
      const s = await save({
        kind: 'aws-logs',
        name: 'application log',
        intervalSec: 0.3,
        ...access(),
        logGroupName: group,
        eventGapSec: 5,
      })
      const id = s.config.id
      await until(() => source(id).status.lastSampleAt !== null, 'the first poll')
      aws.appendLogs(group, [
        'INFO GET /health 200',
        'ERROR db timeout after 30000 ms',
        'WARN slow query',
        'ERROR payment webhook 502',
      ])
      await until(() => events('aws.logs', id).length === 1, 'the first log event')
      expect(events('aws.logs', id)[0]?.payload).toMatchObject({
        logGroup: group,
        filterPattern: 'ERROR',
        count: 2,
        lines: ['ERROR db timeout after 30000 ms', 'ERROR payment webhook 502'],
      })
      // A burst right after, over several polls: counted, but no second event inside the 5 s
      // gap. (Each batch waits for one poll, about a second in all; the gap check is still
      // asserted below from the events' own times if a loaded machine stretches that.)
      const firstAt = events('aws.logs', id)[0]!.at
      for (let i = 0; i < 3; i++) {
        aws.appendLogs(
          group,
          Array.from({ length: 10 }, (_, j) => `ERROR burst ${i}-${j}`),
        )
        await polls(id, 1)
      }
      await polls(id, 1)
      if (Date.now() - firstAt < 4_500) expect(events('aws.logs', id)).toHaveLength(1)
      await until(
        () => events('aws.logs', id).length === 2,
        'the grouped event after the gap',
        10_000,
      )
      const grouped = events('aws.logs', id)[1]?.payload
      expect(grouped).toMatchObject({ count: 30, atLeast: false })
      expect(grouped?.lines).toHaveLength(5)
      expect(events('aws.logs', id)[1]!.at - events('aws.logs', id)[0]!.at).toBeGreaterThanOrEqual(
        5_000,
      )
      // Every line counted once, whatever the overlapping look-back polls saw again.
      const samples = core.metrics().series(id, 'aws.logs.matches', 0, Date.now() + 1, 10_000)
      expect(samples.points.reduce((n, p) => n + p.value, 0)).toBe(32)
      // The live tail has every line, each once, numbered for incremental reads.
      const tail = core.aws.logTail(id, 0)
      expect(tail.lines).toHaveLength(32)
      expect(tail.lines.slice(0, 2).map((l) => l.message)).toEqual([
        'ERROR db timeout after 30000 ms',
        'ERROR payment webhook 502',
      ])
      expect(tail.lines.map((l) => l.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1))
      expect(tail.lastSeq).toBe(32)
      expect(core.aws.logTail(id, 30).lines.map((l) => l.seq)).toEqual([31, 32])
      expect(core.aws.logTail(id, 32).lines).toEqual([])
      await core.metrics().remove(id)
    }, 30_000)
  })

  describe('profiles and credentials', () => {
    beforeEach(() => {
      aws.setService(CLUSTER, {
        serviceName: 'peoplebooster-frontend',
        status: 'ACTIVE',
        desiredCount: 2,
        runningCount: 2,
        pendingCount: 0,
        deployments: [],
      })
    })

    it('resolves a role_arn/source_profile chain through STS AssumeRole, as the SDK does', async () => {
      const s = await save({
        kind: 'aws-ecs',
        name: 'frontend as responder role',
        intervalSec: 0.3,
        profile: 'pb-admin',
        region: '',
        endpoint: aws.endpoint,
        cluster: CLUSTER,
        services: ['peoplebooster-frontend'],
      })
      const id = s.config.id
      await until(() => value(id, 'aws.ecs.running.peoplebooster-frontend') === 2, 'the frontend')
      const role = aws.assumedRoles.at(-1)
      expect(role).toMatchObject({
        roleArn: 'arn:aws:iam::123456789012:role/IncidentResponder',
        roleSessionName: 'sitrep-test',
        callerAccessKeyId: TEST_KEYS.accessKeyId,
      })
      // The ECS calls were signed with the role's temporary key and session token.
      const ecsCalls = aws.calls.filter(
        (c) => c.service === 'ecs' && c.accessKeyId === role?.credentials.accessKeyId,
      )
      expect(ecsCalls.length).toBeGreaterThan(0)
      await core.metrics().remove(id)
    })

    it('resolves an SSO profile from the token `aws sso login` cached, through the SSO portal', async () => {
      // The SDK reads the token where the aws CLI writes it: ~/.aws/sso/cache/<sha1 of the
      // session name>.json under HOME, which the test environment points at a temp folder.
      const cache = join(homedir(), '.aws', 'sso', 'cache')
      mkdirSync(cache, { recursive: true })
      const file = join(cache, `${createHash('sha1').update('corp').digest('hex')}.json`)
      writeFileSync(
        file,
        JSON.stringify({
          startUrl: 'https://corp.example.awsapps.com/start',
          region: REGION,
          accessToken: 'sso-access-token-1',
          expiresAt: new Date(Date.now() + 8 * 3_600_000).toISOString().replace(/\.\d{3}/, ''),
        }),
      )
      try {
        aws.allowSsoRole('sso-access-token-1', '123456789012', 'IncidentResponder')
        const s = await save({
          kind: 'aws-ecs',
          name: 'frontend via SSO',
          intervalSec: 0.3,
          profile: 'pb-sso',
          region: '',
          endpoint: aws.endpoint,
          cluster: CLUSTER,
          services: ['peoplebooster-frontend'],
        })
        await until(
          () => value(s.config.id, 'aws.ecs.running.peoplebooster-frontend') === 2,
          'the frontend via SSO',
        )
        const issued = aws.ssoCredentials.at(-1)
        expect(
          aws.calls.some((c) => c.service === 'ecs' && c.accessKeyId === issued?.accessKeyId),
        ).toBe(true)
        await core.metrics().remove(s.config.id)
      } finally {
        rmSync(file, { force: true })
      }
    })

    it('takes keys from the environment when the source names no profile', async () => {
      process.env.AWS_ACCESS_KEY_ID = TEST_KEYS.accessKeyId
      process.env.AWS_SECRET_ACCESS_KEY = TEST_KEYS.secretAccessKey
      try {
        const s = await save({
          kind: 'aws-ecs',
          name: 'frontend from the environment',
          intervalSec: 0.3,
          profile: '',
          region: REGION,
          endpoint: aws.endpoint,
          cluster: CLUSTER,
          services: ['peoplebooster-frontend'],
        })
        await until(
          () => value(s.config.id, 'aws.ecs.running.peoplebooster-frontend') === 2,
          'the frontend',
        )
        await core.metrics().remove(s.config.id)
      } finally {
        delete process.env.AWS_ACCESS_KEY_ID
        delete process.env.AWS_SECRET_ACCESS_KEY
      }
    })

    it('says which profile AWS refused, and what to do when a profile has no credentials', async () => {
      const bad = await save({
        kind: 'aws-alarms',
        name: 'wrong secret',
        intervalSec: 0.3,
        profile: 'bad',
        region: '',
        endpoint: aws.endpoint,
      })
      await until(() => source(bad.config.id).status.state === 'error', 'the refusal')
      expect(source(bad.config.id).status.lastError).toMatch(
        /^AWS refused the credentials of profile "bad" \(SignatureDoesNotMatch\)/,
      )
      const missing = await save({
        kind: 'aws-alarms',
        name: 'no such profile',
        intervalSec: 0.3,
        profile: 'nobody',
        region: REGION,
        endpoint: aws.endpoint,
      })
      await until(() => source(missing.config.id).status.state === 'error', 'the missing profile')
      expect(source(missing.config.id).status.lastError).toMatch(
        /^No AWS credentials for profile "nobody": .*aws sso login --profile nobody/,
      )
      await core.metrics().remove(bad.config.id)
      await core.metrics().remove(missing.config.id)
    })

    it('says when neither the source nor the profile names a region', async () => {
      const s = await save({
        kind: 'aws-alarms',
        name: 'no region',
        intervalSec: 0.3,
        profile: 'noregion',
        region: '',
        endpoint: aws.endpoint,
      })
      await until(() => source(s.config.id).status.state === 'error', 'the missing region')
      expect(source(s.config.id).status.lastError).toBe(
        'No region for profile "noregion": set one on this source or `region` in the profile.',
      )
      await core.metrics().remove(s.config.id)
    })

    it('uses the region of the profile unless the source names one', async () => {
      const other = await save({
        kind: 'aws-alarms',
        name: 'other region',
        intervalSec: 0.3,
        profile: 'pb',
        region: 'us-east-1',
        endpoint: aws.endpoint,
      })
      await until(() => source(other.config.id).status.state === 'error', 'the region refusal')
      expect(source(other.config.id).status.lastError).toMatch(
        /scoped to a valid region, not 'us-east-1'/,
      )
      await core.metrics().remove(other.config.id)
    })
  })
})
