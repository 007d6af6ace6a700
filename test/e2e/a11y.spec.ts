// Accessibility of the main screen and each dialog, in English and Japanese, checked by axe-core
// (WCAG 2.1 A/AA rules, colour contrast included): no serious or critical violation. The
// terminals' canvases are left out (xterm draws them; their text is not in the DOM).
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'

test.skip(({ shell }) => shell !== 'chromium', 'axe runs in one browser')

async function violations(page: Page, view: string): Promise<string[]> {
  await page.waitForTimeout(200)
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .exclude('.xterm')
    .analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${view}: ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    )
}

for (const lang of ['en', 'ja'] as const) {
  test(`no serious or critical axe violation on the main screen and its dialogs (${lang})`, async ({
    app,
  }) => {
    test.setTimeout(120_000)
    await app.setViewportSize({ width: 1440, height: 900 })
    await app.getByTestId('lang-switch').locator(`button[lang="${lang}"]`).click()
    await expect(app.getByTestId('declare-incident')).toBeVisible()
    const found: string[] = []
    found.push(...(await violations(app, 'first screen')))

    await app.getByTestId('declare-incident').click()
    await app.getByTestId('declare-title').fill('Checkout API returns 502')
    await app.getByTestId('declare-severity-P4').check()
    await app.getByTestId('declare-services').fill('checkout-api')
    found.push(...(await violations(app, 'declare')))
    await app.getByTestId('declare-title').press('Enter')
    await expect(app.getByTestId('incident-title')).toBeVisible()
    await app.getByTestId('note-input').fill('Rolled back **v2.3.1**')
    await app.getByTestId('note-add').click()
    found.push(...(await violations(app, 'incident')))

    await app.getByTestId('open-status-update').click()
    await expect(app.getByTestId('su-text')).toBeEnabled()
    found.push(...(await violations(app, 'status update')))
    await app.keyboard.press('Escape')

    for (const [testId, view] of [
      ['open-export', 'export'],
      ['open-rules', 'rules'],
      ['open-postmortem', 'postmortem'],
    ] as const) {
      await app.getByTestId('header-more').click()
      if (view === 'export') found.push(...(await violations(app, 'header menu')))
      await app.getByTestId(testId).click()
      found.push(...(await violations(app, view)))
      await app.reload()
      await expect(app.getByTestId('incident-title')).toBeVisible()
    }

    await app.getByTestId('hosts-toggle').click()
    found.push(...(await violations(app, 'hosts')))
    await app.getByTestId('hosts-toggle').click()

    expect(found, found.join('\n')).toEqual([])
  })
}

test('the More menu and the declare form work by keyboard and by label', async ({ app }) => {
  await expect(app.getByTestId('declare-incident')).toBeVisible()
  const more = app.getByTestId('header-more')
  const items = app.getByTestId('header-menu').getByRole('menuitem')
  await more.focus()
  await app.keyboard.press('ArrowDown')
  await expect(more).toHaveAttribute('aria-expanded', 'true')
  await expect(items.first()).toBeFocused()
  await app.keyboard.press('End')
  await expect(items.last()).toBeFocused()
  await app.keyboard.press('ArrowDown')
  await expect(items.first()).toBeFocused()
  await app.keyboard.press('ArrowUp')
  await expect(items.last()).toBeFocused()
  await app.keyboard.press('Home')
  await expect(items.first()).toBeFocused()
  await app.keyboard.press('Escape')
  await expect(app.getByTestId('header-menu')).toHaveCount(0)
  await expect(more).toHaveAttribute('aria-expanded', 'false')
  await expect(more).toBeFocused()

  // Every field of the form kit is found by its visible label, and says so to the browser.
  await app.getByTestId('declare-incident').click()
  const form = app.getByTestId('declare-form')
  await expect(form.getByLabel('Title', { exact: true })).toHaveAttribute(
    'data-testid',
    'declare-title',
  )
  await expect(form.getByLabel('Impact scope', { exact: true })).toHaveAttribute(
    'data-testid',
    'declare-scope',
  )
  await expect(form.getByLabel('Description', { exact: true })).toHaveAttribute(
    'data-testid',
    'declare-description',
  )
})
