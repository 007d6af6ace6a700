// Review artefacts, not pixel comparisons: the main screen and each dialog of a whole incident at
// 1280×800 and 1920×1080, in English and Japanese, saved under .tmp/screens/ for a
// person to look at. Layout facts that are easy to break are asserted on the way: the header
// never scrolls sideways, the corner buttons do not cover the metrics strip, alerts do not cover
// the status buttons.
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const
const LANGS = ['en', 'ja'] as const
/** Outside test-results/, which every Playwright run empties; git ignores .tmp/. */
const SCREENS = join(process.cwd(), '.tmp', 'screens')

test.skip(({ shell }) => shell !== 'chromium', 'one browser is enough for review screenshots')

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(150)
  await page.screenshot({ path: join(SCREENS, `${name}.png`) })
}

async function setLang(page: Page, lang: 'en' | 'ja'): Promise<void> {
  await page.getByTestId('lang-switch').locator(`button[lang="${lang}"]`).click()
}

/** Nothing in the header is pushed out of view sideways. */
async function expectHeaderFits(page: Page): Promise<void> {
  const overflow = await page
    .getByTestId('incident-header')
    .evaluate((header) =>
      Math.max(
        ...[header, ...header.querySelectorAll('.header-row')].map(
          (el) => el.scrollWidth - el.clientWidth,
        ),
      ),
    )
  expect(overflow, 'a header row scrolls or overflows sideways').toBeLessThanOrEqual(1)
}

for (const size of SIZES) {
  for (const lang of LANGS) {
    test(`screens ${size.width}x${size.height} ${lang}`, async ({ app }) => {
      test.setTimeout(120_000)
      const tag = `${size.width}-${lang}`
      await app.setViewportSize(size)
      await setLang(app, lang)
      await expect(app.getByTestId('declare-incident')).toBeVisible()
      await shot(app, `${tag}-01-start`)

      await app.getByTestId('declare-incident').click()
      await app.getByTestId('declare-title').fill('Checkout API returns 502 for most users')
      await app.getByTestId('declare-severity-P2').check()
      await app.getByTestId('declare-services').fill('checkout-api, payments, postgres')
      await shot(app, `${tag}-02-declare`)
      await app.getByTestId('declare-title').press('Enter')
      await expect(app.getByTestId('incident-title')).toBeVisible()
      await app.getByTestId('note-input').fill('Rolled back **v2.3.1**; errors still at 30 %')
      await app.getByTestId('note-add').click()
      await expectHeaderFits(app)
      await shot(app, `${tag}-03-incident`)

      await app.getByTestId('open-status-update').click()
      await expect(app.getByTestId('su-text')).toBeEnabled()
      await shot(app, `${tag}-04-status-update`)
      await app.keyboard.press('Escape')

      // Dialogs behind the header's "More" menu.
      for (const [testId, name, dialog] of [
        ['open-export', '07-export', 'export-dialog'],
        ['open-postmortem', '08-postmortem', 'postmortem-editor'],
        ['open-import', '09-import', 'import-dialog'],
        ['open-rules', '10-rules', 'response-rules'],
        ['open-kpis', '11-kpis', null],
      ] as const) {
        await app.getByTestId('header-more').click()
        await app.getByTestId(testId).click()
        // These load on first open (lazy chunks): photograph the dialog, not "Loading…".
        await expect(app.getByTestId(dialog ?? 'kpis')).toBeVisible()
        await shot(app, `${tag}-${name}`)
        await app.keyboard.press('Escape')
        if (dialog === 'postmortem-editor') {
          // Holds unsaved writing: it closes with its own button, not with Escape.
          await app
            .getByTestId(dialog)
            .getByRole('button', { name: /close|閉じる/i })
            .click()
        }
        if (dialog) await expect(app.getByTestId(dialog)).toHaveCount(0)
        await app.mouse.click(5, size.height - 5)
      }

      for (const [testId, name] of [
        ['hosts-toggle', '05-hosts'],
        ['replay-toggle', '06-recordings'],
      ] as const) {
        const toggle = app.getByTestId(testId)
        if ((await toggle.count()) === 0) continue
        await toggle.click()
        await shot(app, `${tag}-${name}`)
        await toggle.click()
      }
    })
  }
}
