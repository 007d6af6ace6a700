// src/main/index.ts run for real against a recording stand-in for Electron (fakeElectron.ts) and
// a real Core on a temp data folder: the second instance, overdue timers at start, the packaged
// runbooks, a native module that does not load, the menu, the quit question and a crashed window.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parse } from 'yaml'
import { Core } from '../../../src/main/core/core'
import { tempDir } from '../../helpers/tempDir'
import { emitApp, fake, resetFake, type FakeWindow } from './fakeElectron'

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule)

const root = join(import.meta.dirname, '../../..')

/** Imports index.ts afresh (it runs the app on import) and waits for its window, if any. */
async function startApp(expectWindow = true): Promise<FakeWindow | null> {
  vi.resetModules()
  await import('../../../src/main/index')
  if (!expectWindow) {
    await new Promise((r) => setTimeout(r, 50))
    return null
  }
  await vi.waitFor(() => expect(fake().windows).toHaveLength(1), { timeout: 10_000 })
  return fake().windows[0] ?? null
}

/** Calls a contract method through the IPC handler index.ts bound, as our window's page. */
async function call(win: FakeWindow, method: string, params: unknown = {}): Promise<unknown> {
  const handler = fake().ipcHandlers.get('sitrep:call')
  if (!handler) throw new Error('sitrep:call not bound')
  const reply = (await handler(
    { sender: win.webContents, senderFrame: win.webContents.mainFrame },
    { method, params },
  )) as { ok: boolean; result?: unknown; error?: { message: string } }
  if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`)
  return reply.result
}

beforeEach(() => {
  resetFake({ userData: join(tempDir(), 'data') })
  delete process.env.SITREP_DATA_DIR
})

afterEach(() => {
  // will-quit closes the Core index.ts made (database, timers, metrics).
  emitApp('will-quit')
  vi.doUnmock('better-sqlite3')
})

describe('src/main/index.ts', () => {
  it('a second instance exits at once: nothing registered, no Core, no database opened', async () => {
    resetFake({ lock: false, userData: join(tempDir(), 'data') })
    await startApp(false)
    expect(fake().calls).toEqual(['app.exit(0)'])
    expect(fake().windows).toHaveLength(0)
    expect(existsSync(fake().userData)).toBe(false)
  })

  it('turns off the deferral of tasks after input before the app is ready, keeping given switches', async () => {
    resetFake({ userData: join(tempDir(), 'data'), switches: { 'disable-features': 'Foo' } })
    await startApp()
    expect(fake().switches['disable-features']).toBe('Foo,DeferRendererTasksAfterInput')
  })

  it('the first instance brings its window to the front when a second one starts', async () => {
    const win = await startApp()
    emitApp('second-instance')
    expect(fake().calls).toContain(`focus(${win?.id})`)
    expect(fake().calls).toContain('app.enableSandbox()')
  })

  it('a timer already overdue at start reaches the desktop as a notification', async () => {
    // An incident declared two hours ago by a Sitrep that then closed: its response-start
    // target (15 min for P1) fell due while the app was not running.
    const past = Date.now() - 2 * 60 * 60_000
    const before = new Core({
      dataDir: fake().userData,
      shell: 'electron',
      version: 't',
      backupIntervalMs: 0,
      clock: { now: () => past },
    })
    before.start()
    before.incidents().incidents.declare({
      title: 'API 5xx',
      severity: 'P1',
      services: ['api'],
      impactScope: 'core',
      detection: 'monitoring-alert',
      description: '',
      actor: 'aiko',
    })
    before.close()

    await startApp()
    expect(fake().notifications.length).toBeGreaterThan(0)
    expect(fake().notifications[0]?.title).toMatch(/^Sitrep — /)
  })

  it('packaged, it loads the built-in runbooks from process.resourcesPath (extraResources)', async () => {
    // The packaged layout as electron-builder.yml's extraResources make it.
    const resources = join(tempDir(), 'resources')
    const yml = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
      extraResources: { from: string; to: string; filter?: string[] }[]
    }
    for (const r of yml.extraResources)
      cpSync(join(root, r.from), join(resources, r.to), { recursive: true })
    const shipped = join(resources, 'runbooks')
    expect(readdirSync(join(shipped, 'en')).length).toBeGreaterThan(0)
    expect(readdirSync(join(shipped, 'ja')).length).toBeGreaterThan(0)
    // A marker runbook only the packaged copy has: found only if resourcesPath is used.
    mkdirSync(join(shipped, 'en'), { recursive: true })
    writeFileSync(
      join(shipped, 'en', 'packaged-marker.md'),
      '---\nid: packaged-marker\ntitle: Packaged marker\nversion: 1\nlang: en\n---\n\n# Packaged marker\n\n## Check\n\n- [ ] Look\n',
    )
    const saved = process.resourcesPath
    Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true })
    try {
      resetFake({ isPackaged: true, userData: join(tempDir(), 'data') })
      const win = await startApp()
      if (!win) throw new Error('no window')
      const list = JSON.stringify(await call(win, 'runbooks.list', {}))
      expect(list).toContain('packaged-marker')
      expect(list).toContain('database-unreachable')
      expect(list).toMatch(/"lang":"ja"/)
    } finally {
      Object.defineProperty(process, 'resourcesPath', { value: saved, configurable: true })
    }
  })

  it('a native module built for another runtime is said as such, never as a damaged database', async () => {
    vi.doMock('better-sqlite3', () => ({
      default: class {
        constructor() {
          throw Object.assign(
            new Error(
              "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 127. This version of Node.js requires\nNODE_MODULE_VERSION 140. Please try re-compiling or re-installing\nthe module.",
            ),
            { code: 'ERR_DLOPEN_FAILED' },
          )
        }
      },
    }))
    await startApp(false)
    await vi.waitFor(() => expect(fake().errorBoxes).toHaveLength(1))
    const [box] = fake().errorBoxes
    expect(box?.content).toMatch(/built for Node 22, but this is Node .*NODE_MODULE_VERSION/)
    expect(box?.content).toMatch(/npm rebuild better-sqlite3 node-pty/)
    expect(box?.content).not.toMatch(/damaged/)
    expect(fake().calls).toContain('app.exit(1)')
    expect(fake().windows).toHaveLength(0)
  })

  it('sets its own menu and asks before quitting with open sessions', async () => {
    await startApp()
    expect(JSON.stringify(fake().menu)).not.toMatch(/"role":"close"/)
    // No session open: quitting is not questioned.
    const quit = (): boolean => {
      let prevented = false
      emitApp('before-quit', { preventDefault: () => (prevented = true) })
      return prevented
    }
    expect(quit()).toBe(false)
    expect(fake().messageBoxes).toHaveLength(0)
  })

  it('a crashed window is reloaded, the responder told and the crash put on open incidents', async () => {
    const win = await startApp()
    if (!win) throw new Error('no window')
    const incident = (await call(win, 'incidents.declare', {
      title: 'Crash',
      severity: 'P2',
      services: ['api'],
      impactScope: 'core',
      detection: 'monitoring-alert',
      description: '',
    })) as { id: string }
    win.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 137 })
    expect(win.webContents.reloads).toBe(1)
    expect(JSON.stringify(fake().messageBoxes)).toMatch(/reloaded/)
    const events = JSON.stringify(await call(win, 'timeline.list', { incidentId: incident.id }))
    expect(events).toContain('app.window.gone')
    expect(events).toContain('crashed (oom, exit code 137)')
    // IPC is bound again after the reload: the page can still call.
    expect(await call(win, 'app.info')).toMatchObject({ shell: 'electron' })
  })
})
