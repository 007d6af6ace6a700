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
import { traceFrame } from './latencyTrace'
import type { FromSocketWorker, SocketWorkerBoot, ToSocketWorker } from './socketMessages'

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

  constructor(private readonly worker: Worker) {
    worker.onmessage = (ev: MessageEvent<FromSocketWorker>) => this.receive(ev.data)
    // A worker that dies is a dropped connection: the transport reconnects. One that never
    // got as far as opening its socket (its script refused or failed to load) is not tried
    // again: the next connection uses the main thread.
    worker.onerror = () => {
      if (this.readyState === WebSocket.CONNECTING) workerUnusable = true
      this.onerror?.()
      this.closed()
    }
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
      markOpen(m.at)
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
    this.ws.onopen = () => {
      markOpen(undefined)
      this.onopen?.()
    }
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
 * everything it received before api.ts listened, in order: the events the bridge held for this
 * page load since it answered the first calls over HTTP (bridge/earlyCalls.ts), then live ones.
 */
interface Early {
  /** The bridge's address without the load's key (what api.ts reconnects to). */
  url: string
  socket: BridgeSocket
  received: (string | ArrayBuffer)[]
}

let early: Early | null = null

/** `key`: this page load's, so the bridge sends first what it held since the early answer. */
export function openEarlySocket(url: string, key: string): void {
  if (early) return
  const socket = openBridgeSocket(`${url}&early=${encodeURIComponent(key)}`)
  const opened: Early = { url, socket, received: [] }
  early = opened
  socket.onmessage = (data) => void opened.received.push(data)
}

/** What api.ts takes over: the socket and what it received. */
export type TakenSocket = Pick<Early, 'socket' | 'received'>

/**
 * The early socket for `url` if one was opened and has not failed, else null (a fresh one is
 * opened). Taken once: reconnects open their own.
 */
export function takeEarlySocket(url: string): TakenSocket | null {
  const taken = early
  early = null
  if (!taken) return null
  if (taken.url === url && taken.socket.readyState !== WebSocket.CLOSED) return taken
  taken.socket.close()
  return null
}

// The socket's opening, a milestone of the first paint on the page's clock (bench/timeline-100k.ts
// reads it), stamped when the worker saw it: the page's main thread hears of it only once free.
let openMarked = false

function markOpen(at: number | undefined): void {
  if (openMarked) return
  openMarked = true
  const startTime = at === undefined ? performance.now() : at - performance.timeOrigin
  performance.mark('sitrep.socketOpen', { startTime })
}

export function openBridgeSocket(url: string): BridgeSocket {
  if (workerUnusable) return new MainThreadSocket(url)
  let worker: Worker
  try {
    // The address rides in the worker's name, which its script reads as soon as it runs. A
    // message posted to a worker that is still starting waits in the page until the page's main
    // thread hands it over, and at the first paint that thread is busy running the app's code:
    // traced, the socket opened ~25-40 ms after the worker had started (issue #20).
    const boot: SocketWorkerBoot = { url }
    worker = new Worker(new URL('./socketWorker.ts', import.meta.url), {
      type: 'module',
      name: JSON.stringify(boot),
    })
  } catch {
    return new MainThreadSocket(url)
  }
  return new WorkerSocket(worker)
}
