import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'
import type { Shell } from './test/e2e/fixtures'

// The same specs run in Debian's Chromium against headless mode, and through Playwright's
// _electron when an Electron binary is installed (it cannot be downloaded on every machine).
function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null
  }
}

const electron = electronBinary()
if (!electron && process.env.TEST_WORKER_INDEX === undefined) {
  console.log(
    'e2e: Electron project not run: no Electron binary installed (ELECTRON_SKIP_BINARY_DOWNLOAD); Chromium project runs the same specs.',
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
