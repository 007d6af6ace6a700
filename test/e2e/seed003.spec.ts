// Seed 003 (PeopleBooster, AWS) end to end, in Japanese, against the AWS fixture (the real wire
// protocols, every request's SigV4 checked) and a real HTTP health endpoint answering the
// seed's JSON shape: the seed file itself is imported from disk, its log check (`aws logs
// filter-log-events … --filter-pattern "ERROR"`, then the error group) runs on the production
// AWS profile target and returns the fixture's lines; the CloudWatch alarm in ALARM lands on the
// timeline, ECS running below desired and the failing health check are header alerts, and the
// seed's 【P1インシデント発生】 declaration template is drafted and posted.
// Debian's aws CLI predates AWS_ENDPOINT_URL: test/helpers/awsCli.ts puts a loopback-only
// `aws` first on PATH that passes the profile target's endpoint (as seed003.test.ts does).
import { installLoopbackAwsCli, requireAwsCli, type LoopbackAwsCli } from '../helpers/awsCli'
import { startAwsFixture, type AwsFixture } from '../helpers/awsFixture'
import { TEST_KEYS, writeAwsFiles, type AwsFiles } from '../helpers/awsProfiles'
import { startHttpFixture, type HttpFixture } from '../helpers/services/httpFixture'
import { expect, test } from './fixtures'
import { bridgeCall, declare, seedsMissing, seedText, startRunbook } from './seedSteps'

const REGION = 'ap-northeast-1'
const CLUSTER = 'peoplebooster-production'
const APP_GROUP = '/aws/ecs/peoplebooster-production/application'
const ERROR_GROUP = '/aws/ecs/peoplebooster-production/error'
const missing = seedsMissing() ?? requireAwsCli()

let aws: AwsFixture | undefined
let http: HttpFixture | undefined
let files: AwsFiles | undefined
let cli: LoopbackAwsCli | undefined
let restoreEnv: (() => void) | undefined

test.beforeAll(async () => {
  if (missing) return
  ;[aws, http] = await Promise.all([
    startAwsFixture({ region: REGION, credentials: [TEST_KEYS] }),
    // The seed's health JSON, with the database check failing.
    startHttpFixture({
      status: 503,
      body: JSON.stringify({
        status: 'unhealthy',
        checks: {
          database: { status: 'unhealthy' },
          redis: { status: 'healthy' },
          externalServices: { status: 'healthy' },
        },
      }),
    }),
  ])
  aws.setService(CLUSTER, {
    serviceName: 'peoplebooster-backend',
    status: 'ACTIVE',
    desiredCount: 4,
    runningCount: 1,
    pendingCount: 3,
    deployments: [],
  })
  aws.setAlarm({
    AlarmName: 'peoplebooster-alb-5xx',
    StateValue: 'ALARM',
    StateReason: 'Threshold Crossed: 1 datapoint [57.0] was greater than the threshold (10.0).',
    Namespace: 'AWS/ApplicationELB',
    MetricName: 'HTTPCode_Target_5XX_Count',
  })
  aws.appendLogs(APP_GROUP, [
    { message: 'INFO GET /api/diagnosis 200', timestamp: Date.now() - 5 * 60_000 },
    { message: 'ERROR diagnosis save failed: deadlock', timestamp: Date.now() - 4 * 60_000 },
  ])
  aws.appendLogs(ERROR_GROUP, [{ message: 'Traceback: TimeoutError', timestamp: Date.now() }])
  files = writeAwsFiles(
    `[profile peoplebooster]\nregion = ${REGION}\n`,
    `[peoplebooster]\naws_access_key_id = ${TEST_KEYS.accessKeyId}\naws_secret_access_key = ${TEST_KEYS.secretAccessKey}\n`,
  )
  // The headless server is started per test with this process's environment.
  restoreEnv = files.install()
  cli = installLoopbackAwsCli()
})
test.afterAll(async () => {
  await Promise.all([aws?.stop(), http?.stop()])
  restoreEnv?.()
  cli?.restore()
  files?.remove()
})

test('seed 003: the log check on the AWS profile, alarm, ECS and health alerts, the P1 template', async ({
  app,
  server,
}) => {
  test.skip(missing !== undefined || !server, missing ?? 'sets up over the headless bridge')
  if (!server || !aws || !http) return
  await app.getByTestId('lang-switch').locator('button[lang="ja"]').click()
  await declare(app, 'PeopleBooster: 診断機能が動作しない', 'P1')

  const common = { profile: 'peoplebooster', region: '', endpoint: aws.endpoint }
  await bridgeCall(app, server, 'aws.saveProfile', {
    name: 'peoplebooster-production',
    ...common,
    tags: ['production'],
  })
  for (const source of [
    { kind: 'aws-alarms', name: 'PeopleBooster alarms', ...common },
    {
      kind: 'aws-ecs',
      name: 'PeopleBooster ECS',
      ...common,
      cluster: CLUSTER,
      services: ['peoplebooster-backend'],
    },
    { kind: 'http', name: 'api /health', url: http.url, checkBody: true },
  ]) {
    await bridgeCall(app, server, 'metrics.saveSource', {
      source: { intervalSec: 0.5, timeoutSec: 3, ...source },
    })
  }

  // The seed file as it is, through the import panel's file picker.
  const checklist = app.getByTestId('checklist')
  await checklist.getByTestId('runbook-import-open').click()
  await checklist.getByTestId('runbook-import-text').fill(seedText('003'))
  await checklist.getByTestId('runbook-import-source').fill('peoplebooster-incident.md')
  await checklist.getByTestId('runbook-import-submit').click()
  const summary = checklist.getByTestId('runbook-import-outcome')
  await expect(summary).toContainText('ja/')
  const runbookId = /\b(ja\/[\w.-]+)/.exec(await summary.innerText())?.[1] ?? ''
  const view = await startRunbook(app, runbookId)
  await view
    .locator('[data-testid="runbook-target-aws"][data-name="peoplebooster-production"]')
    .check()
  const logCheck = view
    .getByTestId('runbook-command')
    .filter({ hasText: '--filter-pattern "ERROR"' })
  await logCheck.getByTestId('runbook-run').click()
  // Reads only: no confirmation on the production profile.
  const out = logCheck.getByTestId('runbook-result-stdout')
  await expect(out).toContainText('ERROR diagnosis save failed: deadlock', { timeout: 20_000 })
  await expect(out).toContainText('Traceback: TimeoutError')
  await expect(out).not.toContainText('INFO GET /api/diagnosis')
  await expect(logCheck.getByTestId('runbook-result-exit')).toHaveText('終了コード 0')

  const rows = app.getByTestId('timeline').getByTestId('timeline-row')
  await expect(rows.filter({ hasText: 'peoplebooster-alb-5xx' })).toContainText('ALARM')
  const alerts = app.getByTestId('metric-alert')
  await expect(
    alerts.filter({ hasText: 'aws.ecs.running_percent.peoplebooster-backend' }),
  ).toHaveClass(/level-critical/)
  await expect(alerts.filter({ hasText: 'api /health: error.rate_percent' })).toBeVisible()
  expect(aws.calls.every((c) => c.error === null)).toBe(true)

  // The seed's declaration message, drafted from the incident.
  await app.getByTestId('open-status-update').click()
  const composer = app.getByTestId('status-update')
  await composer.getByTestId('su-template-declaration').click()
  const text = composer.getByTestId('su-text')
  await expect(text).toHaveValue(/^【P1インシデント発生】/)
  await expect(text).toHaveValue(/症状: PeopleBooster: 診断機能が動作しない/)
  await composer.getByTestId('su-post').click()
  await expect(rows.filter({ hasText: '【P1インシデント発生】' })).toHaveCount(1)
})
