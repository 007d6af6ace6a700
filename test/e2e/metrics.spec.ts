// Metrics end to end: a health check added through the dashboard's form against an HTTP server
// this spec runs; its chart fills and moves as samples arrive, threshold bands are drawn, the
// strip tile shows the latest value, and 500s raise a critical alert with a severity suggestion.
// A host source on an SSH host (real sshd) puts CPU/memory sparklines in that host's pane bar.
import { startHttpFixture, type HttpFixture } from '../helpers/services/httpFixture'
import { startSshd } from '../helpers/services/sshd'
import { expect, test } from './fixtures'
import { hostPane, openKeyHost } from './hosts'

let api: HttpFixture

test.beforeAll(async () => {
  // Latency that changes from request to request, so the line visibly moves.
  api = await startHttpFixture({ delayMs: (n) => (n * 37) % 120 })
})
test.afterAll(async () => {
  await api?.stop()
})

test('the dashboard shows a live chart that moves, and alerts on a critical error rate', async ({
  app,
}) => {
  await expect(app.getByTestId('metrics')).toBeVisible()
  await app.getByTestId('metrics-open').click()
  const dashboard = app.getByTestId('metrics-dashboard')
  await expect(dashboard).toBeVisible()
  await dashboard.getByTestId('metrics-add').click()

  const form = dashboard.getByTestId('metric-form')
  await form.getByTestId('metric-form-kind').selectOption('http')
  await form.getByTestId('metric-form-name').fill('todo-api /health')
  await form.getByTestId('metric-form-url').fill(api.url)
  await form.getByTestId('metric-form-intervalSec').fill('0.5')
  await form.getByTestId('metric-form-timeoutSec').fill('2')
  await form.getByTestId('metric-form-save').click()
  await expect(form).toHaveCount(0)

  const card = dashboard.getByTestId('metric-card').filter({ hasText: 'todo-api /health' })
  await expect(card).toBeVisible()
  await expect(card.getByTestId('metric-card-state')).toHaveText('OK', { timeout: 10_000 })
  await dashboard.getByTestId('metrics-window').selectOption(String(5 * 60_000))
  const chart = card.getByTestId('metric-chart')
  await expect(chart).toHaveAttribute('data-metric', 'http.latency_ms')
  await expect
    .poll(async () => Number(await chart.getAttribute('data-points')), { timeout: 15_000 })
    .toBeGreaterThan(3)
  const lastAt = Number(await chart.getAttribute('data-last-at'))
  // The chart moves: a later sample becomes its right-most point, and the line is drawn.
  await expect
    .poll(async () => Number(await chart.getAttribute('data-last-at')), { timeout: 10_000 })
    .toBeGreaterThan(lastAt)
  const path = chart.locator('.recharts-line-curve')
  await expect(path).toHaveCount(1)
  const d1 = await path.getAttribute('d')
  await expect.poll(() => path.getAttribute('d'), { timeout: 10_000 }).not.toBe(d1)
  // Seed 004's latency lines as bands behind the line.
  await expect(chart.locator('.recharts-reference-area')).toHaveCount(2)

  // A long name shortens inside its card: the card's buttons stay inside the card.
  await dashboard.getByTestId('metrics-add').click()
  const longName = `checkout-${'x'.repeat(80)}-health`
  await form.getByTestId('metric-form-kind').selectOption('http')
  await form.getByTestId('metric-form-name').fill(longName)
  await form.getByTestId('metric-form-url').fill(api.url)
  await form.getByTestId('metric-form-save').click()
  await expect(form).toHaveCount(0)
  const longCard = dashboard.getByTestId('metric-card').filter({ hasText: 'checkout-xxx' })
  const cardBox = await longCard.boundingBox()
  const lastButton = await longCard.locator('.metric-card-tools button').last().boundingBox()
  if (!cardBox || !lastButton) throw new Error('no card or button box')
  expect(lastButton.x + lastButton.width).toBeLessThanOrEqual(cardBox.x + cardBox.width)

  const tile = app.getByTestId('metric-tile').filter({ hasText: 'todo-api /health' })
  await expect(tile.getByTestId('metric-tile-value').first()).toHaveText(/\d/)

  // The backend starts failing: error rate goes critical → a loud alert suggesting severity.
  api.set({ status: 500, body: '{"status":"unhealthy"}' })
  const alert = app.getByTestId('metric-alert').filter({ hasText: 'error.rate_percent' }).first()
  await expect(alert).toBeVisible({ timeout: 15_000 })
  await expect(alert).toHaveClass(/level-critical/)
  await expect(alert.getByTestId('metric-alert-suggest')).toBeVisible()
  api.set({ status: 200, body: '{"status":"healthy","checks":{}}' })
})

test('an SSH pane shows CPU and memory sparklines once its host has a host source', async ({
  app,
}) => {
  const sshd = await startSshd()
  try {
    const name = 'web-1-e2e'
    await openKeyHost(app, sshd, name)
    const pane = hostPane(app, name)
    await expect(pane.getByTestId('pane-sparkline')).toHaveCount(0)

    await app.getByTestId('metrics-open').click()
    const dashboard = app.getByTestId('metrics-dashboard')
    await dashboard.getByTestId('metrics-add').click()
    const mf = dashboard.getByTestId('metric-form')
    await mf.getByTestId('metric-form-kind').selectOption('host')
    await mf.getByTestId('metric-form-name').fill(name)
    await mf
      .getByTestId('metric-form-targetId')
      .selectOption({ label: `${name} (${sshd.user}@${sshd.host})` })
    await mf.getByTestId('metric-form-intervalSec').fill('0.5')
    await mf.getByTestId('metric-form-save').click()
    await expect(mf).toHaveCount(0)
    await app.getByTestId('metrics-open').click()
    await expect(dashboard).toHaveCount(0)

    const spark = pane.getByTestId('pane-sparkline')
    await expect(spark).toBeVisible({ timeout: 15_000 })
    await expect(spark.getByTestId('sparkline')).toHaveCount(2, { timeout: 15_000 })
    await expect(spark).toHaveAttribute('title', /CPU \d.*%/)
  } finally {
    await sshd.stop()
  }
})

test('thresholds are edited in the dashboard, kept across a reload, and lines out of order are refused', async ({
  app,
}) => {
  await app.getByTestId('metrics-open').click()
  const dashboard = app.getByTestId('metrics-dashboard')
  await dashboard.getByTestId('metrics-thresholds').click()
  const editor = dashboard.getByTestId('threshold-editor')
  const cpu = editor
    .getByTestId('threshold-row')
    .filter({ has: app.locator('input[value="cpu.percent"]') })
  await expect(cpu.getByTestId('threshold-critical')).toHaveValue('95')
  await cpu.getByTestId('threshold-critical').fill('90')
  await editor.getByTestId('threshold-save').click()
  await expect(editor).toContainText(/Thresholds saved|しきい値を保存しました/)

  // Warning above critical: refused with the reason, and what was typed stays in the form.
  await cpu.getByTestId('threshold-warning').fill('99')
  await editor.getByTestId('threshold-save').click()
  await expect(editor.getByTestId('threshold-error')).toContainText(/in order/)
  await expect(cpu.getByTestId('threshold-warning')).toHaveValue('99')

  await app.reload()
  await app.getByTestId('metrics-open').click()
  await app.getByTestId('metrics-thresholds').click()
  const again = app
    .getByTestId('threshold-row')
    .filter({ has: app.locator('input[value="cpu.percent"]') })
  await expect(again.getByTestId('threshold-critical')).toHaveValue('90')
  await expect(again.getByTestId('threshold-warning')).toHaveValue('80')
})
