// Sandboxed preload: exposes exactly the contract's transport on window.sitrep — calls, event
// streams and terminal frames — and nothing else (no raw ipcRenderer). Method names and
// payloads are validated in main, where they are trusted; this file stays free of npm code
// because a sandboxed preload can require nothing but 'electron'.
import { contextBridge, ipcRenderer } from 'electron'
import type { EventMessage } from '../shared/contract'
import { IPC, type PreloadApi } from '../shared/preloadApi'

const api: PreloadApi = {
  invoke: (method, params) => {
    if (typeof method !== 'string') return Promise.reject(new Error('A method name is required'))
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
