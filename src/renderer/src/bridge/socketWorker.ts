// Dedicated worker that holds the headless bridge's WebSocket (see bridgeSocket.ts). It does
// nothing but move messages: binary frames are transferred to the page, not copied, and
// nothing is parsed or kept here.
import type { FromSocketWorker, SocketWorkerBoot, ToSocketWorker } from './socketMessages'

interface WorkerScope {
  readonly name: string
  onmessage: ((ev: MessageEvent<ToSocketWorker>) => void) | null
  postMessage(message: FromSocketWorker, transfer?: Transferable[]): void
}

const scope = self as unknown as WorkerScope
let ws: WebSocket | null = null

const post = (m: FromSocketWorker, transfer: Transferable[] = []): void =>
  scope.postMessage(m, transfer)

/**
 * The first Intl call of a page loads ICU's data and the time zone (15-30 ms measured in Debian
 * Chromium, whichever of date, number or plural formatting comes first); that is process-wide, and
 * every later call, on any thread, takes well under a millisecond. Done here, while the page's
 * main thread runs the app's code, the first screen's times and counts no longer pay it before
 * the newest events are painted (issue #20).
 */
function warmIntl(): void {
  try {
    for (const locale of ['en', 'ja']) {
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(0)
      new Intl.NumberFormat(locale).format(1234.5)
      new Intl.PluralRules(locale).select(2)
    }
  } catch {
    // Only a head start: the page formats the same way without it.
  }
}

function open({ url }: SocketWorkerBoot): void {
  const socket = (ws = new WebSocket(url))
  socket.binaryType = 'arraybuffer'
  socket.onopen = () => post({ type: 'open', at: performance.timeOrigin + performance.now() })
  socket.onerror = () => post({ type: 'error' })
  socket.onclose = () => post({ type: 'close' })
  socket.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
    const now = performance.timeOrigin + performance.now()
    if (typeof e.data === 'string') return post({ type: 'message', data: e.data, at: now })
    // A keystroke's echo is stamped here too, so the page's trace (latencyTrace.ts) can tell
    // the wait for the page's main thread from the way through the socket.
    const at = e.data.byteLength <= 69 ? now : undefined
    post({ type: 'message', data: e.data, at }, [e.data])
  }
  // While the socket's handshake runs.
  warmIntl()
}

scope.onmessage = (ev) => {
  const m = ev.data
  if (m.type === 'send') {
    if (ws?.readyState === WebSocket.OPEN) ws.send(m.data)
  } else ws?.close()
}

// What to open is this worker's name (bridgeSocket.ts says why): read at once, not waited for.
// A name that is not what the page gives (the script opened some other way) opens nothing: the
// page sees a socket that failed and closed.
let boot: SocketWorkerBoot | null = null
try {
  const parsed = JSON.parse(scope.name) as Partial<SocketWorkerBoot> | null
  if (typeof parsed?.url === 'string') boot = { url: parsed.url }
} catch {
  boot = null
}
if (boot) open(boot)
else {
  post({ type: 'error' })
  post({ type: 'close' })
}
