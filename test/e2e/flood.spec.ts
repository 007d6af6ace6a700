// A flood in one pane while the responder works in another, end to end: `cat /dev/urandom |
// base64` on a real sshd fills one pane; a local shell beside it still runs what is typed, the
// window keeps painting, and Ctrl-C stops the flood with the shell usable again.
import type { Page } from '@playwright/test'
import { startSshd, type Sshd } from '../helpers/services/sshd'
import { expect, paneChannel, paneRows as rows, paneTail, paneText, test } from './fixtures'
import { openKeyHost } from './hosts'

/** Counts animation frames in the page from now on. */
async function countFrames(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number }
    w.__frames = 0
    const tick = (): void => {
      w.__frames++
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
  return () => page.evaluate(() => (window as unknown as { __frames: number }).__frames)
}

test('a flood in one SSH pane: another pane still runs what is typed, Ctrl-C stops it at once', async ({
  app,
}) => {
  test.setTimeout(90_000)
  let sshd: Sshd | undefined
  try {
    sshd = await startSshd()
    // The local shell that opens by itself is the quiet pane.
    const first = app.locator('[data-testid^="pane-"]').first()
    await expect(first).toBeVisible()
    const quiet = await paneChannel(first)
    const quietPane = app.getByTestId(`pane-${quiet}`)
    await expect.poll(() => paneText(app, quiet)).toMatch(/\S/)
    const flooding = await openKeyHost(app, sshd, 'flood-host')
    await expect.poll(() => paneText(app, flooding)).toMatch(/\S/)
    const floodPane = app.getByTestId(`pane-${flooding}`)

    await floodPane.locator('.xterm').click()
    await app.keyboard.type('cat /dev/urandom | base64')
    await app.keyboard.press('Enter')
    // base64 prints full rows of 76 characters; the tail keeps moving while the flood runs.
    await expect.poll(() => paneTail(app, flooding)).toMatch(/[A-Za-z0-9+/]{76}/)
    const before = await paneTail(app, flooding)
    await expect.poll(() => paneTail(app, flooding)).not.toBe(before)

    // Typing in the quiet pane during the flood.
    const frames = await countFrames(app)
    await quietPane.locator('.xterm').click()
    await app.keyboard.type('echo calm-$((8*8))')
    await app.keyboard.press('Enter')
    await expect.poll(() => rows(app, quiet)).toContain('calm-64')
    // The window kept painting (a frozen page counts none) and the flood is still going.
    await app.waitForTimeout(1000)
    expect(await frames()).toBeGreaterThan(10)
    const during = await paneTail(app, flooding)
    await expect.poll(() => paneTail(app, flooding)).not.toBe(during)

    // Ctrl-C goes straight to the host; what was already on its way drains and the prompt is back.
    await floodPane.locator('.xterm').click()
    const pressed = Date.now()
    await app.keyboard.press('Control+c')
    await app.keyboard.type('echo stopped-$((5+5))')
    await app.keyboard.press('Enter')
    await expect.poll(() => rows(app, flooding), { timeout: 15_000 }).toContain('stopped-10')
    const stoppedMs = Date.now() - pressed
    // Nothing more arrives: the flood really ended (the prompt after the echo may still land).
    await app.waitForTimeout(300)
    const settled = await paneTail(app, flooding)
    await app.waitForTimeout(500)
    expect(await paneTail(app, flooding)).toBe(settled)
    expect(await rows(app, quiet)).toContain('calm-64')
    console.log(`flood: Ctrl-C to the next command's output in the flooded pane: ${stoppedMs} ms`)
  } finally {
    await sshd?.stop()
  }
})
