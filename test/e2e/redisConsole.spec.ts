// The Redis source and console end to end against Debian's real redis-server: a production Redis
// source added through the dashboard's form (seed 000's celery queue on its card), its Console
// opens a pane in the grid, a read runs at once, a DEL waits for the source's name and then
// runs, and a password typed after AUTH never shows.
import { createClient } from 'redis'
import { REDIS_REQUIREMENT, startRedis, type RedisServer } from '../helpers/services/redis'
import { requireBinary } from '../helpers/services/require'
import { expect, paneText, test } from './fixtures'

const missing = requireBinary(
  REDIS_REQUIREMENT.name,
  REDIS_REQUIREMENT.path,
  REDIS_REQUIREMENT.aptPackage,
)
let redis: RedisServer

test.beforeAll(async () => {
  if (missing) return
  redis = await startRedis()
  const c = createClient({ socket: { host: redis.host, port: redis.port } })
  c.on('error', () => undefined)
  await c.connect()
  await c.sendCommand(['LPUSH', 'celery', 'task-1', 'task-2', 'task-3'])
  await c.close()
})
test.afterAll(async () => {
  await redis?.stop()
})

test('a production Redis source: the queue on its card, a console that asks before a write', async ({
  app,
}) => {
  test.skip(missing !== undefined, missing)
  await app.getByTestId('metrics-open').click()
  const dashboard = app.getByTestId('metrics-dashboard')
  await dashboard.getByTestId('metrics-add').click()
  const form = dashboard.getByTestId('metric-form')
  await form.getByTestId('metric-form-kind').selectOption('redis')
  await form.getByTestId('metric-form-name').fill('refnet-redis')
  await form.getByTestId('metric-form-host').fill(redis.host)
  await expect(form.getByTestId('metric-form-port')).toHaveValue('6379')
  await form.getByTestId('metric-form-port').fill(String(redis.port))
  await expect(form.getByTestId('metric-form-keys')).toHaveValue('celery')
  await form.getByTestId('metric-form-production').check()
  await form.getByTestId('metric-form-intervalSec').fill('0.5')
  await form.getByTestId('metric-form-save').click()
  await expect(form).toHaveCount(0)

  const card = dashboard.getByTestId('metric-card').filter({ hasText: 'refnet-redis' })
  await expect(card.getByTestId('metric-card-state')).toHaveText('OK', { timeout: 10_000 })
  await expect(card.getByTestId('metric-chart')).toHaveAttribute(
    'data-metric',
    'redis.queue.celery',
  )

  const panes = app.locator('section[data-testid^="pane-"]')
  // The grid (with its local shell) mounts after the timeline's first page: count after it.
  await expect(panes.first()).toBeVisible()
  const before = await panes.count()
  await card.getByTestId('metric-card-console').click()
  await expect(panes).toHaveCount(before + 1)
  await dashboard.getByRole('button', { name: 'Close' }).click()
  const pane = panes.last()
  const channel = Number(/pane-(\d+)/.exec((await pane.getAttribute('data-testid')) ?? '')?.[1])
  // The pane may be narrow: rows are joined back into the lines they wrapped from.
  const text = async () => (await paneText(app, channel)).replace(/\n/g, '')
  await expect.poll(text).toContain('(production)>')
  await pane.locator('.xterm').click()
  await app.keyboard.type('LLEN celery')
  await app.keyboard.press('Enter')
  await expect.poll(text).toContain('(integer) 3')

  await app.keyboard.type('DEL celery')
  await app.keyboard.press('Enter')
  await expect.poll(text).toContain('Type refnet-redis to run it')
  await app.keyboard.type('refnet-redis')
  await app.keyboard.press('Enter')
  await expect.poll(text).toContain('(integer) 1')

  await app.keyboard.type('AUTH someone secret-e2e-pw')
  await expect.poll(text).toMatch(/AUTH \*{7} \*{13}/)
  await app.keyboard.press('Enter')
  await expect.poll(text).toMatch(/WRONGPASS|ERR/)
  expect(await text()).not.toContain('secret-e2e-pw')
})
