#!/usr/bin/env node
// Native modules (better-sqlite3, node-pty) must be compiled for the runtime that loads them:
// Node's ABI for tests, benchmarks and headless mode; Electron's ABI for `npm start`. One checkout
// serves both: this script remembers which ABI is built (.native-abi) and rebuilds only on a
// switch. Usage: node scripts/native-abi.mjs node|electron
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const MODULES = ['better-sqlite3', 'node-pty']
const STAMP = '.native-abi'
const target = process.argv[2]
if (target !== 'node' && target !== 'electron') {
  console.error('usage: native-abi.mjs node|electron')
  process.exit(2)
}

function electronVersion() {
  try {
    const binary = require('electron') // throws when the binary was never downloaded
    if (typeof binary === 'string' && existsSync(binary)) {
      return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
    }
  } catch {
    // fall through
  }
  return null
}

const wanted =
  target === 'node' ? `node-${process.versions.modules}` : `electron-${electronVersion()}`
const current = existsSync(STAMP)
  ? readFileSync(STAMP, 'utf8').trim()
  : `node-${process.versions.modules}`
if (current === wanted) process.exit(0)

if (target === 'electron') {
  const version = electronVersion()
  if (!version) {
    console.error(
      'sitrep: the Electron binary is not installed (it is downloaded by `npm install` unless\n' +
        'ELECTRON_SKIP_BINARY_DOWNLOAD is set). Run `npm install` on a machine with internet access,\n' +
        'or use `npm run serve` to run Sitrep in your browser instead.',
    )
    process.exit(1)
  }
  console.log(
    `sitrep: rebuilding ${MODULES.join(', ')} for Electron ${version} (one time, ~2 minutes)…`,
  )
  // Electron's documented manual rebuild: node-gyp against Electron's headers.
  execFileSync('npm', ['rebuild', ...MODULES], {
    stdio: 'inherit',
    env: {
      ...process.env,
      npm_config_runtime: 'electron',
      npm_config_target: version,
      npm_config_disturl: 'https://electronjs.org/headers',
    },
  })
} else {
  console.log(
    `sitrep: rebuilding ${MODULES.join(', ')} for Node ${process.version} (after an Electron run)…`,
  )
  execFileSync('npm', ['rebuild', ...MODULES], { stdio: 'inherit' })
}
writeFileSync(STAMP, `${wanted}\n`)
