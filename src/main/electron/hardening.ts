// The window's security policy as plain data and functions, with no runtime dependency on
// Electron, so a unit test can check every setting and decision without the Electron binary.
// window.ts and ipc.ts apply exactly these; change the policy here, not there.
// The window's webPreferences are written out where the window is created (window.ts), so that
// Electronegativity checks exactly what the window gets; the unit test pins them there.

import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The built renderer page (out/renderer/index.html): the only file:// page trusted. */
let rendererFile: string | null = null

/**
 * Trust exactly this file as our page. Before, any file:// URL counted as ours, so a page saved
 * to disk (a downloaded HTML file opened in a window that escaped the navigation lock) would have
 * been handed IPC and the clipboard. Unset, no file page is trusted (fail closed).
 */
export function trustRendererFile(path: string): void {
  rendererFile = resolve(path)
}

function isOurFile(url: string): boolean {
  if (rendererFile === null) return false
  // A permission check reports the bare origin "file://" for a file page; navigation to any
  // other file is blocked (lockDownContents), so the origin alone can only be ours.
  if (url === 'file://') return true
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'file:' || parsed.host !== '') return false
    // fileURLToPath drops ?query and #hash and decodes %xx: compared as the path on disk.
    return resolve(fileURLToPath(parsed)) === rendererFile
  } catch {
    return false
  }
}

/** Only web links may leave the app, and only to the system browser after a confirmation. */
export function externalLink(url: string): URL | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null
}

/** The parts of a WebContents the lock-down uses (a fake in tests, the real one in the app). */
export interface LockableContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', l: PreventableListener): void
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}
type PreventableListener = (event: { preventDefault(): void }, url?: string) => void

/**
 * Whether the page may navigate to `url`. Never in a packaged build. In development only a load
 * of the dev server's own origin passes: Vite's full reload (`location.reload()` after an edit
 * it cannot hot-swap) must work there, or every such edit leaves a stale page.
 */
export function navigationAllowed(url: string | undefined, devServerUrl?: string): boolean {
  if (!devServerUrl || !url) return false
  try {
    return new URL(url).origin === new URL(devServerUrl).origin
  } catch {
    return false
  }
}

/**
 * No navigation (but the dev server's reload in development), redirect or webview: the page is
 * the app. window.open is always denied; a web link is handed to `confirmExternal` (a native
 * "open in browser?" dialog) instead.
 */
export function lockDownContents(
  contents: LockableContents,
  confirmExternal: (url: URL) => void,
  devServerUrl?: string,
): void {
  const prevent: PreventableListener = (e) => e.preventDefault()
  contents.on('will-navigate', (e, url) => {
    if (!navigationAllowed(url, devServerUrl)) e.preventDefault()
  })
  contents.on('will-redirect', prevent)
  contents.on('will-attach-webview', prevent)
  contents.setWindowOpenHandler(({ url }) => {
    const link = externalLink(url)
    if (link) confirmExternal(link)
    return { action: 'deny' }
  })
}

/**
 * The one permission the page gets: `clipboard-sanitized-write` (navigator.clipboard.writeText:
 * "Copy" on a status update, OSC 52 copies from a pane), and only for our own page. Camera,
 * microphone, notification prompts, clipboard reads, geolocation, …: denied.
 */
export function permissionDecision(
  permission: string,
  requestingUrl: string | undefined,
  devServerUrl?: string,
): boolean {
  return permission === 'clipboard-sanitized-write' && isOurPage(requestingUrl, devServerUrl)
}

/** Our renderer: the packaged file:// page, or the dev server's origin in development. */
function isOurPage(url: string | undefined, devServerUrl?: string): boolean {
  if (!url) return false
  if (url.startsWith('file:')) return isOurFile(url)
  if (!devServerUrl) return false
  // Compare origins, not prefixes: http://localhost:5173.evil.example must not pass.
  try {
    return new URL(url).origin === new URL(devServerUrl).origin
  } catch {
    return false
  }
}

/** What an IPC event says about where it came from. */
export interface IpcSender {
  senderIsOurWindow: boolean
  /** The sending frame is the window's main frame (not an iframe, not a detached frame). */
  fromMainFrame: boolean
  frameUrl: string | undefined
}

/**
 * Accepts a message only from our window's main frame showing our own renderer: the packaged
 * file:// page, or the dev server's URL when one is configured (development only).
 */
export function isTrustedSender(sender: IpcSender, devServerUrl?: string): boolean {
  if (!sender.senderIsOurWindow || !sender.fromMainFrame || !sender.frameUrl) return false
  return isOurPage(sender.frameUrl, devServerUrl)
}
