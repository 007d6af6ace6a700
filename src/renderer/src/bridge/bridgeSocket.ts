// The headless bridge's WebSocket, received off the page's main thread.
//
// Why: Chromium hands WebSocket data to the page in tasks on the main thread, and it reads the
// next bytes from the network only as those tasks run. While xterm.js parses a flood and the
// main thread waits on its WebGL frames, those tasks wait too, so bytes pile up in the socket
// and the core's flow control stops the remote program: measured in the sessions benchmark,
// the pane received about half of what xterm could parse. In a dedicated worker the socket is
// drained as fast as it fills and each message reaches the page as one transferred buffer.
//
// The page sees a small WebSocket-like object either way: where no worker can be started
// (an old browser, a stricter CSP), it is the plain WebSocket on the main thread.
import { callKey, type FirstCall } from '../stores/firstScreen'
import { traceFrame } from './latencyTrace'
import type { FromSocketWorker, ToSocketWorker } from './socketMessages'

export interface BridgeSocket {
  readonly readyState: number
  send(data: string | Uint8Array): void
  close(): void
  onopen: (() => void) | null
  onerror: (() => void) | null
  onclose: (() => void) | null
  onmessage: ((data: string | ArrayBuffer) => void) | null
}

class WorkerSocket implements BridgeSocket {
  readyState: number = WebSocket.CONNECTING
  onopen: (() => void) | null = null
  onerror: (() => void) | null = null
  onclose: (() => void) | null = null
  onmessage: ((data: string | ArrayBuffer) => void) | null = null

  constructor(
    private readonly worker: Worker,
    url: string,
  ) {
    worker.onmessage = (ev: MessageEvent<FromSocketWorker>) => this.receive(ev.data)
    // A worker that dies is a dropped connection: the transport reconnects. One that never
    // got as far as opening its socket (its script refused or failed to load) is not tried
    // again: the next connection uses the main thread.
    worker.onerror = () => {
      if (this.readyState === WebSocket.CONNECTING) workerUnusable = true
      this.onerror?.()
      this.closed()
    }
    this.post({ type: 'open', url })
  }

  send(data: string | Uint8Array): void {
    if (this.readyState !== WebSocket.OPEN) return
    if (typeof data === 'string') return this.post({ type: 'send', data })
    traceFrame('page.send', data)
    // Copied into a buffer of its own and transferred: the caller may reuse `data`.
    const copy = data.slice().buffer
    this.post({ type: 'send', data: copy }, [copy])
  }

  close(): void {
    this.post({ type: 'close' })
  }

  private post(m: ToSocketWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(m, transfer)
  }

  private receive(m: FromSocketWorker): void {
    if (m.type === 'message') {
      if (typeof m.data !== 'string') traceFrame('page.recv', m.data, m.at)
      this.onmessage?.(m.data)
    } else if (m.type === 'open') {
      this.readyState = WebSocket.OPEN
      this.onopen?.()
    } else if (m.type === 'error') this.onerror?.()
    else this.closed()
  }

  private closed(): void {
    if (this.readyState === WebSocket.CLOSED) return
    this.readyState = WebSocket.CLOSED
    this.worker.terminate()
    this.onclose?.()
  }
}

class MainThreadSocket implements BridgeSocket {
  private readonly ws: WebSocket
  onopen: (() => void) | null = null
  onerror: (() => void) | null = null
  onclose: (() => void) | null = null
  onmessage: ((data: string | ArrayBuffer) => void) | null = null

  constructor(url: string) {
    this.ws = new WebSocket(url)
    this.ws.binaryType = 'arraybuffer'
    this.ws.onopen = () => this.onopen?.()
    this.ws.onerror = () => this.onerror?.()
    this.ws.onclose = () => this.onclose?.()
    this.ws.onmessage = (e: MessageEvent<string | ArrayBuffer>) => this.onmessage?.(e.data)
  }

  get readyState(): number {
    return this.ws.readyState
  }

  send(data: string | Uint8Array): void {
    this.ws.send(data)
  }

  close(): void {
    this.ws.close()
  }
}

let workerUnusable = false

/**
 * The socket the entry (main.tsx) opened before the app's code ran, until api.ts takes it, with
 * the first screen's calls it sent as soon as it opened (issue #20: they are answered while the
 * app's code loads) and everything it received meanwhile, in order.
 */
interface Early {
  url: string
  socket: BridgeSocket
  /** Call key (stores/firstScreen.ts callKey) → the id it was sent with; empty until sent. */
  calls: Map<string, number>
  received: (string | ArrayBuffer)[]
}

let early: Early | null = null

export function openEarlySocket(url: string, calls: FirstCall[] = []): void {
  if (early) return
  const socket = openBridgeSocket(url)
  const opened: Early = { url, socket, calls: new Map(), received: [] }
  early = opened
  socket.onopen = () => {
    // Milestones of the first paint (bench/timeline-100k.ts reads them): on the page's clock,
    // where the browser's own WebSocket events for a worker's socket are reported late.
    performance.mark('sitrep.socketOpen')
    calls.forEach((c, i) => {
      const id = i + 1
      opened.calls.set(callKey(c.method, c.params), id)
      socket.send(JSON.stringify({ id, method: c.method, params: c.params }))
    })
    if (calls.length) {
      performance.mark('sitrep.firstCallsSent')
      // The first call is the newest page (stores/firstScreen.ts).
      firstPageReply = '{"id":1,'
    }
  }
  socket.onmessage = (data) => {
    markFirstPage(data)
    opened.received.push(data)
  }
}

let firstPageReply: string | null = null

/** Marks when the reply to the first screen's newest page reached the page (the milestone). */
export function markFirstPage(data: string | ArrayBuffer): void {
  if (firstPageReply === null || typeof data !== 'string' || !data.startsWith(firstPageReply))
    return
  firstPageReply = null
  performance.mark('sitrep.firstPage')
}

/** What api.ts takes over: the socket, the calls sent on it (key → id), what it received. */
export type TakenSocket = Pick<Early, 'socket' | 'calls' | 'received'>

/**
 * The early socket for `url` if one was opened and has not failed, else null (a fresh one is
 * opened). Taken once: reconnects open their own. The taker answers its own calls from the early
 * ones (same method and parameters) and hands on what was received, events included.
 */
export function takeEarlySocket(url: string): TakenSocket | null {
  const taken = early
  early = null
  if (!taken) return null
  if (taken.url === url && taken.socket.readyState !== WebSocket.CLOSED) return taken
  taken.socket.close()
  return null
}

export function openBridgeSocket(url: string): BridgeSocket {
  if (workerUnusable) return new MainThreadSocket(url)
  let worker: Worker
  try {
    worker = new Worker(new URL('./socketWorker.ts', import.meta.url), { type: 'module' })
  } catch {
    return new MainThreadSocket(url)
  }
  return new WorkerSocket(worker, url)
}
