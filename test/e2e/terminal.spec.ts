import { expect, paneRows, paneText, test } from './fixtures'

test('a local shell pane opens by itself and runs what the responder types', async ({ app }) => {
  const pane = app.locator('[data-testid^="pane-"]').first()
  await expect(pane).toBeVisible()
  await expect.poll(() => paneText(app)).toMatch(/\S/) // the shell printed its prompt
  await pane.locator('.xterm').click()
  await app.keyboard.type('echo hello-$((40+2))-sitrep')
  await app.keyboard.press('Enter')
  // The output line (not the echoed command line) proves the bytes went through the shell.
  await expect.poll(() => paneRows(app)).toContain('hello-42-sitrep')
})

test('the terminal survives a reload: the pane reattaches and replays its output', async ({
  app,
}) => {
  const pane = app.locator('[data-testid^="pane-"]').first()
  await expect(pane).toBeVisible()
  await expect.poll(() => paneText(app)).toMatch(/\S/)
  await pane.locator('.xterm').click()
  await app.keyboard.type('echo before-$((1+1))-reload')
  await app.keyboard.press('Enter')
  await expect.poll(() => paneText(app)).toContain('before-2-reload')
  await app.reload()
  await expect(app.locator('[data-testid^="pane-"]')).toHaveCount(1)
  await expect.poll(() => paneText(app)).toContain('before-2-reload')
})
