// Headless mode refuses pages without the token and sockets from other origins, in a real browser.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, paneText, test } from './fixtures'

test.skip(({ shell }) => shell !== 'chromium', 'the loopback bridge exists only in headless mode')

test('a request without the token, or with a wrong one, is refused', async ({
  server,
  chromiumBrowser,
}) => {
  if (!server) throw new Error('headless server missing')
  const page = await chromiumBrowser.newPage()
  const bare = await page.goto(`http://127.0.0.1:${server.port}/`)
  expect(bare?.status()).toBe(403)
  expect(await page.textContent('body')).toContain('missing or wrong token')
  const wrong = await page.goto(`http://127.0.0.1:${server.port}/?token=not-the-token`)
  expect(wrong?.status()).toBe(403)
  await page.close()
})

test('a page from another origin cannot open the bridge, even knowing the token', async ({
  server,
  chromiumBrowser,
}) => {
  if (!server) throw new Error('headless server missing')
  // A hostile page on another loopback port, as a malicious local web page would be.
  const evil = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<!doctype html><title>evil</title>')
  })
  await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r))
  const evilPort = (evil.address() as AddressInfo).port
  const page = await chromiumBrowser.newPage()
  await page.goto(`http://127.0.0.1:${evilPort}/`)
  const outcome = await page.evaluate(
    ({ port, token }) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${token}`)
        ws.onopen = () => resolve('opened')
        ws.onerror = () => resolve('refused')
        setTimeout(() => resolve('timeout'), 5000)
      }),
    { port: server.port, token: server.token },
  )
  expect(outcome).toBe('refused')
  await page.close()
  evil.close()
})

test('the app page itself connects (control for the refusals above)', async ({ app }) => {
  await expect(app.locator('[data-testid="incident-header"]')).toBeVisible()
  await expect(app.locator('[data-testid^="pane-"]').first()).toBeVisible()
})

test("the page receives the bridge in a worker, off the page's main thread", async ({ app }) => {
  // bridgeSocket.ts falls back to the main thread silently where a worker cannot start; here,
  // under the app's own CSP, it must not have had to.
  await expect(app.locator('[data-testid^="pane-"]').first()).toBeVisible()
  await expect
    .poll(() => app.workers().map((w) => w.url()))
    .toContainEqual(expect.stringMatching(/\/assets\/socketWorker-[\w-]+\.js$/))
  // And the panes' bytes come through it: the first pane's shell printed its prompt.
  await expect.poll(() => paneText(app)).toMatch(/[#$]/)
})
