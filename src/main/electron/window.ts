// The one hardened window: sandboxed, context-isolated, no Node in the page, no navigation, no
// new windows, no permission but writing to the clipboard. Links open in the system browser only
// after the responder confirms, and only http(s).
import { join } from 'node:path'
import { app, BrowserWindow, dialog, session, shell, type WebContents } from 'electron'
import { externalLink, lockDownContents, permissionDecision, trustRendererFile } from './hardening'

/** The dev server's URL, in development only (a packaged app never trusts it). */
export function devServerUrl(): string | undefined {
  return app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL || undefined
}

export function rendererUrl(here: string): { file: string } | { url: string } {
  const dev = devServerUrl()
  return dev ? { url: dev } : { file: join(here, '../renderer/index.html') }
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
  // Reviewed: only an http(s) URL (externalLink) reaches here, and only after the responder
  // chose "Open in browser" for exactly this URL.
  if (response === 1) await shell.openExternal(parsed.toString()) // eng-disable OPEN_EXTERNAL_JS_CHECK
}

/** Applied to every web contents the app ever creates. */
export function lockDown(contents: WebContents): void {
  lockDownContents(
    contents,
    (url) => {
      void confirmAndOpenExternal(url.href, BrowserWindow.fromWebContents(contents) ?? undefined)
    },
    devServerUrl(),
  )
}

/** Every permission request and check goes through permissionDecision (clipboard writes only). */
export function restrictPermissions(): void {
  const dev = devServerUrl()
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback, details) =>
    callback(permissionDecision(permission, details.requestingUrl, dev)),
  )
  session.defaultSession.setPermissionCheckHandler((_wc, permission, origin, details) =>
    permissionDecision(permission, details.requestingUrl ?? origin, dev),
  )
}

export function createMainWindow(here: string): BrowserWindow {
  trustRendererFile(join(here, '../renderer/index.html'))
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Sitrep',
    backgroundColor: '#0f1115',
    // Written out here, not built by a helper, so that Electronegativity (CI) sees exactly
    // these settings; test/unit/electron/window.test.ts pins every key.
    webPreferences: {
      // Reviewed: the sandboxed preload exposes exactly the contract's transport (src/preload).
      preload: join(here, '../preload/index.cjs'), // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      // A middle click (auxclick) could otherwise open a link outside window.open's handler.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  win.once('ready-to-show', () => win.show())
  const target = rendererUrl(here)
  if ('url' in target) void win.loadURL(target.url)
  else void win.loadFile(target.file)
  return win
}
