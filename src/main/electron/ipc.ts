// Binds the core's handler table and streams to Electron IPC for one window. Every message is
// checked to come from that window's main frame, showing our own renderer.
import { ipcMain, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron'
import type { EventMessage, ReplyMessage } from '../../shared/contract'
import { IPC } from '../../shared/preloadApi'
import type { Core } from '../core/core'
import { createHandlers, dispatch } from '../core/rpc/handlers'
import { routeIncomingFrame } from '../core/rpc/frames'
import type { Viewer } from '../core/sessions/session'
import { isTrustedSender } from './hardening'
import { devServerUrl } from './window'

function fromOurWindow(win: BrowserWindow, e: IpcMainEvent | IpcMainInvokeEvent): boolean {
  if (win.isDestroyed()) return false
  const frame = e.senderFrame
  return isTrustedSender(
    {
      senderIsOurWindow: e.sender === win.webContents,
      fromMainFrame: !!frame && frame === win.webContents.mainFrame,
      frameUrl: frame?.url,
    },
    // The dev server is trusted only in development, as in rendererUrl().
    devServerUrl(),
  )
}

export function bindIpc(core: Core, win: BrowserWindow): () => void {
  const handlers = createHandlers(core)
  const viewer: Viewer = {
    id: `window-${win.id}`,
    sendFrame: (frame) => {
      if (!win.isDestroyed()) win.webContents.send(IPC.frame, frame)
    },
  }
  ipcMain.handle(IPC.call, async (e, msg: unknown): Promise<ReplyMessage> => {
    if (!fromOurWindow(win, e)) {
      return {
        id: 0,
        ok: false,
        error: { code: 'invalid_params', message: 'Refused: not from the Sitrep window.' },
      }
    }
    const m = (typeof msg === 'object' && msg !== null ? msg : {}) as {
      method?: unknown
      params?: unknown
    }
    return dispatch(handlers, 0, m.method, m.params, { viewer })
  })
  const onFrame = (e: IpcMainEvent, data: unknown): void => {
    if (!fromOurWindow(win, e) || !(data instanceof Uint8Array)) return
    routeIncomingFrame(core.sessions, viewer, data)
  }
  ipcMain.on(IPC.frame, onFrame)
  const unsubscribe = core.events.onAny((event, payload) => {
    const msg: EventMessage = { event, payload }
    if (!win.isDestroyed()) win.webContents.send(IPC.event, msg)
  })
  return () => {
    ipcMain.removeHandler(IPC.call)
    ipcMain.removeListener(IPC.frame, onFrame)
    unsubscribe()
    core.sessions.detachViewer(viewer.id)
  }
}
