// The desktop behaviour around the window, as plain functions with fakes: the menu (no Ctrl+W
// quit, no reload in packaged builds), the question before quitting with open sessions, and what
// happens when the renderer crashes or hangs.
import { EventEmitter } from 'node:events'
import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { appMenuTemplate, menuRoles } from '../../../src/main/electron/menu'
import { guardQuit, quitQuestion } from '../../../src/main/electron/quitGuard'
import {
  CRASH_WINDOW_MS,
  MAX_RELOADS,
  watchRenderer,
  type RendererWatchOptions,
} from '../../../src/main/electron/rendererWatch'

const menu = (platform: NodeJS.Platform, isPackaged: boolean) =>
  appMenuTemplate({ platform, isPackaged, appName: 'Sitrep', openDataFolder: () => undefined })

function items(t: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return t.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])])
}

describe('application menu', () => {
  it('Linux and Windows: no Close (Ctrl+W would quit), no reload when packaged', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const roles = menuRoles(menu(platform, true))
      expect(roles).not.toContain('close')
      expect(roles).not.toContain('reload')
      expect(roles).not.toContain('forceReload')
      expect(roles).not.toContain('toggleDevTools')
      for (const r of ['copy', 'paste', 'cut', 'selectAll', 'zoomIn', 'zoomOut', 'resetZoom'])
        expect(roles, r).toContain(r)
      expect(roles).toContain('togglefullscreen')
      expect(roles).toContain('quit')
      expect(menu(platform, true).map((m) => m.label ?? m.role)).toEqual([
        'File',
        'Edit',
        'View',
        'Window',
        'help',
      ])
    }
  })

  it("Linux and Windows: the Edit keys and Ctrl+- stay the page's (Ctrl+C is ^C in a pane)", () => {
    const edit = items(menu('linux', true)).filter((i) =>
      ['copy', 'paste', 'cut', 'undo', 'redo', 'selectAll', 'zoomOut'].includes(i.role ?? ''),
    )
    expect(edit).toHaveLength(7)
    for (const i of edit) expect(i.registerAccelerator, i.role).toBe(false)
  })

  it('macOS: the app menu, Cmd+W closes the window (Sitrep keeps running), Cmd keys owned', () => {
    const t = menu('darwin', true)
    expect(t[0]?.label).toBe('Sitrep')
    const roles = menuRoles(t)
    expect(roles).toContain('close')
    expect(roles).toContain('quit')
    expect(roles).not.toContain('reload')
    for (const i of items(t)) expect(i.registerAccelerator).toBeUndefined()
  })

  it('development builds keep reload and the developer tools', () => {
    expect(menuRoles(menu('linux', false))).toEqual(
      expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']),
    )
  })
})

/** An app / window stand-in whose events return whether a listener prevented the default. */
class Emitter extends EventEmitter {
  fire(event: string): boolean {
    let prevented = false
    this.emit(event, { preventDefault: () => (prevented = true) })
    return prevented
  }
}

describe('quitting with open sessions', () => {
  function setup(platform: NodeJS.Platform, sessions: number, answers: boolean[]) {
    const app = new Emitter()
    const win = new Emitter()
    const asked: number[] = []
    const guard = guardQuit(app, {
      platform,
      openSessions: () => sessions,
      confirm: (n) => {
        asked.push(n)
        return answers.shift() ?? false
      },
    })
    guard.guardWindow(win)
    return { app, win, asked }
  }

  it('no open session: quits without a question', () => {
    const { app, win, asked } = setup('linux', 0, [])
    expect(win.fire('close')).toBe(false)
    expect(app.fire('before-quit')).toBe(false)
    expect(asked).toEqual([])
  })

  it('Linux/Windows: closing the window asks; Cancel keeps it, Quit asks once', () => {
    const { app, win, asked } = setup('win32', 3, [false, true])
    expect(win.fire('close')).toBe(true) // Cancel
    expect(win.fire('close')).toBe(false) // Quit
    expect(app.fire('before-quit')).toBe(false) // the quit that follows is not asked again
    expect(asked).toEqual([3, 3])
  })

  it('macOS: closing the window does not ask (Sitrep keeps running); Cmd+Q does', () => {
    const { app, win, asked } = setup('darwin', 1, [false])
    expect(win.fire('close')).toBe(false)
    expect(asked).toEqual([])
    expect(app.fire('before-quit')).toBe(true)
    expect(asked).toEqual([1])
  })

  it('says how many sessions end', () => {
    expect(quitQuestion(1).message).toBe('Quit Sitrep? 1 terminal session is open.')
    expect(quitQuestion(4).message).toBe('Quit Sitrep? 4 terminal sessions are open.')
  })
})

describe('crashed or hung renderer', () => {
  function setup(answer = true) {
    const win = Object.assign(new EventEmitter(), {
      destroyed: false,
      isDestroyed: () => false,
      webContents: Object.assign(new EventEmitter(), {
        reloads: 0,
        crashes: 0,
        reload: () => void win.webContents.reloads++,
        forcefullyCrashRenderer: () => void win.webContents.crashes++,
      }),
    })
    let now = 1_000_000
    const recorded: { kind: string; text: string; reason: string }[] = []
    const told: string[] = []
    const asks: AbortSignal[] = []
    let rebinds = 0
    const opts: RendererWatchOptions = {
      now: () => now,
      record: (kind, p) => void recorded.push({ kind, text: p.text, reason: p.reason }),
      rebind: () => void rebinds++,
      tell: (m, d) => void told.push(`${m}: ${d}`),
      askReload: (signal) => {
        asks.push(signal)
        return new Promise((resolve) => {
          signal.addEventListener('abort', () => resolve(false))
          setTimeout(() => resolve(answer), 0)
        })
      },
    }
    watchRenderer(win, opts)
    const gone = (reason: string, exitCode = 1) =>
      win.webContents.emit('render-process-gone', {}, { reason, exitCode })
    return {
      win,
      recorded,
      told,
      asks,
      gone,
      rebinds: () => rebinds,
      tick: (ms: number) => (now += ms),
    }
  }

  it('a crash reloads the window, rebinds IPC, records it and tells the responder', () => {
    const s = setup()
    s.gone('crashed', 11)
    expect(s.win.webContents.reloads).toBe(1)
    expect(s.rebinds()).toBe(1)
    expect(s.recorded).toEqual([
      {
        kind: 'app.window.gone',
        reason: 'crashed',
        text: expect.stringMatching(/crashed \(crashed, exit code 11\); it was reloaded/),
      },
    ])
    expect(s.told[0]).toMatch(/reloaded/)
  })

  it('a clean exit (window closing) is not a crash', () => {
    const s = setup()
    s.gone('clean-exit', 0)
    expect(s.win.webContents.reloads).toBe(0)
    expect(s.recorded).toEqual([])
  })

  it(`stops reloading after ${MAX_RELOADS} crashes within a minute, and starts again later`, () => {
    const s = setup()
    for (let i = 0; i < MAX_RELOADS + 1; i++) s.gone('oom')
    expect(s.win.webContents.reloads).toBe(MAX_RELOADS)
    expect(s.told.at(-1)).toMatch(/keeps crashing.*not reloaded/)
    s.tick(CRASH_WINDOW_MS + 1)
    s.gone('oom')
    expect(s.win.webContents.reloads).toBe(MAX_RELOADS + 1)
  })

  it('a recording failure (no open database) still reloads and tells', () => {
    const s = setup()
    const w = Object.assign(new EventEmitter(), {
      isDestroyed: () => false,
      webContents: Object.assign(new EventEmitter(), {
        reload: () => s.told.push('reloaded'),
        forcefullyCrashRenderer: () => undefined,
      }),
    })
    watchRenderer(w, {
      now: () => 0,
      record: () => {
        throw new Error('The database is not open.')
      },
      rebind: () => undefined,
      tell: (m) => void s.told.push(m),
      askReload: async () => false,
    })
    w.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 })
    expect(s.told).toEqual(['reloaded', 'The Sitrep window was reloaded'])
  })

  it('a hung window: asked once; "Reload" ends the renderer, which then reloads', async () => {
    const s = setup(true)
    s.win.emit('unresponsive')
    s.win.emit('unresponsive')
    expect(s.asks).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 5))
    expect(s.win.webContents.crashes).toBe(1)
    s.gone('killed')
    expect(s.win.webContents.reloads).toBe(1)
    expect(s.recorded[0]?.reason).toBe('unresponsive')
    expect(s.recorded[0]?.text).toMatch(/stopped responding/)
  })

  it('a hung window that recovers: the question goes away, nothing is reloaded', async () => {
    const s = setup(true)
    s.win.emit('unresponsive')
    s.win.emit('responsive')
    expect(s.asks[0]?.aborted).toBe(true)
    await new Promise((r) => setTimeout(r, 5))
    expect(s.win.webContents.crashes).toBe(0)
  })
})
