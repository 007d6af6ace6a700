// Shared set-up for the sessions benchmarks: the built renderer in Debian Chromium over the
// headless bridge, an SSH target planted in its data dir (key auth, host key already trusted),
// in-page probes (time to a marker, keystroke echo, frame gaps, heap), and a blank page with bare
// xterm.js as the raw baseline in the same browser.
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'
import { DataDir } from '../src/main/core/store/store'
import type { Sshd } from '../test/helpers/services/sshd'
import { startHeadless } from './headless'
import { CHROMIUM_ARGS } from '../test/helpers/chromium'

export { startHeadless, CHROMIUM_ARGS }

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS] })

/** Saves an SSH target for `sshd` (key auth) and trusts its host key in the app's own store. */
export function plantSshTarget(dataDir: string, sshd: Sshd, name = 'bench-host'): void {
  const dir = new DataDir(dataDir)
  dir.open()
  dir.require().targets.saveSsh({
    name,
    host: sshd.host,
    port: sshd.port,
    user: sshd.user,
    authKind: 'key',
    keyPath: sshd.clientKeyPath,
    jumpVia: [],
    tags: [],
    keepaliveSec: 15,
  })
  dir.close()
  appendFileSync(join(dataDir, 'known_hosts'), `${sshd.knownHostsLine}\n`)
}

const PANES = 'section[data-testid^="pane-"]'
const ECHO_TIMEOUT_MS = 10_000

export async function paneChannels(page: Page): Promise<number[]> {
  const ids = await page
    .locator(PANES)
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid') ?? ''))
  return ids.map((id) => Number(/^pane-(\d+)$/.exec(id)?.[1])).filter((n) => n > 0)
}

/** Opens the app and waits for its first (local) pane to show a prompt. */
export async function openApp(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.goto(url)
  await page.locator(PANES).first().waitFor()
  const [first] = await paneChannels(page)
  await waitForText(page, first as number, '#', 20_000)
  return page
}

/** Connects the planted SSH target from the Hosts panel; returns the new pane's channel. */
export async function connectSsh(page: Page): Promise<number> {
  const before = await paneChannels(page)
  await page.getByTestId('hosts-toggle').click()
  await page.getByTestId('target-connect').first().click()
  await page.locator(PANES).nth(before.length).waitFor({ timeout: 20_000 })
  await page.getByTestId('hosts-toggle').click()
  const after = await paneChannels(page)
  const ch = after.find((c) => !before.includes(c)) as number
  await waitForPrompt(page, ch)
  return ch
}

export async function openLocalPane(page: Page): Promise<number> {
  const before = await paneChannels(page)
  await page.getByTestId('open-local-shell').click()
  // Attached, not visible: past the layout's slots a pane lives on the next page.
  await page.locator(PANES).nth(before.length).waitFor({ state: 'attached' })
  const ch = (await paneChannels(page)).find((c) => !before.includes(c)) as number
  await waitForText(page, ch, '#', 20_000)
  return ch
}

export async function waitForText(
  page: Page,
  channel: number,
  text: string,
  timeoutMs: number,
  pollMs = 50,
): Promise<void> {
  // Polled from here: waitForFunction with source text evals in the page, which the app's CSP
  // (script-src 'self', no unsafe-eval) rightly refuses.
  const expr = `(window.__sitrepPanes?.get(${channel})?.readText() ?? '').includes(${JSON.stringify(text)})`
  const deadline = Date.now() + timeoutMs
  while (!((await page.evaluate(expr)) as boolean)) {
    if (Date.now() > deadline) throw new Error(`pane ${channel} never showed ${text}`)
    await new Promise((r) => setTimeout(r, pollMs))
  }
}

/** Waits until the pane's last line ends in a shell prompt ($ or #). */
export async function waitForPrompt(
  page: Page,
  channel: number,
  timeoutMs = 20_000,
): Promise<void> {
  const expr = `/[#$]\\s*$/.test((window.__sitrepPanes?.get(${channel})?.readTail(3) ?? '').trimEnd())`
  const deadline = Date.now() + timeoutMs
  while (!((await page.evaluate(expr)) as boolean)) {
    if (Date.now() > deadline) throw new Error(`pane ${channel} showed no prompt`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Types a command line into a pane (click to focus, then real key events). */
export async function run(page: Page, channel: number, line: string): Promise<void> {
  await page.locator(`section[data-testid="pane-${channel}"] .xterm`).click()
  await page.keyboard.type(line)
  await page.keyboard.press('Enter')
}

/**
 * Keystroke echo latency in a pane: from the keydown (captured in the page) to the first
 * animation frame whose buffer shows the character. Real key events from Playwright.
 */
export async function echoLatencies(page: Page, channel: number, n: number): Promise<number[]> {
  await page.locator(`section[data-testid="pane-${channel}"] .xterm`).click()
  const out: number[] = []
  let typed = ''
  let lost = 0
  for (let i = 0; i < n; i++) {
    if (typed.length >= 24) {
      await page.keyboard.press('Control+U')
      typed = ''
      await page.waitForTimeout(50)
    }
    const c = 'abcdefghijklmnopqrstuvwxyz'[i % 26] as string
    typed += c
    await page.evaluate(`(() => {
      window.__echo = new Promise((resolve) => {
        const probe = window.__sitrepPanes.get(${channel})
        let start = 0
        const onKey = () => { if (!start) start = performance.now() }
        window.addEventListener('keydown', onKey, true)
        const want = ${JSON.stringify(typed)}
        const tick = () => {
          // Rows joined and trailing blanks dropped: in a narrow pane (22 columns in layout 16)
          // the line wraps, and a key landing on the last column leaves the cursor on the next
          // row after readline's wrap space; a row-by-row check counted those keys as lost.
          const last = probe.readTail(3).split('\\n').join('').trimEnd()
          if (start && last.endsWith(want)) {
            window.removeEventListener('keydown', onKey, true)
            return resolve(performance.now() - start)
          }
          requestAnimationFrame(tick)
        }
        requestAnimationFrame(tick)
      })
    })()`)
    await page.keyboard.press(c)
    // A key whose echo the probe never saw within ECHO_TIMEOUT_MS is counted and left out,
    // instead of hanging the run or posing as a latency.
    const ms = (await Promise.race([
      page.evaluate('window.__echo'),
      new Promise((r) => setTimeout(() => r(null), ECHO_TIMEOUT_MS)),
    ])) as number | null
    if (ms === null) {
      lost++
      typed = ''
      await page.keyboard.press('Control+U')
    } else out.push(ms)
  }
  await page.keyboard.press('Control+U')
  if (lost > 0)
    process.stderr.write(`  ${lost} of ${n} keys: no echo seen within ${ECHO_TIMEOUT_MS} ms\n`)
  return out
}

/** Gaps between animation frames over `ms`, in ms. */
export async function frameGaps(page: Page, ms: number): Promise<number[]> {
  return (await page.evaluate(`new Promise((resolve) => {
    const gaps = []
    let last = 0
    const end = performance.now() + ${ms}
    const tick = (now) => {
      if (last) gaps.push(now - last)
      last = now
      if (now < end) requestAnimationFrame(tick)
      else resolve(gaps)
    }
    requestAnimationFrame(tick)
  })`)) as number[]
}

/** JS heap in use after a forced GC, in bytes (Chromium's own count, via CDP). */
export async function heapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
  await cdp.detach()
  return usedSize
}

/** A blank page with bare xterm.js and its WebGL addon (the builds the renderer bundles). */
export async function rawXtermPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  await page.setContent('<!doctype html><html><body style="background:#000"></body></html>')
  await page.addStyleTag({ path: 'node_modules/@xterm/xterm/css/xterm.css' })
  await page.addScriptTag({ path: 'node_modules/@xterm/xterm/lib/xterm.js' })
  await page.addScriptTag({ path: 'node_modules/@xterm/addon-webgl/lib/addon-webgl.js' })
  return page
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number
}
