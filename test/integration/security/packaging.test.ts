// The packaging configuration, checked without the Electron binary (which packaging downloads):
// electron-builder.yml loads and passes electron-builder's own schema validation, its file list
// takes the built app and keeps native modules outside the asar archive, the native modules are
// production dependencies (so electron-builder ships and rebuilds them), the targets are the
// four the responders use, and every icon it names exists at the size it claims.
import { spawn } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import FpmTarget from 'app-builder-lib/out/targets/FpmTarget'
import { DebugLogger } from 'builder-util'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { defaultDataDir } from '../../../src/main/core/paths'

const root = join(import.meta.dirname, '../../..')
// The glob matcher electron-builder itself applies to `files` and `asarUnpack`.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('app-builder-lib'))
const { minimatch } = fromBuilder('minimatch') as {
  minimatch: (path: string, pattern: string, opts?: { dot?: boolean }) => boolean
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  productName: string
  allowScripts: Record<string, boolean>
  main: string
  scripts: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}
const NATIVE = ['better-sqlite3', 'node-pty', 'ssh2']

interface BuilderYml {
  files: string[]
  asarUnpack: string[]
  npmRebuild: boolean
  linux: { target: string[]; icon: string }
  mac: { target: { target: string }[]; icon: string }
  win: { target: { target: string }[]; icon: string }
  extraResources: { from: string; to: string; filter?: string[] }[]
  directories: { buildResources: string }
  productName: string
  deb: { depends: string[]; afterInstall?: string; appArmorProfile?: string }
}
const yml = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderYml

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): [number, number] {
  const b = readFileSync(path)
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG')
  return [b.readUInt32BE(16), b.readUInt32BE(20)]
}

/** electron-builder's `files` semantics: included by a pattern, not excluded by a later "!". */
function packed(path: string): boolean {
  let included = false
  for (const pattern of yml.files) {
    if (pattern.startsWith('!')) {
      if (minimatch(path, pattern.slice(1), { dot: true })) included = false
    } else if (minimatch(path, pattern, { dot: true })) included = true
  }
  return included
}

describe('packaging (electron-builder.yml)', () => {
  it("passes electron-builder's own configuration validation", async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null)
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    expect(config.appId).toBe('dev.sitrep.console')
    expect(config.productName).toBe('Sitrep')
  })

  it('flips the Electron fuses: no run-as-Node, NODE_OPTIONS or --inspect; cookie encryption, asar integrity, app only from asar', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null)
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
    // The fuses are applied by electron-builder's packer only when asar is on.
    expect(config.asar).toBe(true)
  })

  it('a broken configuration is refused by the same validation (control)', async () => {
    const config = await getConfig(root, join(root, 'electron-builder.yml'), null)
    const broken = { ...config, asarUnpack: 42, linux: { target: 'floppy', bogus: true } }
    await expect(validateConfiguration(broken as never, new DebugLogger(false))).rejects.toThrow()
  })

  it('packs the built app and its entry point, not sources, tests or maps', () => {
    expect(packed(pkg.main.replace(/^\.\//, ''))).toBe(true)
    for (const f of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'])
      expect(packed(f), f).toBe(true)
    expect(packed('package.json')).toBe(true)
    for (const f of ['src/main/index.ts', 'test/e2e/fixtures.ts', 'out/main/index.js.map'])
      expect(packed(f), f).toBe(false)
    // Production dependencies are added by electron-builder; their native files must not be
    // filtered out by our exclusions.
    for (const f of [
      'node_modules/better-sqlite3/prebuilds/linux-x64.node',
      'node_modules/better-sqlite3/prebuilds/win32-x64.node',
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/node-pty/build/Release/pty.node',
      'node_modules/node-pty/lib/index.js',
      'node_modules/ssh2/lib/index.js',
    ]) {
      const excluded = yml.files
        .filter((p) => p.startsWith('!'))
        .some((p) => minimatch(f, p.slice(1), { dot: true }))
      expect(excluded, f).toBe(false)
    }
  })

  it('ships the native modules (Node-API, so one build serves Electron) unpacked from the asar', () => {
    for (const m of NATIVE) {
      expect(pkg.dependencies[m], `${m} must be a production dependency`).toBeDefined()
      expect(pkg.devDependencies[m]).toBeUndefined()
    }
    expect(yml.npmRebuild).toBe(true)
    const unpacked = (f: string) => yml.asarUnpack.some((p) => minimatch(f, p, { dot: true }))
    for (const f of [
      'node_modules/better-sqlite3/prebuilds/darwin-arm64.node',
      'node_modules/node-pty/build/Release/pty.node',
      'node_modules/node-pty/build/Release/spawn-helper',
      'node_modules/node-pty/prebuilds/darwin-arm64/spawn-helper',
      'node_modules/node-pty/prebuilds/win32-x64/conpty.node',
      'node_modules/cpu-features/build/Release/cpufeatures.node',
    ])
      expect(unpacked(f), f).toBe(true)
    // electron-builder ships what is installed: the native files exist in this checkout.
    // better-sqlite3 13 ships a Node-API prebuild per platform (one file serves Node and
    // Electron); node-pty is compiled at install on Linux.
    expect(
      existsSync(
        join(
          root,
          `node_modules/better-sqlite3/prebuilds/${process.platform}-${process.arch}.node`,
        ),
      ),
    ).toBe(true)
    expect(existsSync(join(root, 'node_modules/node-pty/package.json'))).toBe(true)
  })

  it('targets AppImage + deb, dmg and nsis, with dist scripts for each', () => {
    expect(yml.linux.target).toEqual(['AppImage', 'deb'])
    expect(yml.mac.target.map((t) => t.target)).toEqual(['dmg'])
    expect(yml.win.target.map((t) => t.target)).toEqual(['nsis'])
    expect(pkg.scripts.dist).toMatch(/electron-vite build.*electron-builder/)
    expect(pkg.scripts['dist:linux']).toMatch(/--linux/)
    expect(pkg.scripts['dist:mac']).toMatch(/--mac/)
    expect(pkg.scripts['dist:win']).toMatch(/--win/)
    expect(pkg.devDependencies['electron-builder']).toBeDefined()
  })

  it('every icon it names exists at the size it claims', () => {
    const dir = join(root, 'resources/icons')
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(join(dir, `${size}x${size}.png`))).toEqual([size, size])
    }
    expect(yml.linux.icon).toBe('resources/icons')
    expect(pngSize(join(root, yml.mac.icon))).toEqual([1024, 1024]) // icns needs 512+ (1024 for retina)
    expect(pngSize(join(root, yml.win.icon))).toEqual([256, 256]) // ico needs 256
    for (const r of yml.extraResources) expect(existsSync(join(root, r.from))).toBe(true)
  })

  it('ships the built-in runbooks (en and ja) as extraResources, where index.ts looks', () => {
    const runbooks = yml.extraResources.find((r) => r.from === 'resources/runbooks')
    expect(runbooks?.to).toBe('runbooks')
    const md = (lang: string) =>
      readdirSync(join(root, 'resources/runbooks', lang)).filter((f) =>
        (runbooks?.filter ?? ['**/*']).some((p) => minimatch(`${lang}/${f}`, p)),
      )
    expect(md('en').length).toBeGreaterThanOrEqual(11)
    expect(md('ja')).toEqual(md('en'))
    const index = readFileSync(join(root, 'src/main/index.ts'), 'utf8')
    expect(index).toContain("builtinRunbooksDir: join(process.resourcesPath, 'runbooks')")
  })

  it("the deb depends on everything electron-builder's default list has, libnotify4 included", () => {
    // Our `depends` replaces the default list, so each default we dropped would be missing on a
    // minimal install (libnotify4 was: timer notifications never showed).
    const proto = FpmTarget.prototype as unknown as { getDefaultDepends(t: string): string[] }
    const defaults = proto.getDefaultDepends.call(null, 'deb')
    expect(defaults).toContain('libnotify4')
    for (const d of defaults) expect(yml.deb.depends, d).toContain(d)
  })

  it("keeps electron-builder's AppArmor profile for Ubuntu 24.04 (user namespaces) in the deb", () => {
    // No afterInstall or appArmorProfile of our own: the defaults below are what the deb gets.
    expect(yml.deb.afterInstall).toBeUndefined()
    expect(yml.deb.appArmorProfile).toBeUndefined()
    const templates = join(
      fromBuilder.resolve('app-builder-lib/package.json'),
      '../templates/linux',
    )
    const afterInstall = readFileSync(join(templates, 'after-install.tpl'), 'utf8')
    expect(afterInstall).toMatch(/apparmor_parser --replace/)
    expect(afterInstall).toContain('/etc/apparmor.d/${executable}')
    const profile = readFileSync(join(templates, 'apparmor-profile.tpl'), 'utf8')
    expect(profile).toMatch(/^\s*userns,$/m)
    // The sandbox stays on: nothing passes --no-sandbox.
    expect(JSON.stringify(yml)).not.toMatch(/no-sandbox/)
    expect(readFileSync(join(root, 'src/main/index.ts'), 'utf8')).not.toMatch(/no-sandbox/)
  })

  it('one product name everywhere, so development and packaged builds share the data folder', () => {
    expect(pkg.productName).toBe('Sitrep')
    expect(yml.productName).toBe(pkg.productName)
    const env = { HOME: '/home/r', APPDATA: 'C:\\Users\\r\\AppData\\Roaming' }
    for (const platform of ['linux', 'darwin', 'win32'] as const)
      expect(defaultDataDir(env, platform).split(/[\\/]/).at(-1)).toBe(pkg.productName)
  })

  it('allowScripts covers every dependency with an install script: the native ones and esbuild', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { hasInstallScript?: boolean }>
    }
    const withScripts = Object.entries(lock.packages)
      // '' is the project itself (its postinstall restores node-pty's spawn-helper exec bit).
      .filter(([path, p]) => p.hasInstallScript && path !== '')
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
    // Uncovered, npm 12 skips its script silently (and --strict-allow-scripts in CI fails).
    for (const name of withScripts) expect(pkg.allowScripts[name], name).toBeTypeOf('boolean')
    const allowed = Object.keys(pkg.allowScripts).filter((k) => pkg.allowScripts[k])
    expect(allowed.sort()).toEqual(
      ['better-sqlite3', 'cpu-features', 'esbuild', 'node-pty', 'ssh2'].sort(),
    )
    // Not needed: the NSIS target (not Squirrel), tree-sitter-bash's wasm (not its native
    // binding), es5-ext's postinstall message.
    for (const denied of ['electron-winstaller', 'tree-sitter-bash', 'es5-ext'])
      expect(pkg.allowScripts[denied], denied).toBe(false)
  })

  it('rebuilds only the native modules Sitrep loads: no other production dependency has a binding.gyp', () => {
    // electron-builder's rebuild compiles every production dependency holding a binding.gyp that
    // has no Node-API prebuild under the names it knows. tree-sitter-bash (whose WASM build is
    // all Sitrep uses) would be compiled on every laptop that packages: it is a dev dependency,
    // and the build copies its grammar beside the main bundle instead.
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>
    }
    const native = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && !p.dev)
      .filter(([path]) => existsSync(join(root, path, 'binding.gyp')))
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length))
    expect(native.sort()).toEqual(['better-sqlite3', 'cpu-features', 'node-pty'])
    expect(pkg.devDependencies['tree-sitter-bash']).toBeDefined()
    expect(pkg.dependencies['tree-sitter-bash']).toBeUndefined()
  })

  it('the built core starts with its own copy of the bash grammar, tree-sitter-bash absent', async () => {
    const built = join(root, 'out', 'main')
    if (!existsSync(join(built, 'headless.js'))) {
      throw new Error('out/main is missing: run `npm run build` (CI builds before testing)')
    }
    expect(readFileSync(join(built, 'tree-sitter-bash.wasm'))).toEqual(
      readFileSync(join(root, 'node_modules', 'tree-sitter-bash', 'tree-sitter-bash.wasm')),
    )
    // The built app beside a node_modules that has every package except tree-sitter-bash: what
    // a packaged app holds. It must start (the grammar loads at start) and serve.
    const app = mkdtempSync(join(tmpdir(), 'sitrep-pack-'))
    try {
      cpSync(built, join(app, 'out', 'main'), { recursive: true })
      mkdirSync(join(app, 'node_modules'))
      for (const name of readdirSync(join(root, 'node_modules'))) {
        if (name === 'tree-sitter-bash' || name === '.bin') continue
        symlinkSync(join(root, 'node_modules', name), join(app, 'node_modules', name))
      }
      const child = spawn(
        process.execPath,
        [
          join(app, 'out', 'main', 'headless.js'),
          '--port',
          '0',
          '--token',
          'packaging-test-token-0123456789abcdef',
          '--data-dir',
          join(app, 'data'),
          '--renderer',
          join(root, 'out', 'renderer'),
        ],
        { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let out = ''
      child.stdout.on('data', (b: Buffer) => (out += b.toString()))
      child.stderr.on('data', (b: Buffer) => (out += b.toString()))
      const started = await new Promise<boolean>((done) => {
        const timer = setTimeout(() => done(false), 30_000)
        child.stdout.on('data', () => {
          if (out.includes('Open: http://127.0.0.1:')) {
            clearTimeout(timer)
            done(true)
          }
        })
        child.on('exit', () => {
          clearTimeout(timer)
          done(false)
        })
      })
      child.kill('SIGTERM')
      expect(out).not.toMatch(/tree-sitter-bash|Cannot find/)
      expect(started, out).toBe(true)
    } finally {
      rmSync(app, { recursive: true, force: true })
    }
  }, 60_000)
})
