// Fixtures shared by every spec: a Sitrep started for the test with its own data folder, opened
// either in Debian's Chromium over the headless bridge or as the real Electron app.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  test as base,
  chromium,
  _electron,
  expect,
  type Browser,
  type Locator,
  type Page,
} from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/chromium'

export type Shell = 'chromium' | 'electron'

export { CHROMIUM_ARGS }

export interface Headless {
  url: string
  port: number
  token: string
  dataDir: string
  process: ChildProcess
  stop(): Promise<void>
}

/**
 * Starts `node out/main/headless.js` (built by `npm run build`) and waits for its URL. `port`
 * restarts a server where a killed one listened (its tabs reconnect to the same origin).
 */
export async function startHeadless(
  dataDir: string,
  opts: { port?: number } = {},
): Promise<Headless> {
  const child = spawn(
    process.execPath,
    ['out/main/headless.js', '--port', String(opts.port ?? 0), '--data-dir', dataDir],
    {
      // The hermetic environment of the run (test/setup/hermetic.ts): no rc files, no real HOME.
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let log = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`headless server did not start:\n${log}`)),
      20_000,
    )
    const onData = (d: Buffer): void => {
      log += d.toString()
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(log)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`headless server exited (${code}):\n${log}`)))
  })
  const parsed = new URL(url)
  return {
    url,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000)
        child.once('exit', () => {
          clearTimeout(kill)
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}

interface Fixtures {
  shell: Shell
  dataDir: string
  /** Set up the data folder before the app starts (e.g. plant a damaged database). */
  prepareData: (dataDir: string) => void
  app: Page
  server: Headless | null
}

interface WorkerFixtures {
  chromiumBrowser: Browser
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  shell: ['chromium', { option: true }],
  // Function-valued, so it is handed over by a fixture (a bare function would run as one).
  prepareData: [async ({}, use) => use(() => undefined), { option: true }],
  chromiumBrowser: [
    async ({}, use) => {
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        args: [...CHROMIUM_ARGS],
      })
      await use(browser)
      await browser.close()
    },
    { scope: 'worker' },
  ],
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-e2e-'))
    await use(dir)
    rmSync(dir, { recursive: true, force: true })
  },
  server: async ({ shell, dataDir, prepareData }, use) => {
    if (shell !== 'chromium') return use(null)
    prepareData(dataDir)
    const h = await startHeadless(dataDir)
    await use(h)
    await h.stop()
  },
  app: async ({ shell, chromiumBrowser, server, dataDir, prepareData }, use) => {
    if (shell === 'electron') {
      prepareData(dataDir)
      ensureElectronModules()
      const app = await _electron.launch({
        // The app directory, as `npm start` runs it: package.json's `main` and productName apply.
        args: ['.'],
        env: {
          ...process.env,
          SITREP_DATA_DIR: dataDir,
        },
      })
      await use(await app.firstWindow())
      await app.close()
      return
    }
    if (!server) throw new Error('headless server missing')
    const context = await chromiumBrowser.newContext()
    const page = await context.newPage()
    await page.goto(server.url)
    await use(page)
    await context.close()
  },
})

export { expect }

let electronModulesLoad = false
/**
 * The native modules must load in Electron before it starts, not only in the Node that runs the
 * rest of the suite: scripts/native-modules.mjs loads them in the Electron binary (once per
 * worker) and says what is wrong instead of a dlopen error inside the app.
 */
function ensureElectronModules(): void {
  if (electronModulesLoad) return
  const r = spawnSync(process.execPath, ['scripts/native-modules.mjs', 'electron'], {
    encoding: 'utf8',
  })
  if (r.status !== 0) throw new Error(`native modules for Electron:\n${r.stderr || r.stdout}`)
  electronModulesLoad = true
}

/** The text of a terminal pane's active buffer, read through the renderer's test hook. */
export async function paneText(page: Page, channel?: number): Promise<string> {
  return page.evaluate((ch) => {
    const panes = (globalThis as unknown as { __sitrepPanes?: Map<number, { readText(): string }> })
      .__sitrepPanes
    if (!panes) return ''
    const pane = ch === undefined ? [...panes.values()][0] : panes.get(ch)
    return pane?.readText() ?? ''
  }, channel)
}

/** The rows of a pane, trimmed: an output line is a row of its own. */
export async function paneRows(page: Page, channel?: number): Promise<string[]> {
  return (await paneText(page, channel)).split('\n').map((l) => l.trim())
}

/** The last `lines` rows ending at the cursor: cheap to poll while a pane floods. */
export function paneTail(page: Page, channel: number, lines = 3): Promise<string> {
  return page.evaluate(
    ({ ch, n }) =>
      (
        globalThis as unknown as {
          __sitrepPanes?: Map<number, { readTail(lines: number): string }>
        }
      ).__sitrepPanes
        ?.get(ch)
        ?.readTail(n) ?? '',
    { ch: channel, n: lines },
  )
}

/** The session channel a pane element (`data-testid="pane-N"`) shows. */
export async function paneChannel(pane: Locator): Promise<number> {
  const channel = Number((await pane.getAttribute('data-testid'))?.replace('pane-', ''))
  expect(Number.isInteger(channel)).toBe(true)
  return channel
}
