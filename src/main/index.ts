// The Electron shell: app lifecycle and one hardened window around the Electron-free core.
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow } from 'electron'
import { Core } from './core/core'
import { bindIpc } from './electron/ipc'
import { safeStorageKeys } from './electron/keys'
import { notifyFiredTimers } from './electron/notifications'
import { createMainWindow, denyAllPermissions, lockDown } from './electron/window'

const here = dirname(fileURLToPath(import.meta.url))

// Tests and portable setups point the app at another data folder; default is the OS's userData.
if (process.env.SITREP_DATA_DIR) app.setPath('userData', process.env.SITREP_DATA_DIR)
app.enableSandbox()
if (!app.requestSingleInstanceLock()) app.quit()

let core: Core | null = null

app.on('web-contents-created', (_e, contents) => lockDown(contents))

app.whenReady().then(() => {
  denyAllPermissions()
  const keys = safeStorageKeys()
  core = new Core({
    dataDir: app.getPath('userData'),
    shell: 'electron',
    version: app.getVersion(),
    ...(keys ? { keys } : {}),
  })
  core.start()
  notifyFiredTimers(core)
  const open = (): void => {
    if (!core) return
    const win = createMainWindow(here)
    const unbind = bindIpc(core, win)
    win.on('closed', unbind)
  }
  open()
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus())
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
