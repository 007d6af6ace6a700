// The first screen's calls over plain HTTP (issue #20). A page's WebSocket lives in a dedicated
// worker (renderer bridge/bridgeSocket.ts), and Chromium starts a worker slowly: traced on this
// machine, its script reached the worker thread 150-300 ms after the page asked for it, so the
// socket, and the newest events with it, came after the app's code had long run. A fetch() from
// the entry goes out at once and is answered while the app's code loads; the newest events are
// there when it first renders.
//
// Nothing may be lost between that answer and the socket: the page names its load with a random
// key, sent with the calls and in the socket's address. From the moment the calls are answered
// until a socket with that key opens (or HOLD_MS pass), every event is held for it, in order, and
// the socket sends those first. An event both in an answer and held comes twice; the stores take
// events idempotently (by seq, by id), as they do on a reconnect.
//
// Only the calls the first screen makes, all of them reads, are answered here; everything else
// goes over the socket. The request needs what the socket needs: a loopback peer, our Origin, the
// page's session cookie and the token (a header, never the URL).
import type { EventMessage, ReplyMessage } from '../../../shared/contract'
import { EARLY_METHODS } from '../../../shared/earlyCalls'
import type { CallContext, Handlers } from '../rpc/handlerTypes'
import { dispatch } from '../rpc/handlers'

const EARLY_METHOD_NAMES: ReadonlySet<string> = new Set(EARLY_METHODS)

export const MAX_EARLY_BODY = 4096
const MAX_CALLS = 8
/** How long events are held for a socket that has not come yet. */
export const HOLD_MS = 15_000
/** Past this many bytes of held events, holding stops and the socket starts afresh (see take). */
const MAX_HELD_BYTES = 16 * 1024 * 1024
/**
 * Page loads held for at once. A page makes one per load; a page reloaded in a loop (or a script
 * with the token) must not make the core keep 16 MB for each: the oldest is dropped, and its
 * socket, if it ever comes, gets live events only, as after the hold time.
 */
export const MAX_HOLDS = 16
const KEY_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** A request the page should not have sent: answered 400 with this message. */
export class EarlyCallsRefused extends Error {}

interface Held {
  events: string[]
  bytes: number
  overflowed: boolean
  stop(): void
}

/** What a socket opened with a key receives first. */
export type HeldForSocket =
  | { kind: 'none' }
  | { kind: 'events'; events: string[] }
  /** Too much happened before the socket came: it must read the state again (a reconnect). */
  | { kind: 'overflowed' }

export class EarlyCalls {
  private readonly held = new Map<string, Held>()

  constructor(
    private readonly handlers: Handlers,
    private readonly onAnyEvent: (
      listener: (event: string, payload: unknown) => void,
    ) => () => void,
    private readonly holdMs = HOLD_MS,
  ) {}

  /**
   * Answers `{ key, calls: [{ id, method, params }] }` (already read and size-checked by the
   * server). Holding starts before the first call runs, so an event that lands during the calls
   * is held too.
   */
  async answer(body: unknown, ctx: CallContext): Promise<ReplyMessage[]> {
    const { key, calls } = parseRequest(body)
    this.hold(key)
    return Promise.all(calls.map((c) => dispatch(this.handlers, c.id, c.method, c.params, ctx)))
  }

  /** The socket with this key opened: what was held for it, and holding stops. */
  take(key: string | null): HeldForSocket {
    const h = key === null ? undefined : this.held.get(key)
    if (!h) return { kind: 'none' }
    h.stop()
    this.held.delete(key as string)
    return h.overflowed ? { kind: 'overflowed' } : { kind: 'events', events: h.events }
  }

  /** How many page loads have events held (tests). */
  holding(): number {
    return this.held.size
  }

  close(): void {
    for (const h of this.held.values()) h.stop()
    this.held.clear()
  }

  private hold(key: string): void {
    // A key asked again (a retried fetch) keeps holding from the first time: nothing is lost.
    if (this.held.has(key)) return
    // Maps keep insertion order: the first key is the oldest hold.
    for (const [oldest, h] of this.held) {
      if (this.held.size < MAX_HOLDS) break
      h.stop()
      this.held.delete(oldest)
    }
    const h: Held = { events: [], bytes: 0, overflowed: false, stop: () => undefined }
    const unsubscribe = this.onAnyEvent((event, payload) => {
      if (h.overflowed) return
      const msg = JSON.stringify({ event, payload } as EventMessage)
      h.bytes += msg.length
      if (h.bytes > MAX_HELD_BYTES) {
        h.overflowed = true
        h.events = []
        return
      }
      h.events.push(msg)
    })
    const timer = setTimeout(() => {
      h.stop()
      this.held.delete(key)
    }, this.holdMs)
    timer.unref?.()
    h.stop = () => {
      clearTimeout(timer)
      unsubscribe()
    }
    this.held.set(key, h)
  }
}

function parseRequest(body: unknown): {
  key: string
  calls: { id: number; method: string; params: unknown }[]
} {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new EarlyCallsRefused('Expected {"key": …, "calls": […]}.')
  const { key, calls } = body as { key?: unknown; calls?: unknown }
  if (typeof key !== 'string' || !KEY_SHAPE.test(key))
    throw new EarlyCallsRefused('The key must be a random UUID in lower case.')
  if (!Array.isArray(calls) || calls.length === 0 || calls.length > MAX_CALLS)
    throw new EarlyCallsRefused(`Between 1 and ${MAX_CALLS} calls are answered here.`)
  return {
    key,
    calls: calls.map((c: unknown) => {
      const { id, method, params } = (c ?? {}) as {
        id?: unknown
        method?: unknown
        params?: unknown
      }
      if (typeof id !== 'number' || !Number.isSafeInteger(id))
        throw new EarlyCallsRefused('Each call needs a whole-number id.')
      if (typeof method !== 'string' || !EARLY_METHOD_NAMES.has(method))
        throw new EarlyCallsRefused(
          `Only the first screen's reads are answered here (${EARLY_METHODS.join(', ')}); everything else goes over the socket.`,
        )
      return { id, method, params }
    }),
  }
}

/** The key a socket was opened with (`/bridge?…&early=<key>`), when it is one. */
export function earlyKeyOf(query: URLSearchParams): string | null {
  const k = query.get('early')
  return k !== null && KEY_SHAPE.test(k) ? k : null
}
