// The Electron shell's protections, checked without the Electron binary: the policy functions in
// src/main/electron/hardening.ts directly, and window.ts / ipc.ts / index.ts wired to a recording
// stand-in for the `electron` module (only the calls they make), so a regression in either the
// policy or its wiring fails here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  externalLink,
  isTrustedSender,
  lockDownContents,
  permissionRequestDecision,
  secureWebPreferences,
} from '../../../src/main/electron/hardening'
import { Core } from '../../../src/main/core/core'
import { tempDir } from '../../helpers/tempDir'

// What the stand-in records from window.ts / ipc.ts.
const recorded = vi.hoisted(() => ({
  windowOptions: [] as Record<string, unknown>[],
  permissionRequest: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
  permissionCheck: null as null | ((...a: unknown[]) => boolean),
  ipcHandlers: new Map<string, (e: unknown, msg: unknown) => unknown>(),
  ipcListeners: new Map<string, (e: unknown, data: unknown) => void>(),
  dialogs: [] as unknown[],
  opened: [] as string[],
}))

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events')
  class BrowserWindow extends EventEmitter {
    static fromWebContents = () => null
    id = 1
    webContents = { mainFrame: { url: 'file:///app/out/renderer/index.html' }, send: () => {} }
    constructor(opts: Record<string, unknown>) {
      super()
      recorded.windowOptions.push(opts)
    }
    isDestroyed = () => false
    loadFile = async () => {}
    loadURL = async () => {}
  }
  return {
    app: { isPackaged: true, getVersion: () => 't' },
    BrowserWindow,
    dialog: {
      showMessageBox: async (...a: unknown[]) => {
        recorded.dialogs.push(a)
        return { response: 0 }
      },
    },
    shell: { openExternal: async (u: string) => void recorded.opened.push(u) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof recorded.permissionRequest) =>
          (recorded.permissionRequest = h),
        setPermissionCheckHandler: (h: typeof recorded.permissionCheck) =>
          (recorded.permissionCheck = h),
      },
    },
    ipcMain: {
      handle: (ch: string, h: (e: unknown, m: unknown) => unknown) =>
        recorded.ipcHandlers.set(ch, h),
      on: (ch: string, l: (e: unknown, d: unknown) => void) => recorded.ipcListeners.set(ch, l),
      removeHandler: (ch: string) => recorded.ipcHandlers.delete(ch),
      removeListener: (ch: string) => recorded.ipcListeners.delete(ch),
    },
  }
})

/** A WebContents-like recorder of the lock-down's listeners. */
function fakeContents() {
  const listeners = new Map<string, (e: { preventDefault(): void }) => void>()
  let openHandler: ((d: { url: string }) => { action: string }) | null = null
  return {
    on: (ev: string, l: (e: { preventDefault(): void }) => void) => void listeners.set(ev, l),
    setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => void (openHandler = h),
    /** true when the listener prevented the default (navigation did not happen). */
    fire(ev: string): boolean {
      let prevented = false
      listeners.get(ev)?.({ preventDefault: () => void (prevented = true) })
      return prevented
    },
    open: (url: string) => openHandler?.({ url }),
    has: (ev: string) => listeners.has(ev),
  }
}

describe('window settings (hardening.ts)', () => {
  it('isolates and sandboxes the page, with no Node and full web security', () => {
    const prefs = secureWebPreferences('/app/out/main')
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
    // Nothing that loosens them may creep in (e.g. enableRemoteModule, experimentalFeatures).
    expect(Object.keys(prefs).sort()).toEqual(
      [
        'allowRunningInsecureContent',
        'contextIsolation',
        'nodeIntegration',
        'nodeIntegrationInSubFrames',
        'nodeIntegrationInWorker',
        'preload',
        'sandbox',
        'spellcheck',
        'webSecurity',
        'webviewTag',
      ].sort(),
    )
  })

  it('prevents navigation, redirects and webviews, and denies every window.open', () => {
    const c = fakeContents()
    const confirmed: string[] = []
    lockDownContents(c, (u) => confirmed.push(u.href))
    expect(c.fire('will-navigate')).toBe(true)
    expect(c.fire('will-redirect')).toBe(true)
    expect(c.fire('will-attach-webview')).toBe(true)
    for (const url of [
      'https://status.example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'about:blank',
      'sitrep-evil://x',
      'not a url',
    ]) {
      expect(c.open(url)).toEqual({ action: 'deny' })
    }
    // Only the web link is put to the responder (who confirms before the browser opens it).
    expect(confirmed).toEqual(['https://status.example.com/'])
  })

  it('allows only http(s) links out', () => {
    expect(externalLink('http://a.example/x')?.href).toBe('http://a.example/x')
    expect(externalLink('file:///etc/shadow')).toBeNull()
    expect(externalLink('javascript:alert(1)')).toBeNull()
    expect(externalLink('data:text/html,<script>1</script>')).toBeNull()
    expect(externalLink('')).toBeNull()
  })

  it('denies every permission request', () => {
    expect(permissionRequestDecision()).toBe(false)
  })

  it('trusts IPC only from our window, its main frame, showing our renderer', () => {
    const ok = { senderIsOurWindow: true, fromMainFrame: true, frameUrl: 'file:///app/index.html' }
    expect(isTrustedSender(ok)).toBe(true)
    expect(isTrustedSender({ ...ok, senderIsOurWindow: false })).toBe(false)
    expect(isTrustedSender({ ...ok, fromMainFrame: false })).toBe(false)
    expect(isTrustedSender({ ...ok, frameUrl: undefined })).toBe(false)
    expect(isTrustedSender({ ...ok, frameUrl: 'https://evil.example/' })).toBe(false)
    expect(isTrustedSender({ ...ok, frameUrl: 'about:blank' })).toBe(false)
    const dev = 'http://localhost:5173'
    expect(isTrustedSender({ ...ok, frameUrl: 'http://localhost:5173/' }, dev)).toBe(true)
    // A prefix match would have let these through.
    expect(isTrustedSender({ ...ok, frameUrl: 'http://localhost:51730/' }, dev)).toBe(false)
    expect(isTrustedSender({ ...ok, frameUrl: 'http://localhost:5173.evil.example/' }, dev)).toBe(
      false,
    )
    // Without a dev server (packaged app) only file:// pages are ours.
    expect(isTrustedSender({ ...ok, frameUrl: 'http://localhost:5173/' })).toBe(false)
  })
})

describe('wiring in window.ts, ipc.ts and index.ts', () => {
  let core: Core
  beforeAll(() => {
    core = new Core({
      dataDir: join(tempDir(), 'data'),
      shell: 'electron',
      version: 't',
      backupIntervalMs: 0,
    })
    core.start()
  })
  afterAll(() => core.close())

  it('creates the window with the secure webPreferences', async () => {
    const { createMainWindow } = await import('../../../src/main/electron/window')
    createMainWindow('/app/out/main')
    expect(recorded.windowOptions.at(-1)?.webPreferences).toEqual(
      secureWebPreferences('/app/out/main'),
    )
  })

  it('locks down every web contents and denies permissions through the session', async () => {
    const { lockDown, denyAllPermissions } = await import('../../../src/main/electron/window')
    const c = fakeContents()
    lockDown(c as never)
    expect(c.fire('will-navigate')).toBe(true)
    expect(c.open('javascript:alert(1)')).toEqual({ action: 'deny' })
    expect(c.open('https://status.example.com/')).toEqual({ action: 'deny' })
    await vi.waitFor(() => expect(recorded.dialogs).toHaveLength(1))
    // The stand-in dialog answers "Cancel": nothing was opened.
    expect(recorded.opened).toEqual([])

    denyAllPermissions()
    const answers: boolean[] = []
    for (const p of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal'])
      recorded.permissionRequest?.({}, p, (ok) => answers.push(ok))
    expect(answers).toEqual([false, false, false, false, false])
    expect(recorded.permissionCheck?.({}, 'clipboard-read')).toBe(false)
  })

  it('refuses calls and frames from another webContents or a subframe', async () => {
    const { bindIpc } = await import('../../../src/main/electron/ipc')
    const { BrowserWindow } = await import('electron')
    const win = new BrowserWindow({}) as unknown as {
      webContents: { mainFrame: { url: string } }
    }
    const unbind = bindIpc(core, win as never)
    const call = recorded.ipcHandlers.get('sitrep:call')
    if (!call) throw new Error('sitrep:call not bound')
    const msg = { method: 'app.info', params: {} }
    const ours = { sender: win.webContents, senderFrame: win.webContents.mainFrame }
    expect(await call(ours, msg)).toMatchObject({ ok: true, result: { shell: 'electron' } })
    const refused = { ok: false, error: { code: 'invalid_params' } }
    expect(await call({ ...ours, sender: {} }, msg)).toMatchObject(refused)
    expect(
      await call({ ...ours, senderFrame: { url: 'file:///app/out/renderer/index.html' } }, msg),
    ).toMatchObject(refused)
    expect(await call({ ...ours, senderFrame: null }, msg)).toMatchObject(refused)
    win.webContents.mainFrame.url = 'https://evil.example/'
    expect(await call(ours, msg)).toMatchObject(refused)
    win.webContents.mainFrame.url = 'file:///app/out/renderer/index.html'
    unbind()
    expect(recorded.ipcHandlers.has('sitrep:call')).toBe(false)
  })

  it('index.ts enables the sandbox, locks down every web contents and denies permissions', () => {
    // index.ts runs the app on import, so its three security calls are checked in its source.
    const src = readFileSync(join(import.meta.dirname, '../../../src/main/index.ts'), 'utf8')
    expect(src).toMatch(/app\.enableSandbox\(\)/)
    expect(src).toMatch(
      /app\.on\('web-contents-created', \(_e, contents\) => lockDown\(contents\)\)/,
    )
    expect(src).toMatch(/denyAllPermissions\(\)/)
  })
})

/** Directives of a CSP string, e.g. {"script-src": ["'self'"]}. */
function parseCsp(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/)
    if (name) out.set(name.toLowerCase(), values)
  }
  return out
}

describe('renderer CSP (source index.html; the built one is checked in hostileOutput.spec)', () => {
  it('allows no eval, no inline script and nothing from the network', () => {
    const html = readFileSync(join(import.meta.dirname, '../../../src/renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    expect(meta).toBeDefined()
    const csp = parseCsp(meta ?? '')
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(meta).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\bhttps?:\/\/(?!127\.0\.0\.1|localhost)/)
    for (const [, values] of csp) expect(values).not.toContain('*')
  })
})
