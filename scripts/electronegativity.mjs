#!/usr/bin/env node
// Runs Doyensec's Electronegativity over src/ and fails on any HIGH or MEDIUM finding (CI, after
// lint). Findings of lower severity are printed for review but do not fail the run.
//
// The scanner is called through its own runner rather than its CLI because the CLI fetches
// translations from GitHub before every scan (and, offline, crashes afterwards in got's retry
// timer with "The `onCancel` handler was attached after the promise settled"). Here the
// bundled English strings are loaded locally instead, and the one check that needs the network
// (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK, which downloads Electron's release list) is left out,
// so the scan is offline, deterministic and takes about a second.
//
// A finding that was reviewed and is intended is silenced where it occurs, with Electronegativity's
// own `// eng-disable <CHECK_ID>` comment and a reason beside it, never by a list here.
// Usage: node scripts/electronegativity.mjs [dir]   (default: src)
import { readFileSync } from 'node:fs'
import { createRequire, Module } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const base = dirname(require.resolve('@doyensec/electronegativity/package.json'))
const fromScanner = createRequire(join(base, 'package.json'))

/** Checks that need the network, by class name (how the runner matches them); the rest run. */
const ONLINE_ONLY = ['AvailableSecurityFixesGlobalCheck']
const FAIL_AT = 2 // MEDIUM (INFORMATIONAL 0, LOW 1, MEDIUM 2, HIGH 3)

// Its i18n module, replaced in the require cache by an offline one with the same strings.
const i18nPath = join(base, 'dist/locales/i18n.js')
const i18n = fromScanner('i18n')
i18n.configure({
  locales: ['en-US'],
  defaultLocale: 'en-US',
  directory: dirname(i18nPath),
  updateFiles: false,
  objectNotation: true,
  retryInDefaultLocale: true,
  register: globalThis,
})
i18n.setLocale('en-US')
const offline = new Module(i18nPath)
offline.filename = i18nPath
offline.loaded = true
offline.exports = async () => {}
require.cache[i18nPath] = offline

const run = fromScanner('./dist/runner.js')
const input = resolve(root, process.argv[2] ?? 'src')
const electronVersion = JSON.parse(
  readFileSync(join(dirname(require.resolve('electron/package.json')), 'package.json'), 'utf8'),
).version

const result = await run(
  {
    input,
    customScan: [],
    excludeFromScan: ONLINE_ONLY,
    isRelative: true,
    isVerbose: false,
    // The scanner reads the version from a package.json in the input; src/ has none.
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
)

const failing = []
for (const issue of result.issues) {
  const where = `${relative(root, join(input, issue.file))}:${issue.location.line}:${issue.location.column}`
  const line = `${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(9)} ${issue.id}${issue.manualReview ? ' (review)' : ''}  ${where}  ${issue.shortenedURL}`
  console.log(line)
  if (issue.severity.value >= FAIL_AT) failing.push(line)
}
for (const e of result.errors)
  console.log(`parse error (not scanned): ${e.file ?? ''} ${e.message ?? e}`)
console.log(
  `electronegativity ${JSON.parse(readFileSync(join(base, 'package.json'), 'utf8')).version}: ` +
    `${result.globalChecks + result.atomicChecks} checks over ${relative(root, input) || '.'} ` +
    `(Electron ${electronVersion}); ${result.issues.length} finding(s), ${failing.length} HIGH/MEDIUM.`,
)
if (result.errors.length > 0 || failing.length > 0) process.exit(1)
