// The one hardened window: sandboxed, context-isolated, no Node in the page, no navigation, no
// new windows, no permissions. Links open in the system browser only after the responder
// confirms, and only http(s).
import { join } from 'node:path'
import { app, BrowserWindow, dialog, session, shell, type WebContents } from 'electron'
import {
  externalLink,
  lockDownContents,
  permissionRequestDecision,
  secureWebPreferences,
} from './hardening'

export function rendererUrl(here: string): { file: string } | { url: string } {
  const dev = process.env.ELECTRON_RENDERER_URL
  return !app.isPackaged && dev ? { url: dev } : { file: join(here, '../renderer/index.html') }
}

export async function confirmAndOpenExternal(url: string, owner?: BrowserWindow): Promise<void> {
  const parsed = externalLink(url)
  if (!parsed) return
  const opts = {
    type: 'question' as const,
    buttons: ['Cancel', 'Open in browser'],
    defaultId: 0,
    cancelId: 0,
    message: 'Open this link in your browser?',
    detail: parsed.toString(),
  }
  const { response } = owner
    ? await dialog.showMessageBox(owner, opts)
    : await dialog.showMessageBox(opts)
  if (response === 1) await shell.openExternal(parsed.toString())
}

/** Applied to every web contents the app ever creates. */
export function lockDown(contents: WebContents): void {
  lockDownContents(contents, (url) => {
    void confirmAndOpenExternal(url.href, BrowserWindow.fromWebContents(contents) ?? undefined)
  })
}

export function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(permissionRequestDecision()),
  )
  session.defaultSession.setPermissionCheckHandler(() => permissionRequestDecision())
}

export function createMainWindow(here: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Sitrep',
    backgroundColor: '#0f1115',
    webPreferences: secureWebPreferences(here),
  })
  win.once('ready-to-show', () => win.show())
  const target = rendererUrl(here)
  if ('url' in target) void win.loadURL(target.url)
  else void win.loadFile(target.file)
  return win
}
