#!/usr/bin/env node
// `npm test`: the whole suite — unit and integration (vitest, real services), then a build and
// the end-to-end specs (Playwright in Chromium; and through Electron where its binary exists).
// Prints one closing line, "N passed, N failed", and exits non-zero on any failure.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative as relativeTo } from 'node:path'

const require = createRequire(import.meta.url)
const tmp = mkdtempSync(join(tmpdir(), 'sitrep-test-report-'))
const env = { ...process.env, HISTFILE: '/dev/null', PSQL_HISTORY: '/dev/null' }

/** A tool's JS entry point, run by this Node: no `npx` (a .cmd on Windows that needs a shell). */
function bin(pkg, name) {
  const manifest = require.resolve(`${pkg}/package.json`)
  const { bin: b } = JSON.parse(readFileSync(manifest, 'utf8'))
  return join(dirname(manifest), typeof b === 'string' ? b : b[name])
}
const run = (tool, args, extraEnv = {}) =>
  spawnSync(process.execPath, [tool, ...args], { stdio: 'inherit', env: { ...env, ...extraEnv } })
    .status ?? 1

const totals = { passed: 0, failed: 0, skipped: 0 }
let failedSteps = []

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return null
  }
}

// 1. Unit + integration.
const vitestJson = join(tmp, 'vitest.json')
const vitestStatus = run(bin('vitest', 'vitest'), [
  'run',
  '--reporter=default',
  // Names a test that runs long while it runs, and ends a file that hangs (test/setup/).
  '--reporter=./test/setup/hangWatch.ts',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
])
const v = readJson(vitestJson)
// The failures again, named, just above the closing line: a CI log is often read from its tail.
const failures = []
const relative = (path) => relativeTo(process.cwd(), path)
const firstLine = (text) =>
  String(text ?? '')
    .split('\n')
    .find((l) => l.trim()) ?? ''
if (v) {
  totals.passed += v.numPassedTests
  totals.failed += v.numFailedTests
  totals.skipped += v.numPendingTests + v.numTodoTests
  for (const file of v.testResults ?? []) {
    const failed = (file.assertionResults ?? []).filter((t) => t.status === 'failed')
    for (const t of failed)
      failures.push(
        `vitest ${relative(file.name)}: ${t.fullName}\n    ${firstLine(t.failureMessages?.[0])}`,
      )
    // A file that failed outside its tests (import error, hook, timeout) has no failed test.
    if (file.status === 'failed' && !failed.length)
      failures.push(`vitest ${relative(file.name)}\n    ${firstLine(file.message)}`)
  }
}
if (vitestStatus !== 0 || !v) failedSteps.push('vitest')

// 2. Build, then end-to-end.
if (run(bin('electron-vite', 'electron-vite'), ['build']) !== 0) failedSteps.push('build')
else {
  const pwJson = join(tmp, 'playwright.json')
  const pwStatus = run(bin('@playwright/test', 'playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  })
  const p = readJson(pwJson)
  if (p?.stats) {
    totals.passed += p.stats.expected + p.stats.flaky
    totals.failed += p.stats.unexpected
    totals.skipped += p.stats.skipped
  }
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === 'unexpected') {
          const error = t.results?.at(-1)?.error?.message
          failures.push(
            `e2e ${spec.file}: ${[...titles, spec.title].join(' › ')} [${t.projectName}]\n    ${firstLine(error)}`,
          )
        }
    for (const s of suite.suites ?? []) walk(s, [...titles, s.title])
  }
  for (const s of p?.suites ?? []) walk(s, [])
  if (pwStatus !== 0 || !p) failedSteps.push('e2e')
}

rmSync(tmp, { recursive: true, force: true })
if (failedSteps.length && totals.failed === 0) totals.failed = failedSteps.length
if (failures.length) console.log(`\nfailed:\n${failures.map((f) => `  ${f}`).join('\n')}`)
console.log(
  `\nsitrep tests: ${failedSteps.length ? `failing steps: ${failedSteps.join(', ')}` : 'all steps ok'}`,
)
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(failedSteps.length ? 1 : 0)
