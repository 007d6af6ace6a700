// The Electron shell: app lifecycle and one hardened window around the Electron-free core.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, dialog, Menu, shell } from 'electron'
import { Core } from './core/core'
import { NativeModuleError } from './core/nativeModules'
import { disableChromiumFeatures } from './electron/chromiumFeatures'
import { bindIpc } from './electron/ipc'
import { chooseKeys, keyLockFor } from './electron/keys'
import { takePassphraseFromEnv } from './core/secrets/keyProvider'
import { appMenuTemplate } from './electron/menu'
import { notifyFiredTimers } from './electron/notifications'
import { guardQuit, quitQuestion, type QuitGuard } from './electron/quitGuard'
import { watchRenderer } from './electron/rendererWatch'
import { spawnHelperProblem } from './electron/spawnHelper'
import { createMainWindow, lockDown, restrictPermissions } from './electron/window'

const here = dirname(fileURLToPath(import.meta.url))

// Tests and portable setups point the app at another data folder; default is the OS's userData
// (named after package.json's productName, "Sitrep", in development and packaged alike).
if (process.env.SITREP_DATA_DIR) app.setPath('userData', process.env.SITREP_DATA_DIR)

// Before the app is ready: how Chromium schedules the window's tasks (chromiumFeatures.ts).
disableChromiumFeatures(app.commandLine)

// A second Sitrep on the same data folder would open the same SQLite file: it hands over to the
// first (which comes to the front) and exits at once, before any handler or Core exists.
// app.quit() was not enough: it lands later, and whenReady had already built a Core by then.
if (!app.requestSingleInstanceLock()) app.exit(0)
else runApp()

function runApp(): void {
  let core: Core | null = null
  let quitGuard: QuitGuard | null = null

  app.enableSandbox()
  app.on('web-contents-created', (_e, contents) => lockDown(contents))
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0]
    if (win?.isMinimized()) win.restore()
    win?.focus()
  })

  app.whenReady().then(() => {
    restrictPermissions()
    // Read and removed before anything starts a shell: children inherit this environment.
    const passphrase = takePassphraseFromEnv()
    const choice = chooseKeys()
    // No keychain: the key file. The window's secrets-unlock dialog offers to seal it with a
    // passphrase, or asks for the passphrase when it is sealed (unless the environment gave it).
    const keyLock = keyLockFor(choice, join(app.getPath('userData'), 'secret.key'))
    if (choice.warning) console.warn(`sitrep: ${choice.warning.en}`)
    const started = new Core({
      dataDir: app.getPath('userData'),
      shell: 'electron',
      version: app.getVersion(),
      keyLock,
      // Packaged, the runbooks are extraResources next to app.asar (electron-builder.yml).
      ...(app.isPackaged ? { builtinRunbooksDir: join(process.resourcesPath, 'runbooks') } : {}),
    })
    // After the Core made the data folder: opens or seals the key file; a wrong passphrase leaves
    // it locked for the dialog, and the message never contains the passphrase.
    const keyProblem = keyLock.startWith(passphrase)
    if (keyProblem) console.warn(`sitrep: ${keyProblem}`)
    // Before start(): timers already overdue fire during start(), and their desktop
    // notification must not be lost.
    notifyFiredTimers(started)
    try {
      started.start()
      // An older version left the data folder readable by other accounts: repaired, and said.
      const permissions = started.data.permissionNotice
      if (permissions) console.warn(`sitrep: ${permissions}`)
    } catch (err) {
      started.close()
      if (!(err instanceof NativeModuleError)) throw err
      // Not "database damaged": the install is broken, and the dialog says how to fix it.
      dialog.showErrorBox('Sitrep cannot start', err.message)
      app.exit(1)
      return
    }
    core = started
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        appMenuTemplate({
          platform: process.platform,
          isPackaged: app.isPackaged,
          appName: app.getName(),
          openDataFolder: () => void shell.openPath(app.getPath('userData')),
        }),
      ),
    )
    quitGuard = guardQuit(app, {
      platform: process.platform,
      openSessions: () => core?.sessions.list().filter((s) => s.state !== 'closed').length ?? 0,
      confirm: (n) => {
        const { message, detail } = quitQuestion(n)
        const owner = BrowserWindow.getAllWindows()[0]
        const opts = {
          type: 'warning' as const,
          buttons: ['Cancel', 'Quit'],
          defaultId: 0,
          cancelId: 0,
          message,
          detail,
        }
        const answer = owner
          ? dialog.showMessageBoxSync(owner, opts)
          : dialog.showMessageBoxSync(opts)
        return answer === 1
      },
    })
    const open = (): void => {
      if (!core) return
      const win = createMainWindow(here)
      const current = core
      let unbind = bindIpc(current, win)
      win.on('closed', () => unbind())
      quitGuard?.guardWindow(win)
      watchRenderer(win, {
        now: () => Date.now(),
        record: (kind, payload) => {
          const store = current.data.ready
          if (!store) return
          for (const incident of current.incidents().incidents.open())
            store.timeline.append(incident.id, { kind, payload })
        },
        rebind: () => {
          unbind()
          unbind = bindIpc(current, win)
        },
        tell: (message, detail) =>
          void dialog.showMessageBox(win, { type: 'warning', buttons: ['OK'], message, detail }),
        askReload: async (signal) => {
          const { response } = await dialog.showMessageBox(win, {
            type: 'warning',
            buttons: ['Wait', 'Reload window'],
            defaultId: 0,
            cancelId: 0,
            message: 'The Sitrep window is not responding.',
            detail:
              'Reloading it keeps your terminal sessions, timers and the timeline: they run in the background and the panes reattach.',
            signal,
          })
          return response === 1
        },
      })
      warnIfLocalShellsCannotStart(win)
    }
    open()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) open()
    })
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  app.on('will-quit', () => {
    core?.close()
    core = null
  })
}

/** macOS: node-pty's spawn-helper without its exec bit (see spawnHelper.ts), said once. */
function warnIfLocalShellsCannotStart(win: BrowserWindow): void {
  let ptyDir: string
  try {
    ptyDir = dirname(createRequire(import.meta.url).resolve('node-pty/package.json'))
  } catch {
    return
  }
  const problem = spawnHelperProblem(ptyDir)
  if (!problem) return
  void dialog.showMessageBox(win, {
    type: 'warning',
    buttons: ['OK'],
    message: 'Local shell panes cannot start',
    detail: problem,
  })
}
