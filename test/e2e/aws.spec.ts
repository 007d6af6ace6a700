// AWS in the browser, against the AWS fixture (real wire protocols, SigV4 checked) with the
// responder's AWS files in a temp folder the headless server inherits: an ECS source added
// through the dashboard's form samples its service; a CloudWatch Logs source shows the matching
// lines in its live tail; an AWS profile saved in the hosts sheet is a target in the runbook
// picker, and a command run on it comes back under its name.
import { startAwsFixture, type AwsFixture } from '../helpers/awsFixture'
import { TEST_KEYS, writeAwsFiles, type AwsFiles } from '../helpers/awsProfiles'
import { expect, test } from './fixtures'

const REGION = 'ap-northeast-1'
const CLUSTER = 'peoplebooster-production'
const GROUP = '/aws/ecs/peoplebooster-production/application'

let aws: AwsFixture
let files: AwsFiles
let restoreEnv: () => void

test.beforeAll(async () => {
  aws = await startAwsFixture({ region: REGION, credentials: [TEST_KEYS] })
  aws.setService(CLUSTER, {
    serviceName: 'peoplebooster-backend',
    status: 'ACTIVE',
    desiredCount: 4,
    runningCount: 2,
    pendingCount: 2,
    deployments: [],
  })
  aws.createLogGroup(GROUP)
  files = writeAwsFiles(
    `[profile pb]\nregion = ${REGION}\n`,
    `[pb]\naws_access_key_id = ${TEST_KEYS.accessKeyId}\naws_secret_access_key = ${TEST_KEYS.secretAccessKey}\n`,
  )
  // The headless server is started per test with this process's environment.
  restoreEnv = files.install()
})
test.afterAll(async () => {
  await aws?.stop()
  restoreEnv?.()
  files?.remove()
})

test('AWS sources on the dashboard and an AWS profile as a runbook target', async ({ app }) => {
  test.setTimeout(90_000)
  await app.getByTestId('metrics-open').click()
  const dashboard = app.getByTestId('metrics-dashboard')
  await expect(dashboard).toBeVisible()

  // ECS service: desired vs running, through the profile named in the form.
  await dashboard.getByTestId('metrics-add').click()
  let form = dashboard.getByTestId('metric-form')
  await form.getByTestId('metric-form-kind').selectOption('aws-ecs')
  await form.getByTestId('metric-form-name').fill('PeopleBooster ECS')
  await form.getByTestId('metric-form-intervalSec').fill('0.5')
  await expect(form.getByText('Profiles in your AWS files: pb')).toBeVisible()
  await form.getByTestId('metric-form-profile').fill('pb')
  await form.getByTestId('metric-form-endpoint').fill(aws.endpoint)
  await form.getByTestId('metric-form-cluster').fill(CLUSTER)
  await form.getByTestId('metric-form-services').fill('peoplebooster-backend')
  await form.getByTestId('metric-form-save').click()
  await expect(form).toHaveCount(0)
  const ecs = dashboard.getByTestId('metric-card').filter({ hasText: 'PeopleBooster ECS' })
  await expect(ecs.getByTestId('metric-card-state')).toHaveText('OK', { timeout: 15_000 })
  await expect(ecs.getByTestId('metric-chart')).toHaveAttribute(
    'data-metric',
    'aws.ecs.running_percent.peoplebooster-backend',
  )

  // CloudWatch Logs: the live tail under the chart.
  await dashboard.getByTestId('metrics-add').click()
  form = dashboard.getByTestId('metric-form')
  await form.getByTestId('metric-form-kind').selectOption('aws-logs')
  await form.getByTestId('metric-form-name').fill('application log')
  await form.getByTestId('metric-form-intervalSec').fill('0.5')
  await form.getByTestId('metric-form-profile').fill('pb')
  await form.getByTestId('metric-form-endpoint').fill(aws.endpoint)
  await form.getByTestId('metric-form-logGroupName').fill(GROUP)
  await form.getByTestId('metric-form-save').click()
  await expect(form).toHaveCount(0)
  const logs = dashboard.getByTestId('metric-card').filter({ hasText: 'application log' })
  await expect(logs.getByTestId('metric-card-state')).toHaveText('OK', { timeout: 15_000 })
  aws.appendLogs(GROUP, ['INFO GET /health 200', 'ERROR diagnosis save failed: deadlock'])
  const tail = logs.getByTestId('aws-log-tail')
  await expect(tail).toContainText('ERROR diagnosis save failed: deadlock', { timeout: 15_000 })
  await expect(tail).not.toContainText('INFO GET /health')
  await app.keyboard.press('Escape')
  await expect(dashboard).toHaveCount(0)

  // An AWS profile saved in the hosts sheet.
  await app.getByTestId('hosts-toggle').click()
  const panel = app.getByTestId('hosts-panel')
  await panel.getByTestId('aws-profile-add').click()
  const pf = panel.getByTestId('aws-profile-form')
  await pf.getByTestId('aws-profile-profile').fill('pb')
  await pf.getByTestId('aws-profile-region').fill(REGION)
  await pf.getByTestId('aws-profile-name').fill('PeopleBooster staging')
  await pf.getByTestId('aws-profile-save').click()
  const row = panel.getByTestId('aws-profile-row')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('PeopleBooster staging')
  await expect(row).toContainText(`pb · ${REGION}`)
  await app.getByTestId('hosts-toggle').click()
  await expect(panel).toHaveCount(0)

  // The profile in the runbook target picker: a command runs on it and answers under its name.
  await app.getByTestId('declare-incident').click()
  await app.getByTestId('declare-title').fill('PeopleBooster 5xx')
  await app.getByTestId('declare-severity-P2').check()
  await app.getByTestId('declare-services').fill('api')
  await app.getByTestId('declare-submit').click()
  await expect(app.getByTestId('incident-title')).toContainText('PeopleBooster 5xx')
  const checklist = app.getByTestId('checklist')
  await checklist.getByTestId('runbook-select').selectOption('en/database-unreachable')
  await checklist.getByTestId('runbook-start').click()
  const view = checklist.locator('[data-runbook="en/database-unreachable"]')
  await view
    .locator('[data-testid="runbook-target-aws"][data-name="PeopleBooster staging"]')
    .check()
  const command = view.locator('[data-command="db-port-check"]')
  await command.getByTestId('runbook-step-param-db_host').fill('127.0.0.1')
  await command.getByTestId('runbook-run').click()
  const result = command.locator(
    '[data-testid="runbook-result"][data-target="PeopleBooster staging"]',
  )
  await expect(result.getByTestId('runbook-result-exit')).toHaveText(/^exit \d+$/, {
    timeout: 20_000,
  })
})
