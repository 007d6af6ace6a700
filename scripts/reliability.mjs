#!/usr/bin/env node
// `npm run reliability`: the fault tests at full size, outside CI (which runs them short):
// at least 100 SIGKILLs during a terminal flood plus timeline appends, 1 000 damaged copies of a
// database, and the bridge fuzz with 20 000 malformed requests, upgrades and frames. Prints each
// test's FIGURES line (what RELIABILITY.md keeps) and exits non-zero if any test failed.
// Team sync (#18): 20 SIGKILLs mid-push and 20 mid-pull, and a push transaction held open for
// 60 s while later ones queue; the chaos run (50 laptops, a million events, stalls up to 60 s,
// cut connections, re-pushes, skewed clocks, a ten-minute foreign transaction). Override the sizes with
// SITREP_KILLS, SITREP_CORRUPT_ROUNDS, SITREP_BRIDGE_FUZZ, SITREP_TEAM_KILLS,
// SITREP_TEAM_HOLD_MS and the SITREP_TEAM_CHAOS_* variables.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const manifest = require.resolve('vitest/package.json')
const { bin } = JSON.parse(readFileSync(manifest, 'utf8'))
const vitest = join(dirname(manifest), typeof bin === 'string' ? bin : bin.vitest)

const sizes = {
  SITREP_KILLS: process.env.SITREP_KILLS ?? '100',
  SITREP_CORRUPT_ROUNDS: process.env.SITREP_CORRUPT_ROUNDS ?? '1000',
  SITREP_BRIDGE_FUZZ: process.env.SITREP_BRIDGE_FUZZ ?? '20000',
  SITREP_TEAM_KILLS: process.env.SITREP_TEAM_KILLS ?? '20',
  SITREP_TEAM_HOLD_MS: process.env.SITREP_TEAM_HOLD_MS ?? '60000',
  SITREP_TEAM_CHAOS_LAPTOPS: process.env.SITREP_TEAM_CHAOS_LAPTOPS ?? '50',
  // The issue's size. 50 laptops share this process's one core, so writes are paced at a rate
  // they keep up with (RELIABILITY.md: ~2 hours for a million events on 2 cores).
  SITREP_TEAM_CHAOS_EVENTS: process.env.SITREP_TEAM_CHAOS_EVENTS ?? '1000000',
  SITREP_TEAM_CHAOS_RATE: process.env.SITREP_TEAM_CHAOS_RATE ?? '250',
  SITREP_TEAM_CHAOS_STALL_MS: process.env.SITREP_TEAM_CHAOS_STALL_MS ?? '60000',
  SITREP_TEAM_CHAOS_FOREIGN_MS: process.env.SITREP_TEAM_CHAOS_FOREIGN_MS ?? '600000',
  SITREP_TEAM_CHAOS_SETTLE_MS: process.env.SITREP_TEAM_CHAOS_SETTLE_MS ?? '15000',
}
const tests = [
  'test/integration/faults/killDuringWrites.test.ts',
  'test/integration/faults/corruptDatabase.test.ts',
  'test/integration/faults/bridgeFuzz.test.ts',
  'test/integration/team/teamKill.test.ts',
  'test/integration/team/commitOrder.test.ts',
  'test/integration/team/chaos.test.ts',
]
console.log(
  `reliability: ${Object.entries(sizes)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`,
)
let failed = 0
const figures = []
for (const test of tests) {
  const started = Date.now()
  // One file at a time: each is timing- and load-sensitive, and the machine has few cores.
  const r = spawnSync(process.execPath, [vitest, 'run', test, '--reporter=dot'], {
    env: { ...process.env, ...sizes },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  })
  const out = `${r.stdout}\n${r.stderr}`
  const lines = out
    .split('\n')
    .filter((l) => /FIGURES/.test(l))
    // eslint-disable-next-line no-control-regex
    .map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim())
  figures.push(...lines)
  const ok = r.status === 0
  if (!ok) {
    failed++
    console.log(out.split('\n').slice(-60).join('\n'))
  }
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${test} (${Math.round((Date.now() - started) / 1000)} s)`)
}
console.log('\nFigures:')
for (const l of figures) console.log(`  ${l}`)
process.exit(failed ? 1 : 0)
