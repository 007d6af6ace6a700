// Dedicated worker that holds the headless bridge's WebSocket (see bridgeSocket.ts). It does
// nothing but move messages: binary frames are transferred to the page, not copied, and
// nothing is parsed or kept here.
import type { FromSocketWorker, ToSocketWorker } from './socketMessages'

interface WorkerScope {
  onmessage: ((ev: MessageEvent<ToSocketWorker>) => void) | null
  postMessage(message: FromSocketWorker, transfer?: Transferable[]): void
}

const scope = self as unknown as WorkerScope
let ws: WebSocket | null = null

const post = (m: FromSocketWorker, transfer: Transferable[] = []): void =>
  scope.postMessage(m, transfer)

scope.onmessage = (ev) => {
  const m = ev.data
  if (m.type === 'open') {
    ws = new WebSocket(m.url)
    ws.binaryType = 'arraybuffer'
    ws.onopen = () => post({ type: 'open' })
    ws.onerror = () => post({ type: 'error' })
    ws.onclose = () => post({ type: 'close' })
    ws.onmessage = (e: MessageEvent<string | ArrayBuffer>) =>
      typeof e.data === 'string'
        ? post({ type: 'message', data: e.data })
        : post({ type: 'message', data: e.data }, [e.data])
  } else if (m.type === 'send') {
    if (ws?.readyState === WebSocket.OPEN) ws.send(m.data)
  } else ws?.close()
}
