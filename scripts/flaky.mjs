#!/usr/bin/env node
// `npm run flaky -- [N]`: runs the tests that touch real hosts and terminals (SSH, sessions,
// the sshd harness, and the end-to-end specs) N times in a row (default 5), without retries,
// and prints how often each test passed. A test that passed fewer than N times is flaky or
// broken; the script exits non-zero if there is one.
// Narrow it with SITREP_FLAKY_VITEST (paths, space-separated) and SITREP_FLAKY_E2E (a grep).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const runs = Number(process.argv[2] ?? 5)
if (!Number.isInteger(runs) || runs < 1) {
  console.error('usage: npm run flaky -- [N]   (N ≥ 1 runs, default 5)')
  process.exit(2)
}
const VITEST_PATHS = (
  process.env.SITREP_FLAKY_VITEST ??
  'test/integration/ssh test/integration/sessions test/integration/services/sshd.test.ts'
)
  .split(/\s+/)
  .filter(Boolean)

function bin(pkg, name) {
  const manifest = require.resolve(`${pkg}/package.json`)
  const { bin: b } = JSON.parse(readFileSync(manifest, 'utf8'))
  return join(dirname(manifest), typeof b === 'string' ? b : b[name])
}
const tmp = mkdtempSync(join(tmpdir(), 'sitrep-flaky-'))
const node = (tool, args, env = {}) =>
  spawnSync(process.execPath, [tool, ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, ...env },
  }).status
const readJson = (path) => {
  try {
    return JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return null
  }
}

/** name -> { passed, seen } over all runs */
const tally = new Map()
const count = (name, passed) => {
  const t = tally.get(name) ?? { passed: 0, seen: 0 }
  t.seen++
  if (passed) t.passed++
  tally.set(name, t)
}

function walkSuites(suites, file, visit) {
  for (const s of suites ?? []) {
    for (const spec of s.specs ?? []) visit(`${file ?? s.file} > ${spec.title}`, spec.ok)
    walkSuites(s.suites, file ?? s.file, visit)
  }
}

if (node(bin('electron-vite', 'electron-vite'), ['build']) !== 0) {
  console.error('flaky: the build failed')
  process.exit(1)
}
const started = Date.now()
for (let i = 1; i <= runs; i++) {
  const t0 = Date.now()
  const vJson = join(tmp, `vitest-${i}.json`)
  node(bin('vitest', 'vitest'), [
    'run',
    ...VITEST_PATHS,
    '--reporter=json',
    `--outputFile.json=${vJson}`,
  ])
  const v = readJson(vJson)
  if (!v) count('(vitest produced no report)', false)
  for (const file of v?.testResults ?? []) {
    const rel = file.name.replace(`${process.cwd()}/`, '')
    for (const a of file.assertionResults) {
      if (a.status !== 'skipped' && a.status !== 'pending')
        count(`${rel} > ${a.fullName}`, a.status === 'passed')
    }
  }
  const pJson = join(tmp, `e2e-${i}.json`)
  const grep = process.env.SITREP_FLAKY_E2E
  node(
    bin('@playwright/test', 'playwright'),
    ['test', '--retries=0', '--reporter=json', ...(grep ? ['--grep', grep] : [])],
    {
      PLAYWRIGHT_JSON_OUTPUT_NAME: pJson,
    },
  )
  const p = readJson(pJson)
  if (!p) count('(playwright produced no report)', false)
  walkSuites(p?.suites, undefined, count)
  const failedNow = [...tally.values()].filter((t) => t.seen === i && t.passed < i).length
  console.log(
    `run ${i}/${runs}: ${Math.round((Date.now() - t0) / 1000)} s, tests with a failure so far: ${failedNow}`,
  )
}
rmSync(tmp, { recursive: true, force: true })

const all = [...tally.entries()].sort(([a], [b]) => a.localeCompare(b))
const shaky = all.filter(([, t]) => t.passed < t.seen)
console.log(
  `\n${all.length} tests, ${runs} runs each, ${Math.round((Date.now() - started) / 1000)} s:`,
)
if (shaky.length === 0) console.log(`every test passed ${runs}/${runs}`)
for (const [name, t] of shaky) console.log(`  ${t.passed}/${t.seen}  ${name}`)
console.log(`${all.length - shaky.length} of ${all.length} tests passed every run`)
process.exit(shaky.length ? 1 : 0)
