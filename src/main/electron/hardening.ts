// The window's security policy as plain data and functions, with no runtime dependency on
// Electron, so a unit test can check every setting and decision without the Electron binary.
// window.ts and ipc.ts apply exactly these; change the policy here, not there.
import { join } from 'node:path'
import type { WebPreferences } from 'electron'

/** webPreferences of the one window: no Node in the page, sandboxed, isolated, same-origin. */
export function secureWebPreferences(here: string): WebPreferences {
  return {
    preload: join(here, '../preload/index.cjs'),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
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
type PreventableListener = (event: { preventDefault(): void }) => void

/**
 * No navigation, redirect or webview, ever: the page is the app. window.open is always denied;
 * a web link is handed to `confirmExternal` (a native "open in browser?" dialog) instead.
 */
export function lockDownContents(
  contents: LockableContents,
  confirmExternal: (url: URL) => void,
): void {
  const prevent: PreventableListener = (e) => e.preventDefault()
  contents.on('will-navigate', prevent)
  contents.on('will-redirect', prevent)
  contents.on('will-attach-webview', prevent)
  contents.setWindowOpenHandler(({ url }) => {
    const link = externalLink(url)
    if (link) confirmExternal(link)
    return { action: 'deny' }
  })
}

/** Camera, microphone, notifications prompts, clipboard reads…: the page is granted nothing. */
export function permissionRequestDecision(): false {
  return false
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
  const url = sender.frameUrl
  if (url.startsWith('file://')) return true
  if (!devServerUrl) return false
  // Compare origins, not prefixes: http://localhost:5173.evil.example must not pass.
  try {
    return new URL(url).origin === new URL(devServerUrl).origin
  } catch {
    return false
  }
}
