// Chat notifications in Chromium (#18): from the header's More menu the responder adds a Slack
// channel (the URL typed into a password field and never shown again, only its host), sends a
// test message that a loopback receiver gets, declares an incident and sees the declaration
// sent: "sent" in the panel's deliveries and a "Chat notification" row on the timeline.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { declare } from './seedSteps'
import { expect, test } from './fixtures'

test.skip(({ shell }) => shell !== 'chromium', 'one browser covers the panel')

let receiver: Server
const bodies: string[] = []
let url = ''

test.beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      bodies.push(body)
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()))
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/services/T1/B2/e2e-secret-token`
})
test.afterAll(async () => {
  receiver.closeAllConnections()
  await new Promise<void>((r) => receiver.close(() => r()))
})

test('add a channel, send a test message, a declaration is sent and shown', async ({ app }) => {
  await declare(app, 'Checkout 5xx')
  await app.getByTestId('header-more').click()
  await app.getByTestId('open-notify').click()
  const panel = app.getByTestId('notify-panel')
  await expect(panel).toBeVisible()
  await expect(panel.getByTestId('notify-none')).toBeVisible()
  await panel.getByTestId('notify-name').fill('#inc-checkout')
  await panel.getByTestId('notify-type').selectOption('slack')
  await panel.getByTestId('notify-url').fill(url)
  await panel.getByTestId('notify-lang').selectOption('ja')
  await panel.getByTestId('notify-add-submit').click()
  const channel = panel.getByTestId('notify-channel')
  await expect(channel).toContainText('#inc-checkout')
  await expect(channel).toContainText(new URL(url).host)
  // The URL field is emptied, and the secret path is nowhere in the page.
  await expect(panel.getByTestId('notify-url')).toHaveValue('')
  await channel.getByTestId('notify-test').click()
  await expect(channel.getByTestId('notify-test-result')).toContainText('HTTP 200')
  expect(bodies.at(-1)).toContain('Sitrep テスト通知')
  expect(await app.content()).not.toContain('e2e-secret-token')
  await app.screenshot({ path: join('test-results', 'notify-panel.png') })
  await panel.getByTestId('notify-close').click()

  await declare(app, 'Payments slow', 'P3')
  await expect(
    app.locator('[data-testid="timeline-row"][data-kind="notify.delivery"]').last(),
  ).toContainText(': sent', { timeout: 10_000 })
  expect(bodies.at(-1)).toContain('【P3インシデント発生】 Payments slow')
  await app.getByTestId('header-more').click()
  await app.getByTestId('open-notify').click()
  await expect(panel.getByTestId('notify-delivery').first()).toHaveAttribute('data-state', 'sent')
  await app.screenshot({ path: join('test-results', 'notify-timeline.png') })
})
