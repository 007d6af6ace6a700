// Paste and clipboard against a real shell: text a host wrote to the clipboard (OSC 52) keeps
// only printable characters, tab and newline; a paste can never end bracketed-paste mode early
// (it arrives as exactly one bracketed block, its control characters removed and the removal
// shown); a paste with a line break into a production pane or with broadcast on asks first.
import { createHash } from 'node:crypto'
import type { Page } from '@playwright/test'
import { startSshd, type Sshd } from '../helpers/services/sshd'
import { expect, paneRows as rows, paneChannel, paneText, test } from './fixtures'
import { addHost, connectTrusting, hostPane } from './hosts'

const PANES = 'section[data-testid^="pane-"]'

/** Dispatches a paste of `text` on the pane's terminal, as the browser does for Ctrl+V. */
async function pasteInto(page: Page, channel: number, text: string): Promise<void> {
  await page
    .getByTestId(`pane-${channel}`)
    .locator('textarea.xterm-helper-textarea')
    .evaluate((el, t) => {
      const data = new DataTransfer()
      data.setData('text/plain', t)
      el.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      )
    }, text)
}

async function firstChannel(page: Page): Promise<number> {
  const pane = page.locator(PANES).first()
  await expect(pane).toBeVisible()
  const ch = await paneChannel(pane)
  await expect.poll(() => paneText(page, ch)).toMatch(/\S/)
  return ch
}

test('a host cannot put controls on the clipboard, and a paste arrives as one bracketed block', async ({
  app,
  shell,
}) => {
  const origin = new URL(app.url()).origin
  if (shell === 'chromium')
    await app.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin })
  const ch = await firstChannel(app)
  await app.getByTestId(`pane-${ch}`).locator('.xterm').click()

  // The host writes "ok<ESC>[201~echo INJECTED<BEL>\n" through OSC 52 (made by the shell).
  await app.keyboard.type(
    `printf '\\033]52;c;%s\\a' "$(printf 'ok\\033[201~echo INJ%s\\007\\n' ECTED | base64 -w0)"; echo wrote-osc`,
  )
  await app.keyboard.press('Enter')
  await expect.poll(() => rows(app, ch)).toContain('wrote-osc')
  await expect(app.getByTestId('toast-info').filter({ hasText: 'control characters' })).toHaveCount(
    1,
  )
  await expect
    .poll(() => app.evaluate(() => navigator.clipboard.readText()))
    .toBe('ok[201~echo INJECTED\n')

  // A program that turns bracketed paste on and reads the raw bytes it gets, then hashes them.
  const hostile = 'echo a\x1b[201~echo INJECTED-$((40+2))\x07\r\necho b\n'
  const cleaned = 'echo a[201~echo INJECTED-$((40+2))\r\necho b\n'
  const expected = `\x1b[200~${cleaned.replace(/\r?\n/g, '\r')}\x1b[201~`
  const md5 = createHash('md5').update(expected).digest('hex')
  await app.keyboard.type(
    `printf '\\033[?2004h'; stty raw -echo; head -c ${Buffer.byteLength(expected)} | md5sum; stty sane; printf '\\033[?2004l'; echo read-done`,
  )
  await app.keyboard.press('Enter')
  await app.waitForTimeout(300)
  await pasteInto(app, ch, hostile)
  await expect.poll(() => rows(app, ch)).toContain('read-done')
  expect((await rows(app, ch)).join('\n')).toContain(md5)
  // Nothing of the paste ran as a command.
  expect((await rows(app, ch)).join('\n')).not.toContain('INJECTED-42')
  await expect(
    app.getByTestId('toast-info').filter({ hasText: 'Removed 2 control characters' }),
  ).toHaveCount(1)
})

test('a multi-line paste with broadcast on asks first; declined, nothing is sent', async ({
  app,
}) => {
  const ch = await firstChannel(app)
  await app.getByTestId('open-local-shell').click()
  await expect(app.locator(PANES)).toHaveCount(2)
  const other = await paneChannel(app.locator(PANES).nth(1))
  await expect.poll(() => paneText(app, other)).toMatch(/\S/)
  await app.getByTestId('broadcast-toggle').click()
  await expect(app.getByTestId('broadcast-count')).toHaveText('Broadcasting to 2 panes')
  await app.getByTestId(`pane-${ch}`).locator('.xterm').click()

  const questions: string[] = []
  let answer = false
  app.on('dialog', (d) => {
    questions.push(d.message())
    void (answer ? d.accept() : d.dismiss())
  })
  // A one-line paste without a line break does not ask.
  await pasteInto(app, ch, 'echo one-')
  await pasteInto(app, ch, 'line-$((2*2))\n')
  expect(questions).toHaveLength(1)
  expect(questions[0]).toContain('every broadcast pane')
  await app.keyboard.press('Control+c')
  await app.waitForTimeout(200)
  for (const c of [ch, other]) expect(await rows(app, c)).not.toContain('one-line-4')

  answer = true
  await pasteInto(app, ch, 'echo pasted-$((3*3))\n')
  expect(questions).toHaveLength(2)
  // Bracketed paste: the shell holds the pasted line until Enter.
  await app.keyboard.press('Enter')
  for (const c of [ch, other]) await expect.poll(() => rows(app, c)).toContain('pasted-9')
})

test('a multi-line paste into a production SSH pane asks first', async ({ app }) => {
  test.setTimeout(90_000)
  let sshd: Sshd | undefined
  try {
    sshd = await startSshd()
    await addHost(app, {
      name: 'db-prod',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      auth: 'key',
      keyPath: sshd.clientKeyPath,
      tags: 'production',
    })
    const ch = await connectTrusting(app, 'db-prod', sshd.hostKeyFingerprintSha256)
    await expect.poll(() => paneText(app, ch)).toMatch(/\S/)
    await hostPane(app, 'db-prod').locator('.xterm').click()
    const questions: string[] = []
    app.on('dialog', (d) => {
      questions.push(d.message())
      void d.accept()
    })
    await pasteInto(app, ch, 'echo prod-$((5*5))\n')
    expect(questions).toHaveLength(1)
    expect(questions[0]).toContain('PRODUCTION pane')
    await app.keyboard.press('Enter')
    await expect.poll(() => rows(app, ch)).toContain('prod-25')
  } finally {
    await sshd?.stop()
  }
})
