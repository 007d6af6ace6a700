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
    ws.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
      if (typeof e.data === 'string') return post({ type: 'message', data: e.data })
      // A keystroke's echo is stamped here too, so the page's trace (latencyTrace.ts) can tell
      // the wait for the page's main thread from the way through the socket.
      const at = e.data.byteLength <= 69 ? performance.timeOrigin + performance.now() : undefined
      post({ type: 'message', data: e.data, at }, [e.data])
    }
  } else if (m.type === 'send') {
    if (ws?.readyState === WebSocket.OPEN) ws.send(m.data)
  } else ws?.close()
}
