// node-pty 1.1.0's macOS spawn-helper ships with mode 644 (node-pty issue 850). Checked on fake
// 644 files: the start-up check names the cause, `npm install`'s postinstall restores the exec
// bit in node_modules, and the afterPack hook (loaded the way electron-builder loads it) does
// the same in a packed app.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { resolveFunction } from 'app-builder-lib/out/util/resolve'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { spawnHelperPath, spawnHelperProblem } from '../../../src/main/electron/spawnHelper'
import { tempDir } from '../../helpers/tempDir'

const root = join(import.meta.dirname, '../../..')
const mode = (f: string): number => statSync(f).mode & 0o777

/** A node-pty folder as npm installs 1.1.0 on a Mac: prebuilds with a 644 spawn-helper. */
function fakeNodePty(under: string): { dir: string; helpers: string[] } {
  const dir = join(under, 'node_modules', 'node-pty')
  const helpers: string[] = []
  for (const arch of ['arm64', 'x64']) {
    const d = join(dir, 'prebuilds', `darwin-${arch}`)
    mkdirSync(d, { recursive: true })
    writeFileSync(join(d, 'pty.node'), '')
    writeFileSync(join(d, 'spawn-helper'), '#!/bin/sh\n')
    chmodSync(join(d, 'spawn-helper'), 0o644)
    helpers.push(join(d, 'spawn-helper'))
  }
  writeFileSync(join(dir, 'package.json'), '{"name":"node-pty","version":"1.1.0"}')
  return { dir, helpers }
}

describe("node-pty's spawn-helper (macOS)", () => {
  it('the start-up check names the cause and the fix for a 644 helper', () => {
    const { dir, helpers } = fakeNodePty(tempDir())
    expect(spawnHelperPath(dir, 'darwin', 'arm64')).toBe(helpers[0])
    const problem = spawnHelperProblem(dir, 'darwin', 'arm64')
    expect(problem).toContain(helpers[0])
    expect(problem).toMatch(/mode 644/)
    expect(problem).toMatch(/issue 850/)
    expect(problem).toMatch(/posix_spawnp failed/)
    expect(problem).toMatch(/chmod \+x/)
    // Linux and Windows do not spawn through the helper.
    expect(spawnHelperProblem(dir, 'linux', 'x64')).toBeNull()
    expect(spawnHelperProblem(dir, 'win32', 'x64')).toBeNull()
    chmodSync(helpers[0] ?? '', 0o755)
    expect(spawnHelperProblem(dir, 'darwin', 'arm64')).toBeNull()
  })

  it('a packaged app looks outside the asar archive, as node-pty does', () => {
    const res = tempDir()
    const { helpers } = fakeNodePty(join(res, 'app.asar.unpacked'))
    const inAsar = join(res, 'app.asar', 'node_modules', 'node-pty')
    expect(spawnHelperPath(inAsar, 'darwin', 'x64')).toBe(helpers[1])
    expect(spawnHelperProblem(inAsar, 'darwin', 'x64')).toMatch(/mode 644/)
  })

  it("npm install's postinstall makes every helper executable", () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
    }
    expect(pkg.scripts.postinstall).toBe('node scripts/spawn-helper.mjs')
    const { dir, helpers } = fakeNodePty(tempDir())
    const out = execFileSync(process.execPath, [join(root, 'scripts/spawn-helper.mjs'), dir], {
      encoding: 'utf8',
    })
    for (const h of helpers) expect(mode(h), h).toBe(0o755)
    expect(out).toContain('issue 850')
    // Nothing else in the folder is touched.
    expect(mode(join(dir, 'package.json')) & 0o111).toBe(0)
  })

  it('the afterPack hook named in electron-builder.yml fixes the packed app', async () => {
    const yml = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
      afterPack: string
    }
    expect(yml.afterPack).toBe('scripts/after-pack.mjs')
    // The packed layout of a Mac build: Sitrep.app/Contents/Resources/app.asar.unpacked.
    const appOutDir = tempDir()
    const unpacked = join(appOutDir, 'Sitrep.app/Contents/Resources/app.asar.unpacked')
    const { helpers } = fakeNodePty(unpacked)
    const hook = (await resolveFunction<unknown>(
      'module',
      yml.afterPack, // as electron-builder gets it: relative to the project root (the cwd)
      'afterPack',
      root,
    )) as (ctx: { appOutDir: string }) => Promise<void>
    expect(typeof hook).toBe('function')
    await hook({ appOutDir })
    for (const h of helpers) expect(mode(h), h).toBe(0o755)
  })
})
