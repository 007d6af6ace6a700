// The application menu. Electron's default menu is made for a browser-like app: Ctrl+W closes
// the window (on Linux and Windows the last window closing quits Sitrep mid-incident) and
// Ctrl+R reloads the page. This one keeps what a responder expects of a desktop app — Edit with
// copy/paste, View with zoom and full screen, Window, Help — and leaves those two out.
// Plain data (no Electron at run time), so a test can check every item.
import type { MenuItemConstructorOptions } from 'electron'

export interface MenuOptions {
  platform: NodeJS.Platform
  /** Reload and developer tools exist only in development. */
  isPackaged: boolean
  appName: string
  /** Opens the data folder in the file manager (Help menu). */
  openDataFolder: () => void
}

export function appMenuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const mac = o.platform === 'darwin'
  // On Linux and Windows the page sees Ctrl+C, Ctrl+V, Ctrl+Z first only when the menu does not
  // register them: a terminal pane needs Ctrl+C as ^C, and text fields copy and paste on their
  // own. The items still show the keys. On macOS these are Cmd keys, which the menu must own.
  const keys = mac ? {} : { registerAccelerator: false }
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo', ...keys },
      { role: 'redo', ...keys },
      { type: 'separator' },
      { role: 'cut', ...keys },
      { role: 'copy', ...keys },
      { role: 'paste', ...keys },
      { role: 'selectAll', ...keys },
    ],
  }
  const development: MenuItemConstructorOptions[] = o.isPackaged
    ? []
    : [
        { type: 'separator' },
        { role: 'reload' },
        { role: 'forceReload' },
        { role: 'toggleDevTools' },
      ]
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      // Ctrl+- is ^_ (undo in bash's readline) in a terminal pane: on Linux and Windows the
      // item stays in the menu but leaves the key to the page.
      { role: 'zoomOut', ...keys },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...development,
    ],
  }
  // No "close" item on Linux and Windows: closing the only window is quitting there, which
  // asks first (quitGuard.ts) and must not be one stray Ctrl+W away. On macOS Cmd+W closes the
  // window and Sitrep keeps running (sessions too) until Cmd+Q.
  const windowMenu: MenuItemConstructorOptions = {
    label: 'Window',
    submenu: mac
      ? [
          { role: 'minimize' },
          { role: 'zoom' },
          { role: 'close' },
          { type: 'separator' },
          { role: 'front' },
        ]
      : [{ role: 'minimize' }],
  }
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Open Data Folder', click: () => o.openDataFolder() },
      ...(mac ? [] : [{ role: 'about' as const }]),
    ],
  }
  if (mac) {
    return [
      {
        label: o.appName,
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          { role: 'quit' },
        ],
      },
      edit,
      view,
      windowMenu,
      help,
    ]
  }
  return [{ label: 'File', submenu: [{ role: 'quit' }] }, edit, view, windowMenu, help]
}

/** Every role in a template, depth first (for tests and checks). */
export function menuRoles(template: MenuItemConstructorOptions[]): string[] {
  const out: string[] = []
  for (const item of template) {
    if (item.role) out.push(item.role)
    if (Array.isArray(item.submenu)) out.push(...menuRoles(item.submenu))
  }
  return out
}
