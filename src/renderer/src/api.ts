// The renderer's one client of the contract. In Electron it rides window.sitrep (the preload);
// in a plain browser (headless mode) it opens the loopback WebSocket bridge with the page's token.
import { encodeAck, encodeFrame, decodeFrame, FrameKind } from '../../shared/frames'
import type {
  EventMessage,
  EventName,
  EventPayloads,
  MethodName,
  Params,
  ReplyMessage,
  Result,
} from '../../shared/contract'
import type { PreloadApi } from '../../shared/preloadApi'

declare global {
  interface Window {
    sitrep?: PreloadApi
  }
}

import { ApiError } from './apiError'
import { openBridgeSocket, takeEarlySocket, type BridgeSocket } from './bridge/bridgeSocket'
import { bridgeUrl } from './bridge/bridgeUrl'
import { takeEarlyReply } from './bridge/earlyCalls'

export { ApiError }

interface Transport {
  call(method: MethodName, params: unknown): Promise<ReplyMessage>
  onEvent(listener: (msg: EventMessage) => void): void
  sendFrame(frame: Uint8Array): void
  onFrame(listener: (frame: Uint8Array) => void): void
  onConnection(listener: (up: boolean) => void): void
  onStatus(listener: (status: ConnectionStatus) => void): void
  retryNow(): void
}

/** What the reconnect banner shows: since when the core is gone and when the next try is. */
export interface ConnectionStatus {
  up: boolean
  /** When the connection was lost (ms since epoch); null while up. */
  downSince: number | null
  /** Reconnect attempts made since it was lost. */
  attempt: number
  /** When the next attempt starts; null while one is under way or while up. */
  nextRetryAt: number | null
}

/**
 * Reconnect delays: quick at first (a blip), then every 2 s while the core is restarting. An
 * attempt is one loopback connection, so waiting longer saves nothing and only delays the
 * responder getting the console back (a restart takes a few seconds).
 */
const RECONNECT_MS = [250, 500, 1000, 2000]

function notConnected(id: number): ReplyMessage {
  return {
    id,
    ok: false,
    error: { code: 'internal', message: 'Not connected to the Sitrep core. Retrying…' },
  }
}

function websocketTransport(): Transport {
  const url = bridgeUrl()
  const pending = new Map<number, (r: ReplyMessage) => void>()
  const eventListeners: ((m: EventMessage) => void)[] = []
  const frameListeners: ((f: Uint8Array) => void)[] = []
  const connectionListeners: ((up: boolean) => void)[] = []
  const statusListeners: ((s: ConnectionStatus) => void)[] = []
  let nextId = 1
  let attempts = 0
  let ws: BridgeSocket
  let ready: Promise<void>
  let status: ConnectionStatus = { up: false, downSince: null, attempt: 0, nextRetryAt: null }
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  const setStatus = (next: ConnectionStatus): void => {
    status = next
    statusListeners.forEach((l) => l(status))
  }

  const connect = (): void => {
    retryTimer = null
    if (status.downSince !== null) setStatus({ ...status, attempt: attempts, nextRetryAt: null })
    // The first connection takes the socket main.tsx opened while this code was loading.
    const early = takeEarlySocket(url)
    ws = early?.socket ?? openBridgeSocket(url)
    let refused: () => void = () => undefined
    ready = new Promise((resolve, reject) => {
      const opened = (): void => {
        attempts = 0
        setStatus({ up: true, downSince: null, attempt: 0, nextRetryAt: null })
        connectionListeners.forEach((l) => l(true))
        resolve()
      }
      refused = () => reject(new Error('The Sitrep core refused or dropped the connection.'))
      ws.onopen = opened
      ws.onerror = refused
      // An early socket may have opened before anyone listened: said once the stores that
      // listen for the connection are wired (this runs while the modules load).
      if (ws.readyState === WebSocket.OPEN) queueMicrotask(opened)
    })
    ready.catch(() => undefined)
    const receive = (data: string | ArrayBuffer): void => {
      if (typeof data !== 'string') {
        const bytes = new Uint8Array(data)
        frameListeners.forEach((l) => l(bytes))
        return
      }
      const msg = JSON.parse(data) as ReplyMessage | EventMessage
      if ('event' in msg) eventListeners.forEach((l) => l(msg))
      else pending.get(msg.id)?.(msg)
    }
    ws.onmessage = receive
    // What the early socket received before this code listened (the events held for this page
    // load since its first calls were answered, then live ones, in order): handed on once the
    // stores are wired, like the open state below.
    if (early?.received.length) queueMicrotask(() => early.received.forEach(receive))
    ws.onclose = () => {
      // Calls waiting for the socket to open give up (an early socket's error had no listener).
      refused()
      // Only the first failure is news (a drop, or no core at the first try); failed retries
      // just move the next try, which the status carries.
      if (status.downSince === null) connectionListeners.forEach((l) => l(false))
      for (const [id, resolve] of pending) {
        resolve({
          id,
          ok: false,
          error: { code: 'internal', message: 'The connection to the Sitrep core was lost.' },
        })
      }
      pending.clear()
      // Without this a dropped socket left the page dead until a manual reload.
      const delay = RECONNECT_MS[Math.min(attempts++, RECONNECT_MS.length - 1)] ?? 5000
      setStatus({
        up: false,
        downSince: status.downSince ?? Date.now(),
        attempt: attempts,
        nextRetryAt: Date.now() + delay,
      })
      retryTimer = setTimeout(connect, delay)
    }
  }
  connect()

  return {
    call: async (method, params) => {
      const id = nextId++
      // The entry asked for this one already, over HTTP (the first screen's calls): its reply is
      // the answer, unless that request failed.
      const early = takeEarlyReply(method, params)
      const answered = early ? await early : null
      if (answered) return { ...answered, id }
      if (ws.readyState === WebSocket.CONNECTING) {
        try {
          await ready
        } catch {
          return notConnected(id)
        }
      }
      // send() on a closed socket drops the message silently: the call would never settle.
      if (ws.readyState !== WebSocket.OPEN) return notConnected(id)
      return new Promise((resolve) => {
        pending.set(id, (r) => {
          pending.delete(id)
          resolve(r)
        })
        ws.send(JSON.stringify({ id, method, params }))
      })
    },
    onEvent: (l) => void eventListeners.push(l),
    sendFrame: (frame) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(frame)
    },
    onFrame: (l) => void frameListeners.push(l),
    onConnection: (l) => void connectionListeners.push(l),
    onStatus: (l) => {
      statusListeners.push(l)
      l(status)
    },
    retryNow: () => {
      // Only while waiting between attempts: an attempt under way answers soon by itself.
      if (retryTimer === null) return
      clearTimeout(retryTimer)
      connect()
    },
  }
}

function preloadTransport(p: PreloadApi): Transport {
  return {
    call: (method, params) => p.invoke(method, params),
    onEvent: (l) => void p.onEvent(l),
    sendFrame: (f) => p.sendFrame(f),
    onFrame: (l) => void p.onFrame(l),
    onConnection: (l) => l(true),
    // The preload's IPC lives and dies with the window: there is nothing to reconnect.
    onStatus: (l) => l({ up: true, downSince: null, attempt: 0, nextRetryAt: null }),
    retryNow: () => undefined,
  }
}

export type OutputListener = (bytes: Uint8Array) => void

export interface Api {
  call<M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>>
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void
  /** Terminal bytes for one session channel. */
  onOutput(channel: number, listener: OutputListener): () => void
  sendInput(channel: number, bytes: Uint8Array): void
  /** Tell main that xterm.js has parsed `bytes` of this channel's output (flow control). */
  ack(channel: number, bytes: number): void
  onConnection(listener: (up: boolean) => void): void
  /** Connection details for the reconnect banner; called at once with the current state. */
  onStatus(listener: (status: ConnectionStatus) => void): void
  /** Skips the wait before the next reconnect attempt. */
  retryNow(): void
}

export function createApi(transport: Transport): Api {
  const events = new Map<EventName, Set<(p: never) => void>>()
  const outputs = new Map<number, Set<OutputListener>>()
  transport.onEvent((msg) => {
    for (const l of events.get(msg.event) ?? []) (l as (p: unknown) => void)(msg.payload)
  })
  transport.onFrame((data) => {
    const frame = decodeFrame(data)
    if (!frame || frame.kind !== FrameKind.Output) return
    const listeners = outputs.get(frame.channel)
    // Nobody shows this channel: acknowledge at once so it never holds its session paused.
    if (!listeners || listeners.size === 0)
      return transport.sendFrame(encodeAck(frame.channel, frame.payload.byteLength))
    for (const l of listeners) l(frame.payload)
  })
  return {
    async call(method, params) {
      const reply = await transport.call(method, params)
      if (!reply.ok) throw new ApiError(reply.error)
      return reply.result as Result<typeof method>
    },
    on(event, listener) {
      let set = events.get(event)
      if (!set) events.set(event, (set = new Set()))
      set.add(listener as (p: never) => void)
      return () => set.delete(listener as (p: never) => void)
    },
    onOutput(channel, listener) {
      let set = outputs.get(channel)
      if (!set) outputs.set(channel, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
    sendInput(channel, bytes) {
      transport.sendFrame(encodeFrame(FrameKind.Input, channel, bytes))
    },
    ack(channel, bytes) {
      transport.sendFrame(encodeAck(channel, bytes))
    },
    onConnection(listener) {
      transport.onConnection(listener)
    },
    onStatus(listener) {
      transport.onStatus(listener)
    },
    retryNow() {
      transport.retryNow()
    },
  }
}

export const api: Api = createApi(
  window.sitrep ? preloadTransport(window.sitrep) : websocketTransport(),
)
