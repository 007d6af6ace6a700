// Metrics end to end: a health check added through the dashboard's form against an HTTP server
// this spec runs; its chart fills and moves as samples arrive, threshold bands are drawn, the
// strip tile shows the latest value, and 500s raise a critical alert with a severity suggestion.
import { startHttpFixture, type HttpFixture } from '../helpers/services/httpFixture'
import { expect, test } from './fixtures'

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
