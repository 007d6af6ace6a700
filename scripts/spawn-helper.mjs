#!/usr/bin/env node
// node-pty 1.1.0 publishes prebuilds/darwin-*/spawn-helper with mode 644 (node-pty issue 850):
// on macOS every local shell pane then fails with "posix_spawnp failed". This restores the exec
// bit on every spawn-helper under a folder:
//   - after `npm install` (package.json "postinstall"): node_modules/node-pty;
//   - in the packaged app (electron-builder afterPack, scripts/after-pack.mjs): the unpacked
//     node_modules of the app, before macOS signing.
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Every `spawn-helper` file under dir whose path goes through node-pty. */
export function findSpawnHelpers(dir, insidePty = false, out = []) {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return out
  }
  for (const e of entries) {
    const full = join(dir, e.name)
    if (e.isDirectory()) findSpawnHelpers(full, insidePty || e.name === 'node-pty', out)
    else if (e.isFile() && e.name === 'spawn-helper' && insidePty) out.push(full)
  }
  return out
}

/**
 * Adds the exec bits to every node-pty spawn-helper under dir (dir itself being node-pty's
 * folder when insidePty); returns the files changed.
 */
export function fixSpawnHelpers(dir, insidePty = false) {
  const changed = []
  for (const file of findSpawnHelpers(dir, insidePty)) {
    const mode = statSync(file).mode & 0o777
    if ((mode & 0o111) === 0o111) continue
    chmodSync(file, mode | 0o755)
    changed.push(file)
  }
  return changed
}

const self = fileURLToPath(import.meta.url)
if (process.argv[1] && resolve(process.argv[1]) === self) {
  const dir = process.argv[2] ?? join(self, '..', '..', 'node_modules', 'node-pty')
  if (!existsSync(dir)) process.exit(0)
  const changed = fixSpawnHelpers(dir, true)
  for (const f of changed) console.log(`sitrep: made ${f} executable (node-pty issue 850)`)
}
