#!/usr/bin/env node
// Before `npm start`, `npm test`, `npm run serve` and the benchmarks: make sure the native
// modules (better-sqlite3, node-pty) load in the runtime that is about to use them, and for
// `electron`, that the Electron binary is there at all.
//
// Both modules are Node-API addons, so one build serves Node and Electron alike; there is no
// per-runtime rebuild to remember. The check loads them for real in a child process of the
// target runtime (a marker file can lie after `npm install` or a manual rebuild), rebuilds once
// if that fails, and otherwise says what is wrong in words instead of a dlopen error later.
// Usage: node scripts/native-modules.mjs node|electron
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
// The project root: the probe resolves the modules from here, wherever the script is run from.
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const MODULES = ['better-sqlite3', 'node-pty']
const target = process.argv[2]
if (target !== 'node' && target !== 'electron') {
  console.error('usage: native-modules.mjs node|electron')
  process.exit(2)
}

/** The Electron executable if it is installed, without triggering Electron's own download. */
function electronBinary() {
  let dir
  try {
    dir = dirname(require.resolve('electron/package.json'))
  } catch {
    return null
  }
  const pathFile = join(dir, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : ''
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const full = override
    ? join(override, relative || 'electron')
    : relative
      ? join(dir, 'dist', relative)
      : ''
  return full && existsSync(full) ? full : null
}

function electronVersion() {
  return JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
}

/** Loads every module in the runtime; returns the first failure's message, or null. */
function loadError(runtime) {
  const probe = `for (const m of ${JSON.stringify(MODULES)}) { try { const x = require(m); if (m === 'better-sqlite3') new x(':memory:').close() } catch (e) { console.error(m + ': ' + e.message); process.exit(1) } }`
  const env = { ...process.env }
  if (runtime !== process.execPath) env.ELECTRON_RUN_AS_NODE = '1'
  const r = spawnSync(runtime, ['-e', probe], { cwd: root, env, encoding: 'utf8' })
  if (r.error) return r.error.message
  return r.status === 0 ? null : (r.stderr || r.stdout || `exit ${r.status}`).trim()
}

/**
 * npm itself, started without a shell: on Windows `npm` is a .cmd file that execFile cannot
 * run (and, since Node's 2024 fix for CVE-2024-27980, not without shell: true). When this script
 * runs from an npm script, npm_execpath is npm's own JS entry point; run it with this Node.
 */
function npm(args, extraEnv = {}) {
  const env = { ...process.env, ...extraEnv }
  const execPath = process.env.npm_execpath
  const r =
    execPath && /\.[cm]?js$/.test(execPath)
      ? spawnSync(process.execPath, [execPath, ...args], { cwd: root, stdio: 'inherit', env })
      : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
          cwd: root,
          stdio: 'inherit',
          env,
          shell: process.platform === 'win32',
        })
  return r.status === 0
}

if (target === 'electron') {
  const binary = electronBinary()
  if (!binary) {
    console.error(
      [
        '',
        `sitrep: the Electron ${electronVersion()} binary is not installed, so the desktop app cannot start.`,
        'Electron fetches it from GitHub the first time it is needed: run `npx install-electron`',
        'on a machine that can reach github.com (or set ELECTRON_MIRROR to a mirror you can reach),',
        'then `npm start` again. Without the desktop shell, `npm run serve` runs the same Sitrep in',
        'your browser: it prints a local URL to open.',
        '',
      ].join('\n'),
    )
    process.exit(1)
  }
  const failure = loadError(binary)
  if (failure) {
    console.error(
      `sitrep: the native modules do not load in Electron ${electronVersion()}:\n  ${failure}\n` +
        'Rebuild them for Electron with `npx @electron/rebuild -o better-sqlite3,node-pty`, then `npm start` again.',
    )
    process.exit(1)
  }
  process.exit(0)
}

const first = loadError(process.execPath)
if (!first) process.exit(0)
console.log(
  `sitrep: the native modules do not load in Node ${process.version} (${first.replace(/\s*\n\s*/g, ' ')}); rebuilding them once…`,
)
if (npm(['rebuild', ...MODULES])) {
  const again = loadError(process.execPath)
  if (!again) process.exit(0)
  console.error(`sitrep: still not loadable after the rebuild:\n  ${again}`)
} else {
  console.error('sitrep: `npm rebuild` of the native modules failed (see above).')
}
console.error(
  'Native modules are compiled by node-gyp: it needs python3, make and a C++ compiler, and the\n' +
    'headers of this Node (downloaded from nodejs.org, or set npm_config_nodedir to a folder that\n' +
    'has include/node). See "Prerequisites" in the README.',
)
process.exit(1)
