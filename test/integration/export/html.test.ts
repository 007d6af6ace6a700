// The HTML export in a real Chromium: it renders with no network request at all (Playwright's
// request log sees only the file itself), draws the metric charts inline, and prints to PDF.
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBinary } from '../../helpers/services/require'
import { buildFixture } from '../../unit/export/fixture'
import { CHROMIUM_ARGS } from '../../helpers/chromium'

const skip = requireBinary('chromium', '/usr/bin/chromium')

describe.skipIf(skip)('HTML export in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS],
    })
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('opens with no network request, shows charts and pinned rows, prints to PDF', async () => {
    const fx = buildFixture({ secrets: true })
    try {
      const r = await fx.core.exports().service.run({
        incidentId: fx.incident.id,
        format: 'html',
        lang: 'ja',
        patterns: [],
        inline: false,
      })
      const url = pathToFileURL(r.files[0]!.path).href
      const html = readFileSync(r.files[0]!.path, 'utf8')
      expect(html).not.toMatch(/<script|<link|src=|https?:\/\/[^\s"<]*"|@import|url\(/i)
      const page = await browser.newPage()
      const requests: string[] = []
      page.on('request', (req) => requests.push(req.url()))
      await page.goto(url, { waitUntil: 'load' })
      await page.waitForTimeout(300)
      expect(requests).toEqual([url])
      expect(await page.locator('figure.chart svg path.line').count()).toBeGreaterThan(0)
      expect(await page.locator('tr.pinned').count()).toBe(1)
      expect(await page.locator('h2').first().textContent()).toBe('概要')
      const pdf = await page.pdf({ format: 'A4' })
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      expect(pdf.byteLength).toBeGreaterThan(10_000)
      await page.close()
    } finally {
      fx.core.close()
    }
  })
})
