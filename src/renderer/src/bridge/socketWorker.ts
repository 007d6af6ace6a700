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
 * every later call, on any thread, takes well under a millisecond. Done here, once the first
 * screen's calls are sent, while the core answers them and the page's main thread still runs the
 * app's code, the first screen's times and counts no longer pay it before the newest events are
 * painted (issue #20).
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

/** The id a call or reply starts with (`{"id":N,`), or -1 (an event). */
function idOf(message: string): number {
  const m = /^\{"id":(\d+),/.exec(message)
  return m ? Number(m[1]) : -1
}

/** Opens the socket and sends the first calls the moment it is open. */
function open({ url, first }: SocketWorkerBoot): void {
  // The first calls' replies, and whatever comes between them, go to the page as one message:
  // each message is a task of the page's main thread, and each reply a render of the whole
  // first screen (three renders, ~60 ms traced under load, before the rows were painted).
  const unanswered = new Set(first.map(idOf))
  let held: { data: string; at: number }[] = []
  const release = (): void => {
    if (held.length) post({ type: 'batch', messages: held })
    held = []
    unanswered.clear()
  }
  const socket = (ws = new WebSocket(url))
  socket.binaryType = 'arraybuffer'
  socket.onopen = () => {
    for (const message of first) socket.send(message)
    post({ type: 'open', at: performance.timeOrigin + performance.now() })
    // While the core answers them, not before: the socket's open event waited for it.
    warmIntl()
  }
  socket.onerror = () => post({ type: 'error' })
  socket.onclose = () => {
    release()
    post({ type: 'close' })
  }
  socket.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
    const now = performance.timeOrigin + performance.now()
    if (typeof e.data === 'string' && unanswered.size > 0) {
      held.push({ data: e.data, at: now })
      unanswered.delete(idOf(e.data))
      if (unanswered.size === 0) release()
      return
    }
    // Terminal bytes never wait (none flow before the page has asked for a session).
    release()
    if (typeof e.data === 'string') return post({ type: 'message', data: e.data, at: now })
    // A keystroke's echo is stamped here too, so the page's trace (latencyTrace.ts) can tell
    // the wait for the page's main thread from the way through the socket.
    const at = e.data.byteLength <= 69 ? now : undefined
    post({ type: 'message', data: e.data, at }, [e.data])
  }
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
  if (
    typeof parsed?.url === 'string' &&
    Array.isArray(parsed.first) &&
    parsed.first.every((m) => typeof m === 'string')
  )
    boot = { url: parsed.url, first: parsed.first }
} catch {
  boot = null
}
if (boot) open(boot)
else {
  post({ type: 'error' })
  post({ type: 'close' })
}
