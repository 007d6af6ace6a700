// Native modules that do not load: scripts/native-modules.mjs (before npm start / test / serve)
// decides by loading them in the target runtime, rebuilds through npm's own JS entry point (no
// shell, no npm.cmd: Windows), and says what is wrong; in the app, a load failure is its own
// message (nativeModuleError), never "database damaged".
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { nativeModuleError, NativeModuleError } from '../../../src/main/core/nativeModules'
import { DataDir } from '../../../src/main/core/store/store'
import { tempDir } from '../../helpers/tempDir'

const root = join(import.meta.dirname, '../../..')
const ABI_MISMATCH =
  "The module '/p/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 137. This version of Node.js requires\nNODE_MODULE_VERSION 140. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`)."

/**
 * A project with the script and fake modules: better-sqlite3 throws Node's NODE_MODULE_VERSION
 * error until a rebuild wrote `fixed`; the fake npm (npm_execpath) logs its arguments and, when
 * told to, "fixes" the module.
 */
function fakeProject(opts: { npmFixes: boolean }) {
  const dir = tempDir()
  mkdirSync(join(dir, 'scripts'))
  copyFileSync(join(root, 'scripts/native-modules.mjs'), join(dir, 'scripts/native-modules.mjs'))
  const sqlite = join(dir, 'node_modules/better-sqlite3')
  mkdirSync(sqlite, { recursive: true })
  writeFileSync(
    join(sqlite, 'index.js'),
    `const fs = require('fs'); const path = require('path')
if (!fs.existsSync(path.join(__dirname, 'fixed'))) {
  throw Object.assign(new Error(${JSON.stringify(ABI_MISMATCH)}), { code: 'ERR_DLOPEN_FAILED' })
}
module.exports = class { close() {} }\n`,
  )
  writeFileSync(join(sqlite, 'package.json'), '{"name":"better-sqlite3","main":"index.js"}')
  const pty = join(dir, 'node_modules/node-pty')
  mkdirSync(pty, { recursive: true })
  writeFileSync(join(pty, 'index.js'), 'module.exports = {}\n')
  writeFileSync(join(pty, 'package.json'), '{"name":"node-pty","main":"index.js"}')
  const npmCli = join(dir, 'fake-npm-cli.js')
  writeFileSync(
    npmCli,
    `require('fs').appendFileSync(${JSON.stringify(join(dir, 'npm.log'))}, JSON.stringify(process.argv.slice(2)) + '\\n')
${opts.npmFixes ? `require('fs').writeFileSync(${JSON.stringify(join(sqlite, 'fixed'))}, '')` : ''}\n`,
  )
  return { dir, npmCli, log: () => readFileSync(join(dir, 'npm.log'), 'utf8').trim() }
}

function runScript(dir: string, target: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [join(dir, 'scripts/native-modules.mjs'), target], {
    // Not the project: the script must find the modules relative to itself.
    cwd: tempDir(),
    // No PATH: npm is started as this Node + npm_execpath, never looked up or run by a shell.
    env: { PATH: '', HOME: tempDir(), ...env },
    encoding: 'utf8',
  })
}

describe('scripts/native-modules.mjs', () => {
  it('loads the modules for real, rebuilds once through npm_execpath, and succeeds', () => {
    const p = fakeProject({ npmFixes: true })
    const r = runScript(p.dir, 'node', { npm_execpath: p.npmCli })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/do not load in Node .*NODE_MODULE_VERSION 137.*rebuilding them once/s)
    expect(p.log()).toBe('["rebuild","better-sqlite3","node-pty"]')
  })

  it('says what is missing when the rebuild does not help', () => {
    const p = fakeProject({ npmFixes: false })
    const r = runScript(p.dir, 'node', { npm_execpath: p.npmCli })
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/still not loadable after the rebuild/)
    expect(r.stderr).toMatch(/python3, make and a C\+\+ compiler/)
  })

  it('electron: without the binary, says how to get it and that `npm run serve` works meanwhile', () => {
    const p = fakeProject({ npmFixes: true })
    const electron = join(p.dir, 'node_modules/electron')
    mkdirSync(electron)
    writeFileSync(join(electron, 'package.json'), '{"name":"electron","version":"45.6.1"}')
    const r = runScript(p.dir, 'electron', {})
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/Electron 45\.6\.1 binary is not installed/)
    expect(r.stderr).toMatch(/npx install-electron/)
    expect(r.stderr).toMatch(/npm run serve/)
  })

  it('electron: loads the modules in the Electron binary itself (ELECTRON_RUN_AS_NODE)', () => {
    const p = fakeProject({ npmFixes: false })
    const electron = join(p.dir, 'node_modules/electron')
    mkdirSync(join(electron, 'dist'), { recursive: true })
    writeFileSync(join(electron, 'package.json'), '{"name":"electron","version":"45.6.1"}')
    writeFileSync(join(electron, 'path.txt'), 'electron')
    // A stand-in binary: this Node, which honours the same -e probe.
    symlinkSync(process.execPath, join(electron, 'dist/electron'))
    const r = runScript(p.dir, 'electron', {})
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(
      /do not load in Electron 45\.6\.1:\s+better-sqlite3: .*NODE_MODULE_VERSION/s,
    )
    writeFileSync(join(p.dir, 'node_modules/better-sqlite3/fixed'), '')
    expect(runScript(p.dir, 'electron', {}).status).toBe(0)
  })

  it('starts no tool through a shell or npx (Windows cannot run .cmd files without one)', () => {
    for (const f of ['scripts/native-modules.mjs', 'scripts/test.mjs']) {
      const src = readFileSync(join(root, f), 'utf8')
      expect(src, f).not.toMatch(/spawn(Sync)?\(\s*'npx'|exec(File)?(Sync)?\(\s*'np[mx]'/)
      expect(src, f).toMatch(/process\.execPath/)
    }
  })
})

describe('a native module that does not load, in the app', () => {
  const electron = { ...process.versions, electron: '45.6.1', modules: '140' }

  it('names the runtime it was built for and the one running, and the fix', () => {
    const err = Object.assign(new Error(ABI_MISMATCH), { code: 'ERR_DLOPEN_FAILED' })
    const e = nativeModuleError(err, 'better-sqlite3', electron)
    expect(e).toBeInstanceOf(NativeModuleError)
    expect(e?.message).toMatch(
      /^The native module better-sqlite3 was built for Node 24, but this is Electron 45\.6\.1 \(NODE_MODULE_VERSION 140\)\./,
    )
    expect(e?.message).toMatch(/npm rebuild better-sqlite3 node-pty/)
    expect(e?.message).toMatch(/data is untouched/)
    expect(e?.cause).toBe(err)
  })

  it('recognises the dlopen failures of Linux, macOS and Windows', () => {
    for (const message of [
      '/x/better_sqlite3.node: invalid ELF header',
      '/x/better_sqlite3.node: wrong ELF class: ELFCLASS32',
      "dlopen(/x/better_sqlite3.node, 0x0001): tried: '/x' (mach-o file, but is an incompatible architecture (have 'x86_64', need 'arm64'))",
      '\\\\?\\C:\\x\\better_sqlite3.node is not a valid Win32 application.',
      "/lib/x86_64-linux-gnu/libc.so.6: version `GLIBC_2.38' not found",
      'Module did not self-register: /x/better_sqlite3.node.',
    ])
      expect(nativeModuleError(new Error(message)), message).toBeInstanceOf(NativeModuleError)
    // A database error is not one.
    const sqlite = Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' })
    expect(nativeModuleError(sqlite)).toBeNull()
    expect(nativeModuleError('a string')).toBeNull()
  })

  it('opening the data folder throws it instead of reporting a damaged database', async () => {
    vi.resetModules()
    vi.doMock('better-sqlite3', () => ({
      default: class {
        constructor() {
          throw Object.assign(new Error(ABI_MISMATCH), { code: 'ERR_DLOPEN_FAILED' })
        }
      },
    }))
    try {
      const { DataDir: Mocked } = (await import('../../../src/main/core/store/store')) as {
        DataDir: typeof DataDir
      }
      const data = new Mocked(join(tempDir(), 'data'))
      expect(() => data.open()).toThrow(/built for Node 24/)
    } finally {
      vi.doUnmock('better-sqlite3')
      vi.resetModules()
    }
  })
})
