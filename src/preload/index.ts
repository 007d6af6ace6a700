// Sandboxed preload: exposes exactly the contract on window.sitrep. Only known method names are
// forwarded; listeners receive plain data, never the IpcRendererEvent (which leaks ipcRenderer).
import { contextBridge, ipcRenderer } from 'electron'
import { isMethodName, type EventMessage } from '../shared/contract'
import { IPC, type PreloadApi } from '../shared/preloadApi'

const api: PreloadApi = {
  invoke: (method, params) => {
    if (!isMethodName(method)) return Promise.reject(new Error(`Unknown method ${String(method)}`))
    return ipcRenderer.invoke(IPC.call, { method, params })
  },
  onEvent: (listener) => {
    const wrapped = (_e: unknown, msg: EventMessage): void => listener(msg)
    ipcRenderer.on(IPC.event, wrapped)
    return () => ipcRenderer.removeListener(IPC.event, wrapped)
  },
  sendFrame: (frame) => {
    if (frame instanceof Uint8Array) ipcRenderer.send(IPC.frame, frame)
  },
  onFrame: (listener) => {
    const wrapped = (_e: unknown, frame: Uint8Array): void => listener(frame)
    ipcRenderer.on(IPC.frame, wrapped)
    return () => ipcRenderer.removeListener(IPC.frame, wrapped)
  },
}

contextBridge.exposeInMainWorld('sitrep', api)
