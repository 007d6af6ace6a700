#!/usr/bin/env node
// Renders resources/icon.svg to the PNG sizes electron-builder wants (Linux uses the set as is;
// macOS .icns and Windows .ico are made from the 1024 and 256 px files at packaging time).
// Uses the Chromium Playwright drives, so no image tool is needed:
//   node resources/icons/generate.mjs
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'

const here = dirname(fileURLToPath(import.meta.url))
const svg = readFileSync(join(here, '..', 'icon.svg'), 'utf8')
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
})
try {
  for (const size of SIZES) {
    const page = await browser.newPage({ viewport: { width: size, height: size } })
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `)
    await page.setContent(
      `<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`,
    )
    await page.screenshot({ path: join(here, `${size}x${size}.png`), omitBackground: true })
    await page.close()
  }
} finally {
  await browser.close()
}
console.log(`icons: ${SIZES.map((s) => `${s}x${s}.png`).join(', ')}`)
