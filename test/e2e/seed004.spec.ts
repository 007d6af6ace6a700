// Seed 004 (TODO API) end to end: "デプロイ後に問題が発生 — エラー率が10%を超える → 調査より
// ロールバック優先". The responder starts the after-deploy runbook, marks the deploy (v1.2.4) from
// the palette, and the real health check of the API starts answering 500: the rollback rule fires in
// the header's alert stack, in English and Japanese, and its one button presses the runbook's
// rollback step, whose confirmation names the command and the target. The rule's duration is
// shortened to 3 s in the response rules (the seed's 5 minutes is the default).
import { join } from 'node:path'
import { startHttpFixture, type HttpFixture } from '../helpers/services/httpFixture'
import { expect, test } from './fixtures'
import { bridgeCall, declare, startRunbook } from './seedSteps'

const SCREENS = join(process.cwd(), '.tmp', 'screens')
let http: HttpFixture | undefined

test.afterAll(async () => {
  await http?.stop()
})

test('seed 004: a deploy, an error burst, the rollback rule and its step one click away', async ({
  app,
  server,
}) => {
  test.skip(!server, 'sets up the rule and the source over the headless bridge')
  if (!server) return
  http = await startHttpFixture()
  await app.setViewportSize({ width: 1280, height: 800 })
  await declare(app, 'TODO API 5xx after deploy')

  // The rule among the response rules: the seed's numbers by default; the duration shortened
  // to 3 s (0.05 min) so the spec runs in seconds.
  await app.getByTestId('header-more').click()
  await app.getByTestId('open-rules').click()
  const rule = app.getByTestId('rules-rollback')
  await expect(rule.getByTestId('rules-rollback-metric')).toHaveValue('error.rate_percent')
  await expect(rule.getByTestId('rules-rollback-threshold')).toHaveValue('10')
  await expect(rule.getByTestId('rules-rollback-forMin')).toHaveValue('5')
  await expect(rule.getByTestId('rules-rollback-windowMin')).toHaveValue('60')
  await expect(rule.getByTestId('rules-rollback-step')).toHaveValue('rollout-undo')
  await rule.getByTestId('rules-rollback-forMin').fill('0.05')
  await rule.getByTestId('rules-rollback-save').click()
  await expect(rule).toContainText('Saved')
  expect(await bridgeCall(app, server, 'incidents.rollbackRule', {})).toMatchObject({
    forSec: 3,
    thresholdPercent: 10,
  })
  await app.keyboard.press('Escape')
  await expect(rule).toHaveCount(0)
  await bridgeCall(app, server, 'metrics.saveSource', {
    source: {
      kind: 'http',
      name: 'todo-api /health',
      url: http.url,
      checkBody: false,
      intervalSec: 0.5,
      timeoutSec: 2,
    },
  })

  // The seed's section 5: the after-deploy runbook, its values and where it runs.
  const view = await startRunbook(app, 'en/after-deploy')
  await view.getByTestId('runbook-param-deployment').fill('todo-api')
  await view.getByTestId('runbook-param-namespace').fill('production')
  await view.getByTestId('runbook-target-local').check()

  // Mark deploy from the palette: the form opens with the keyboard in its version field.
  await expect(app.getByTestId('mark-deploy')).toBeVisible()
  await app.keyboard.press('Control+Shift+P')
  await expect(app.getByTestId('palette-input')).toBeFocused()
  await app.keyboard.type('mark a deploy')
  await expect(app.getByTestId('palette-option').first()).toHaveAttribute(
    'data-command',
    'deploy.mark',
  )
  await app.keyboard.press('Enter')
  await expect(app.getByTestId('mark-deploy-version')).toBeFocused()
  await app.keyboard.type('v1.2.4')
  await app.keyboard.press('Enter')
  await expect(app.getByTestId('mark-deploy-form')).toHaveCount(0)
  const rows = app.getByTestId('timeline').getByTestId('timeline-row')
  await expect(rows.filter({ hasText: 'Deploy marked by hand — version v1.2.4' })).toHaveCount(1)

  // The error burst: every check a 500; the rate passes 10 % and stays there for the duration.
  http.set({ status: 500 })
  const alert = app.getByTestId('rollback-alert')
  await expect(alert).toBeVisible({ timeout: 20_000 })
  await expect(alert).toContainText('Roll back now')
  await expect(alert).toContainText(/todo-api \/health: error rate [\d.]+ % above 10 % for 3 s/)
  await expect(alert).toContainText('after the deploy v1.2.4')
  const open = alert.getByTestId('rollback-open')
  await expect(open).toHaveText('Roll back: rollout-undo')
  await expect(rows.filter({ hasText: 'the rollback rule says roll back first' })).toHaveCount(1)
  await app.getByTestId('incident-header').screenshot({ path: join(SCREENS, 'rollback-en.png') })

  // One click: the rollback step's own Run, so its confirmation comes first.
  await open.click()
  const dialog = app.getByTestId('runbook-confirm')
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('kubectl rollout undo deployment/todo-api -n production')
  await expect(dialog.getByTestId('runbook-confirm-targets')).toContainText('local')
  await app.screenshot({ path: join(SCREENS, 'rollback-confirm-en.png') })
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toHaveCount(0)

  await app.getByTestId('lang-switch').locator('button[lang="ja"]').click()
  await expect(alert).toContainText('今すぐロールバック')
  await expect(alert).toContainText('ロールバック基準')
  await expect(open).toHaveText('ロールバック: rollout-undo')
  await app.getByTestId('incident-header').screenshot({ path: join(SCREENS, 'rollback-ja.png') })
  // Still one suggestion for this deploy, however long the burst lasts.
  await expect(rows.filter({ hasText: 'ロールバック基準' })).toHaveCount(1)

  // A reloaded window shows it again, read back from the timeline; Dismiss takes it away.
  await app.reload()
  await expect(alert).toBeVisible()
  await expect(alert).toContainText('v1.2.4')
  await alert.getByRole('button', { name: /閉じる|Dismiss/ }).click()
  await expect(alert).toHaveCount(0)
})
