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
  navigationAllowed,
  permissionDecision,
  trustRendererFile,
} from '../../../src/main/electron/hardening'
import { Core } from '../../../src/main/core/core'
import { tempDir } from '../../helpers/tempDir'

// What the stand-in records from window.ts / ipc.ts.
const recorded = vi.hoisted(() => ({
  windowOptions: [] as Record<string, unknown>[],
  permissionRequest: null as
    | null
    | ((wc: unknown, p: string, cb: (ok: boolean) => void, d: { requestingUrl?: string }) => void),
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
  const listeners = new Map<string, (e: { preventDefault(): void }, url?: string) => void>()
  let openHandler: ((d: { url: string }) => { action: string }) | null = null
  return {
    on: (ev: string, l: (e: { preventDefault(): void }, url?: string) => void) =>
      void listeners.set(ev, l),
    setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => void (openHandler = h),
    /** true when the listener prevented the default (navigation did not happen). */
    fire(ev: string, url?: string): boolean {
      let prevented = false
      listeners.get(ev)?.({ preventDefault: () => void (prevented = true) }, url)
      return prevented
    },
    open: (url: string) => openHandler?.({ url }),
    has: (ev: string) => listeners.has(ev),
  }
}

/** The webPreferences createMainWindow must give the window, every key (window.ts). */
const SECURE_WEB_PREFERENCES = {
  preload: '/app/out/preload/index.cjs',
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
  disableBlinkFeatures: 'Auxclick',
}

describe('window settings (hardening.ts)', () => {
  // What createMainWindow('/app/out/main') trusts: the built page and no other file.
  beforeAll(() => trustRendererFile('/app/out/renderer/index.html'))

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

  it('grants the page only clipboard writes, and only to our own page', () => {
    const ours = 'file:///app/out/renderer/index.html'
    const dev = 'http://localhost:5173'
    // The decision table: permission × where the request comes from.
    const table: [string, string | undefined, string | undefined, boolean][] = [
      ['clipboard-sanitized-write', ours, undefined, true],
      ['clipboard-sanitized-write', 'file://', undefined, true], // a check reports the origin
      ['clipboard-sanitized-write', `${ours}?x=1#top`, undefined, true],
      // Only the app's own built page: another file, a look-alike, a remote file host.
      ['clipboard-sanitized-write', 'file:///tmp/evil.html', undefined, false],
      ['clipboard-sanitized-write', 'file:///app/out/renderer/index.html.evil', undefined, false],
      [
        'clipboard-sanitized-write',
        'file:///app/out/renderer/../../evil/index.html',
        undefined,
        false,
      ],
      [
        'clipboard-sanitized-write',
        'file://evil.example/app/out/renderer/index.html',
        undefined,
        false,
      ],
      ['clipboard-sanitized-write', 'file:///home/aiko/Downloads/index.html', undefined, false],
      ['clipboard-sanitized-write', 'http://localhost:5173/', dev, true],
      ['clipboard-sanitized-write', 'http://localhost:5173/', undefined, false], // packaged
      ['clipboard-sanitized-write', 'https://evil.example/', dev, false],
      ['clipboard-sanitized-write', 'http://localhost:5173.evil.example/', dev, false],
      ['clipboard-sanitized-write', undefined, undefined, false],
      ['clipboard-read', ours, undefined, false],
      ['media', ours, undefined, false],
      ['notifications', ours, undefined, false],
      ['geolocation', ours, undefined, false],
      ['openExternal', ours, undefined, false],
      ['fullscreen', ours, undefined, false],
    ]
    for (const [permission, url, devUrl, granted] of table)
      expect(permissionDecision(permission, url, devUrl), `${permission} ${url}`).toBe(granted)
  })

  it("navigates only to the dev server's own origin, and only in development", () => {
    const dev = 'http://localhost:5173'
    expect(navigationAllowed('http://localhost:5173/', dev)).toBe(true) // Vite's full reload
    expect(navigationAllowed('http://localhost:5173/?t=1#x', dev)).toBe(true)
    expect(navigationAllowed('http://localhost:5173/', undefined)).toBe(false) // packaged
    expect(navigationAllowed('file:///app/out/renderer/index.html', undefined)).toBe(false)
    expect(navigationAllowed('https://evil.example/', dev)).toBe(false)
    expect(navigationAllowed('http://localhost:5173.evil.example/', dev)).toBe(false)
    expect(navigationAllowed(undefined, dev)).toBe(false)
    const c = fakeContents()
    lockDownContents(c, () => undefined, dev)
    expect(c.fire('will-navigate', 'http://localhost:5173/')).toBe(false)
    expect(c.fire('will-navigate', 'https://evil.example/')).toBe(true)
    expect(c.fire('will-redirect', 'http://localhost:5173/')).toBe(true)
  })

  it('trusts IPC only from our window, its main frame, showing our renderer', () => {
    const ok = {
      senderIsOurWindow: true,
      fromMainFrame: true,
      frameUrl: 'file:///app/out/renderer/index.html',
    }
    expect(isTrustedSender({ ...ok, frameUrl: 'file:///tmp/saved-page.html' })).toBe(false)
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

  it('creates the window with the secure webPreferences, every key pinned', async () => {
    const { createMainWindow } = await import('../../../src/main/electron/window')
    createMainWindow('/app/out/main')
    // toEqual: nothing that loosens them may creep in (e.g. experimentalFeatures).
    expect(recorded.windowOptions.at(-1)?.webPreferences).toEqual(SECURE_WEB_PREFERENCES)
  })

  it('locks down every web contents and restricts permissions through the session', async () => {
    const { lockDown, restrictPermissions } = await import('../../../src/main/electron/window')
    const c = fakeContents()
    lockDown(c as never)
    expect(c.fire('will-navigate')).toBe(true)
    expect(c.open('javascript:alert(1)')).toEqual({ action: 'deny' })
    expect(c.open('https://status.example.com/')).toEqual({ action: 'deny' })
    await vi.waitFor(() => expect(recorded.dialogs).toHaveLength(1))
    // The stand-in dialog answers "Cancel": nothing was opened.
    expect(recorded.opened).toEqual([])

    restrictPermissions()
    const ours = { requestingUrl: 'file:///app/out/renderer/index.html' }
    const answers: boolean[] = []
    for (const p of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal'])
      recorded.permissionRequest?.({}, p, (ok) => answers.push(ok), ours)
    expect(answers).toEqual([false, false, false, false, false])
    // "Copy" (navigator.clipboard.writeText) works in the app as in the browser.
    recorded.permissionRequest?.({}, 'clipboard-sanitized-write', (ok) => answers.push(ok), ours)
    expect(answers.at(-1)).toBe(true)
    recorded.permissionRequest?.({}, 'clipboard-sanitized-write', (ok) => answers.push(ok), {
      requestingUrl: 'https://evil.example/',
    })
    expect(answers.at(-1)).toBe(false)
    expect(recorded.permissionCheck?.({}, 'clipboard-read', 'file://', ours)).toBe(false)
    expect(recorded.permissionCheck?.({}, 'clipboard-sanitized-write', 'file://', {})).toBe(true)
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

  it('index.ts enables the sandbox, locks down every web contents and restricts permissions', () => {
    // Its source is checked here; test/unit/electron/shell.test.ts runs it against a fake app.
    const src = readFileSync(join(import.meta.dirname, '../../../src/main/index.ts'), 'utf8')
    expect(src).toMatch(/app\.enableSandbox\(\)/)
    expect(src).toMatch(
      /app\.on\('web-contents-created', \(_e, contents\) => lockDown\(contents\)\)/,
    )
    expect(src).toMatch(/restrictPermissions\(\)/)
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
    // Pinned to what the page uses: the bridge socket of `npm run serve` is same-origin (CSP3
    // 'self' covers ws: to the page's own host and port); the app itself talks over IPC.
    expect(csp.get('connect-src')).toEqual(["'self'"])
    expect(meta).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\bhttps?:\/\/(?!127\.0\.0\.1|localhost)/)
    for (const [, values] of csp) expect(values).not.toContain('*')
  })
})
