// What the preload script puts on window.sitrep in the Electron shell: the contract's calls,
// its event streams and the binary terminal channel — and nothing else (no raw ipcRenderer).
import type { EventMessage, MethodName, ReplyMessage } from './contract'

export interface PreloadApi {
  invoke(method: MethodName, params: unknown): Promise<ReplyMessage>
  onEvent(listener: (msg: EventMessage) => void): () => void
  sendFrame(frame: Uint8Array): void
  onFrame(listener: (frame: Uint8Array) => void): () => void
}

export const IPC = {
  call: 'sitrep:call',
  event: 'sitrep:event',
  frame: 'sitrep:frame',
} as const
