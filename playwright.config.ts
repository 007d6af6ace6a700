import { createRequire } from 'node:module'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { defineConfig } from '@playwright/test'
import type { Shell } from './test/e2e/fixtures'

// The same specs run in Debian's Chromium against headless mode, and through Playwright's
// _electron when an Electron binary is installed (it cannot be downloaded on every machine).
function electronBinary(): string | null {
  // Not require('electron'): since Electron 42 that downloads the binary on first use (and, with
  // no route to GitHub, fails noisily in every worker). path.txt exists once it was installed.
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
    const rel = readFileSync(join(dir, 'path.txt'), 'utf8').trim()
    const path = join(dir, 'dist', rel)
    return rel && existsSync(path) ? path : null
  } catch {
    return null
  }
}

const electron = electronBinary()
if (!electron && process.env.TEST_WORKER_INDEX === undefined) {
  console.log(
    'e2e: Electron project not run: no Electron binary installed (`npx install-electron` fetches it); Chromium project runs the same specs.',
  )
}

export default defineConfig<{ shell: Shell }>({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  // HOME, rc files, agent and shells of whoever runs the suite stay out of every test.
  globalSetup: './test/setup/hermetic.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  projects: [
    { name: 'chromium', use: { shell: 'chromium' as const } },
    ...(electron ? [{ name: 'electron', use: { shell: 'electron' as const } }] : []),
  ],
})
