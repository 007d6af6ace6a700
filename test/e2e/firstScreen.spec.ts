// The first screen's sketch (issue #20, first paint): the newest rows painted before the app's
// code has run, from the bridge's HTML in a browser or from the preload's answers in the app,
// hostile text shown as text, nothing in it clickable, and the app's first render taking over
// with the same rows at the same place.
import type { Page, Route } from '@playwright/test'
import { DataDir } from '../../src/main/core/store/store'
import { expect, test } from './fixtures'
import { plantDeclared } from './plant'

const HOSTILE = '<img src=x onerror="window.__pwned=1"></textarea><b>bold</b>'

function plantIncident(dataDir: string): void {
  const dir = new DataDir(dataDir)
  dir.open()
  const store = dir.require()
  const now = Date.now() - 60_000
  const id = plantDeclared(store, `db failover ${HOSTILE}`, now, {
    severity: 'P2',
    services: ['db'],
    impactScope: 'core',
    detection: 'monitoring-alert',
  })
  const notes = Array.from({ length: 30 }, (_, i) => ({
    kind: 'note',
    at: now + i,
    payload: { text: `replica lag check ${i}` },
  }))
  notes.push({ kind: 'note', at: now + 40, payload: { text: HOSTILE } })
  store.timeline.appendMany(id, notes)
  dir.close()
}

/** Holds the app's code (render.js) until `release` is called: what shows before it runs. */
async function holdAppCode(page: Page): Promise<() => void> {
  let release: () => void = () => undefined
  const released = new Promise<void>((r) => (release = r))
  await page.route(/\/assets\/render-[^/]*\.js$/, async (route: Route) => {
    await released
    await route.continue()
  })
  return release
}

const rowTops = (page: Page): Promise<Record<string, number>> =>
  page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid="timeline-row"]')].map((r) => [
        r.getAttribute('data-seq'),
        Math.round(r.getBoundingClientRect().top),
      ]),
    ),
  )

test.skip(({ shell }) => shell !== 'chromium', 'holds the bridge page’s scripts back')

test.describe('with an open incident', () => {
  test.use({ prepareData: async ({}, use) => use(plantIncident) })

  test('the bridge’s HTML paints the newest rows before the app’s code, which takes over in place', async ({
    chromiumBrowser,
    server,
  }) => {
    const context = await chromiumBrowser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    try {
      const release = await holdAppCode(page)
      await page.goto(server?.url ?? '')
      const sketch = page.getByTestId('first-screen-sketch')
      await expect(sketch).toBeAttached()
      // A picture: inert and hidden from screen readers; the newest row is at the bottom.
      await expect(sketch).toHaveAttribute('inert', '')
      await expect(sketch).toHaveAttribute('aria-hidden', 'true')
      const newest = page.locator('[data-testid="timeline-row"]').last()
      await expect(newest.locator('.tl-summary')).toHaveText(HOSTILE)
      await expect(page.locator('.incident-title')).toHaveText(`db failover ${HOSTILE}`)
      // The text stayed text: no element from it, nothing ran.
      expect(await page.locator('#root img, #root b').count()).toBe(0)
      expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined()
      // Drawn by the bridge, not by the entry (which would mark it).
      expect(
        await page.evaluate(() => performance.getEntriesByName('sitrep.sketchDrawn').length),
      ).toBe(0)
      const before = await rowTops(page)
      expect(Object.keys(before).length).toBeGreaterThan(5)

      release()
      await expect(page.getByTestId('incident-header')).toBeVisible()
      await expect(sketch).toHaveCount(0)
      // The app's rows: the same events at the same height (±1 px of rounding), now interactive.
      const after = await rowTops(page)
      const newestSeq = Object.keys(before)
        .map(Number)
        .sort((a, b) => b - a)[0]
      for (const seq of Object.keys(before)
        .map(Number)
        .filter((s) => s > (newestSeq ?? 0) - 8)) {
        expect(
          Math.abs((after[seq] ?? -1000) - (before[seq] ?? 0)),
          `row #${seq}`,
        ).toBeLessThanOrEqual(1)
      }
      await page.locator('[data-testid="timeline-row"]').last().click()
      expect(await page.locator('#root img, #root b').count()).toBe(0)
      expect(errors).toEqual([])
      // The incident the app opened is remembered for the bridge's next sketch too.
      const remembered = await page.evaluate(() => localStorage.getItem('sitrep.activeIncident'))
      expect(remembered).toMatch(/\S/)
      const cookies = await context.cookies()
      expect(cookies.find((c) => c.name === 'sitrep.activeIncident')).toMatchObject({
        value: remembered,
        sameSite: 'Strict',
      })
    } finally {
      await context.close()
    }
  })
})

test('in the app, the entry draws the sketch from the preload’s answers', async ({
  chromiumBrowser,
  server,
}) => {
  // No incident in the database, so the bridge's HTML has no sketch; the page gets a stand-in
  // preload (window.sitrep) answering the first screen's calls, as Electron's would.
  const context = await chromiumBrowser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  try {
    await page.addInitScript((hostile: string) => {
      const at = Date.now()
      const events = Array.from({ length: 12 }, (_, i) => ({
        seq: i + 1,
        uid: `u${i + 1}`,
        kind: 'note',
        at: at + i,
        tz: 'UTC',
        actor: 'aiko',
        payload: { text: i === 11 ? hostile : `from the preload ${i + 1}` },
      }))
      const incident = { id: 'inc-preload', title: 'from the preload' }
      const results: Record<string, unknown> = {
        'incidents.latestOpen': { incident, events },
        'app.info': { version: 't' },
        'store.status': { state: 'ready', path: '/x', schemaVersion: 9, lastBackup: null },
      }
      const calls: string[] = []
      ;(window as unknown as { __calls: string[] }).__calls = calls
      ;(window as unknown as { sitrep: unknown }).sitrep = {
        invoke: (method: string) => {
          calls.push(method)
          return Promise.resolve({ id: 0, ok: true, result: results[method] ?? null })
        },
      }
    }, HOSTILE)
    // The app's code never runs here: the stand-in answers nothing else.
    await holdAppCode(page)
    await page.goto(server?.url ?? '')
    const sketch = page.getByTestId('first-screen-sketch')
    await expect(sketch).toBeAttached()
    await expect(page.locator('.incident-title')).toHaveText('from the preload')
    await expect(
      page.locator('[data-testid="timeline-row"]').last().locator('.tl-summary'),
    ).toHaveText(HOSTILE)
    expect(await page.locator('#root img, #root b').count()).toBe(0)
    await expect(sketch).toHaveAttribute('inert', '')
    expect(
      await page.evaluate(() => performance.getEntriesByName('sitrep.sketchDrawn').length),
    ).toBe(1)
    // It asked the preload for the first screen, nothing more; not the bridge.
    expect(await page.evaluate(() => (window as unknown as { __calls: string[] }).__calls)).toEqual(
      ['incidents.latestOpen', 'app.info', 'store.status'],
    )
  } finally {
    await context.close()
  }
})
