// Recording replay in the app: a session's recorded output plays back into an xterm.js in the
// Recordings sheet, with play/pause, speed and seek.
import { expect, paneText, test } from './fixtures'

const replayText = (app: import('@playwright/test').Page): Promise<string> =>
  app.getByTestId('replay-term').locator('.xterm-rows').innerText()

test('a recorded session replays its output; seek back to the start and play again', async ({
  app,
}) => {
  await expect(app.locator('section[data-testid^="pane-"]').first()).toBeVisible()
  await expect.poll(() => paneText(app)).toMatch(/\S/)
  await app.locator('section[data-testid^="pane-"] .xterm').first().click()
  await app.keyboard.type('echo replay-$((6*7))-marker; printf "\\033[32mgreen-line\\033[0m\\n"')
  await app.keyboard.press('Enter')
  await expect.poll(() => paneText(app)).toContain('replay-42-marker')
  // The recorder commits every 250 ms: wait for it rather than racing it.
  await app.waitForTimeout(600)

  await app.getByTestId('replay-toggle').click()
  await expect(app.getByTestId('replay-panel')).toBeVisible()
  const rows = app.getByTestId('recording-row')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('still open')
  await rows.first().getByTestId('recording-play').click()

  await expect(app.getByTestId('replay-view')).toBeVisible()
  await expect.poll(() => replayText(app), { timeout: 15_000 }).toContain('replay-42-marker')
  await expect.poll(() => replayText(app)).toContain('green-line')
  // Colours come through as terminal attributes: the row is the text alone, no escape left.
  const lines = (await replayText(app)).split('\n').map((l) => l.trim())
  expect(lines).toContain('green-line')
  await expect(app.getByTestId('replay-ended')).toBeVisible()

  // Back to the start: the terminal is rebuilt from nothing, then plays to the end again.
  await app.getByTestId('replay-seek').fill('0')
  await expect.poll(() => replayText(app)).not.toContain('replay-42-marker')
  await app.getByTestId('replay-speed').selectOption('16')
  await app.getByTestId('replay-play').click()
  await expect.poll(() => replayText(app), { timeout: 15_000 }).toContain('replay-42-marker')

  await app.getByTestId('replay-back').click()
  await expect(app.getByTestId('recording-list')).toBeVisible()
})
