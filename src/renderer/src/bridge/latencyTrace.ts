// Bench-only trace of a keystroke's hops through the page (bench/sessions-echo.ts): when a
// benchmark has put an array at window.__sitrepTrace, small terminal frames are stamped as they
// leave for the core, come back from it and are handed to xterm, with the wall clock in ms
// (performance.timeOrigin + now, comparable with the core's stamps on the same machine).
// Otherwise each call is one property read.

const TRACED_BYTES = 64

export type PageHop = 'page.send' | 'worker.recv' | 'page.recv' | 'page.write'

type Trace = Array<[PageHop, number, number]>

const traceOn = (): Trace | undefined => (globalThis as { __sitrepTrace?: Trace }).__sitrepTrace

/** Stamps `bytes` of terminal output handed to xterm. */
export function traceHop(hop: PageHop, bytes: number): void {
  const trace = traceOn()
  if (!trace || bytes > TRACED_BYTES) return
  trace.push([hop, bytes, performance.timeOrigin + performance.now()])
}

/** Stamps a whole frame crossing the socket: input on the way out, output on the way in. */
export function traceFrame(
  hop: 'page.send' | 'page.recv',
  frame: Uint8Array | ArrayBuffer,
  /** For an output frame: when the socket worker received it. */
  workerAt?: number,
): void {
  const trace = traceOn()
  if (!trace) return
  const bytes = new Uint8Array(frame)
  // Frame kinds (src/shared/frames.ts): 1 output, 2 input; acks (3) are not a key's hops.
  if (bytes[0] !== (hop === 'page.send' ? 2 : 1)) return
  const n = bytes.byteLength - 5
  if (workerAt !== undefined && n <= TRACED_BYTES) trace.push(['worker.recv', n, workerAt])
  traceHop(hop, n)
}
