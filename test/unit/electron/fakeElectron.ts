// A recording stand-in for the parts of the `electron` module the shell uses (the Electron binary
// cannot be downloaded here). Use it with
//   vi.mock('electron', async () => (await import('./fakeElectron')).electronModule)
// Its state lives on globalThis, so a test that re-imports src/main/index.ts after
// vi.resetModules() still talks to the same stand-in as the mocked module.
import { EventEmitter } from 'node:events'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface FakeWebContents extends EventEmitter {
  mainFrame: { url: string }
  reloads: number
  crashes: number
  send(channel: string, payload: unknown): void
  reload(): void
  forcefullyCrashRenderer(): void
}

export interface FakeWindow extends EventEmitter {
  id: number
  options: Record<string, unknown>
  webContents: FakeWebContents
  destroyed: boolean
  isDestroyed(): boolean
}

type Listener = (...args: unknown[]) => unknown

export interface FakeState {
  lock: boolean
  isPackaged: boolean
  platform: NodeJS.Platform
  userData: string
  /** Calls that matter, in order: 'app.exit(0)', 'app.quit()', 'app.enableSandbox()', … */
  calls: string[]
  appListeners: Map<string, Listener[]>
  windows: FakeWindow[]
  notifications: { title: string; body: string }[]
  errorBoxes: { title: string; content: string }[]
  messageBoxes: Record<string, unknown>[]
  /** The button index showMessageBox / showMessageBoxSync answer with. */
  answer: number
  menu: unknown
  permissionRequest: Listener | null
  permissionCheck: Listener | null
  ipcHandlers: Map<string, Listener>
  /** Chromium command-line switches appended through app.commandLine (last value wins). */
  switches: Record<string, string>
}

const KEY = '__sitrepFakeElectron'
const store = globalThis as unknown as Record<string, FakeState | undefined>

export function fake(): FakeState {
  const s = store[KEY]
  if (!s) throw new Error('resetFake() first')
  return s
}

export function resetFake(over: Partial<FakeState> = {}): FakeState {
  store[KEY] = {
    lock: true,
    isPackaged: false,
    platform: 'linux',
    userData: '',
    calls: [],
    appListeners: new Map(),
    windows: [],
    notifications: [],
    errorBoxes: [],
    messageBoxes: [],
    answer: 0,
    menu: null,
    permissionRequest: null,
    permissionCheck: null,
    ipcHandlers: new Map(),
    switches: {},
    ...over,
  }
  return fake()
}

/** Emits an app event to what index.ts registered; returns the listeners' results. */
export function emitApp(event: string, ...args: unknown[]): unknown[] {
  return (fake().appListeners.get(event) ?? []).map((l) => l(...args))
}

class BrowserWindow extends EventEmitter implements FakeWindow {
  static getAllWindows = (): FakeWindow[] => fake().windows.filter((w) => !w.destroyed)
  static fromWebContents = (): null => null
  id: number
  destroyed = false
  webContents: FakeWebContents
  constructor(readonly options: Record<string, unknown>) {
    super()
    this.id = fake().windows.length + 1
    const wc = Object.assign(new EventEmitter(), {
      mainFrame: { url: 'file:///app/out/renderer/index.html' },
      reloads: 0,
      crashes: 0,
      send: () => undefined,
      reload: () => void wc.reloads++,
      forcefullyCrashRenderer: () => void wc.crashes++,
    })
    this.webContents = wc
    fake().windows.push(this)
  }
  isDestroyed = (): boolean => this.destroyed
  isMinimized = (): boolean => false
  restore = (): void => undefined
  focus = (): void => void fake().calls.push(`focus(${this.id})`)
  show = (): void => undefined
  // Like Electron: the main frame then shows that file (the only file:// page IPC trusts).
  loadFile = async (file: string): Promise<void> => {
    this.webContents.mainFrame.url = pathToFileURL(resolve(file)).href
  }
  loadURL = async (): Promise<void> => undefined
}

class Notification extends EventEmitter {
  static isSupported = (): boolean => true
  constructor(private readonly opts: { title: string; body: string }) {
    super()
  }
  show(): void {
    fake().notifications.push({ title: this.opts.title, body: this.opts.body })
  }
}

const record = (name: string) => (o: Record<string, unknown>) => fake().messageBoxes.push(o) && name

export const electronModule = {
  app: {
    get isPackaged() {
      return fake().isPackaged
    },
    setPath: (name: string, value: string) => {
      if (name === 'userData') fake().userData = value
    },
    getPath: () => fake().userData,
    getVersion: () => '0.0.0-test',
    getName: () => 'Sitrep',
    getLocale: () => 'en-US',
    requestSingleInstanceLock: () => fake().lock,
    commandLine: {
      getSwitchValue: (name: string) => fake().switches[name] ?? '',
      appendSwitch: (name: string, value = '') => void (fake().switches[name] = value),
    },
    enableSandbox: () => void fake().calls.push('app.enableSandbox()'),
    exit: (code = 0) => void fake().calls.push(`app.exit(${code})`),
    quit: () => void fake().calls.push('app.quit()'),
    whenReady: () => Promise.resolve(),
    on: (event: string, l: Listener) => {
      const s = fake()
      s.calls.push(`app.on(${event})`)
      s.appListeners.set(event, [...(s.appListeners.get(event) ?? []), l])
    },
  },
  BrowserWindow,
  Notification,
  Menu: {
    buildFromTemplate: (t: unknown) => t,
    setApplicationMenu: (m: unknown) => void (fake().menu = m),
  },
  dialog: {
    showErrorBox: (title: string, content: string) =>
      void fake().errorBoxes.push({ title, content }),
    showMessageBox: async (...a: unknown[]) => {
      record('async')(a.at(-1) as Record<string, unknown>)
      return { response: fake().answer, checkboxChecked: false }
    },
    showMessageBoxSync: (...a: unknown[]) => {
      record('sync')(a.at(-1) as Record<string, unknown>)
      return fake().answer
    },
  },
  shell: {
    openExternal: async () => undefined,
    openPath: async () => '',
  },
  safeStorage: { isEncryptionAvailable: () => false },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (h: Listener) => void (fake().permissionRequest = h),
      setPermissionCheckHandler: (h: Listener) => void (fake().permissionCheck = h),
    },
  },
  ipcMain: {
    handle: (ch: string, h: Listener) => void fake().ipcHandlers.set(ch, h),
    on: (ch: string, h: Listener) => void fake().ipcHandlers.set(ch, h),
    removeHandler: (ch: string) => void fake().ipcHandlers.delete(ch),
    removeListener: (ch: string) => void fake().ipcHandlers.delete(ch),
  },
}
