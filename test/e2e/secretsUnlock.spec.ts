// A key file sealed with a passphrase (an earlier run sealed it; this one was started without
// SITREP_KEY_PASSPHRASE): the page asks for the passphrase, a wrong one is refused and keeps
// asking, the right one unlocks, and the dialog does not come back. Review screenshots of the
// dialog go to .tmp/screens/ (en, ja).
import { join } from 'node:path'
import { passphraseKeyProvider } from '../../src/main/core/secrets/keyProvider'
import { expect, test } from './fixtures'

const PASS = 'correct horse battery staple'
const SCREENS = join(process.cwd(), '.tmp', 'screens')

function plantSealedKeyFile(dataDir: string): void {
  // Sealing something makes the provider write the sealed key file.
  passphraseKeyProvider(join(dataDir, 'secret.key'), PASS).seal('hunter2')
}

test.use({ prepareData: async ({}, use) => use(plantSealedKeyFile) })
test.skip(({ shell }) => shell !== 'chromium', 'the headless path is the one without a keychain')

test('asks for the key file passphrase; a wrong one is refused, the right one unlocks', async ({
  app,
}) => {
  const dialog = app.getByTestId('secrets-unlock')
  await expect(dialog).toBeVisible()
  await expect(dialog).toHaveAttribute('data-mode', 'unlock')
  await expect(app.getByTestId('secrets-unlock-passphrase')).toBeFocused()
  await app.getByTestId('secrets-unlock-passphrase').fill(PASS)
  await app.screenshot({ path: join(SCREENS, 'secrets-unlock-en.png') })

  // The modal covers the header: the language switch is pressed without a pointer.
  await app.getByTestId('lang-switch').locator('button[lang="ja"]').dispatchEvent('click')
  await expect(dialog.locator('h2')).toHaveText('保存したパスワードのロック解除')
  await app.screenshot({ path: join(SCREENS, 'secrets-unlock-ja.png') })
  await app.getByTestId('lang-switch').locator('button[lang="en"]').dispatchEvent('click')

  await app.getByTestId('secrets-unlock-passphrase').fill('not the passphrase')
  await app.getByTestId('secrets-unlock-submit').click()
  await expect(app.getByTestId('secrets-unlock-error')).toHaveText(
    /does not open the key file\. Nothing was changed/,
  )
  await expect(dialog).toBeVisible()
  // The field is cleared after a wrong try; nothing of it stays in the page.
  await expect(app.getByTestId('secrets-unlock-passphrase')).toHaveValue('')
  await app.screenshot({ path: join(SCREENS, 'secrets-unlock-wrong-en.png') })

  // "Not now", then the palette brings the question back: no reload needed to unlock later.
  await app.getByTestId('secrets-unlock-later').click()
  await expect(dialog).toBeHidden()
  await app.keyboard.press('Control+Shift+P')
  await app.getByTestId('palette-input').fill('unlock saved')
  await app.keyboard.press('Enter')
  await expect(dialog).toBeVisible()

  await app.getByTestId('secrets-unlock-passphrase').fill(PASS)
  await app.getByTestId('secrets-unlock-submit').click()
  await expect(dialog).toBeHidden()
  expect(await app.content()).not.toContain(PASS)
  // Unlocked: the palette still names it, marked as not available now.
  await app.keyboard.press('Control+Shift+P')
  await app.getByTestId('palette-input').fill('unlock saved')
  await expect(app.getByTestId('palette-option')).toHaveAttribute('aria-disabled', 'true')
  await app.keyboard.press('Escape')

  // Unlocked in the core, not just dismissed in the page: a reload does not ask again.
  await app.reload()
  await expect(app.getByTestId('declare-incident')).toBeVisible()
  await app.waitForTimeout(500)
  await expect(dialog).toBeHidden()
})
