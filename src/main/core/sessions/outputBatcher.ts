// Coalesces a session's output into fewer, larger frames. The first bytes after an idle gap go
// out at once (typing echo stays instant); bytes that keep coming are gathered for `delayMs` or
// until `maxBytes`, so a flood costs a few frames per frame-time instead of thousands of messages.
// A small write after the source paused also goes out at once, even a few ms after the previous
// frame: an echo typed quickly after the last one, or the prompt right after a command's output,
// is an answer, not part of a stream, and waiting up to `delayMs` for company delayed it (every
// key of a fast typist whose echoes came less than 8 ms apart). A source that streams writes back
// to back, or in pieces larger than ECHO_BYTES, is still batched.
//
// While the viewer is behind (the session's flow control says so), frames grow to
// `backlog.delayMs` / `backlog.maxBytes`: the renderer pays per message, not per byte (each one
// is a task on its main thread), and what it shows is already late by the backlog, so waiting a
// little longer to send one large frame costs nothing visible. Measured in the sessions bench:
// 128 KB frames left a busy pane receiving about half of what 1 MB frames delivered.

export interface BatcherOptions {
  delayMs: number
  maxBytes: number
  backlog?: { delayMs: number; maxBytes: number }
}

export const DEFAULT_BATCHING: BatcherOptions = {
  delayMs: 8,
  maxBytes: 128 * 1024,
  backlog: { delayMs: 32, maxBytes: 1024 * 1024 },
}

/** Up to this many bytes (an echo, a prompt) after a pause are sent at once. */
export const ECHO_BYTES = 1024
/** A source silent this long before a small write was answering, not streaming. */
export const ECHO_GAP_MS = 2

export class OutputBatcher {
  private chunks: Uint8Array[] = []
  private size = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private lastFlush = Number.NEGATIVE_INFINITY
  private lastPush = Number.NEGATIVE_INFINITY

  constructor(
    private readonly flushTo: (bytes: Uint8Array) => void,
    private readonly opts: BatcherOptions = DEFAULT_BATCHING,
    private readonly now: () => number = () => performance.now(),
    /** True while the viewers lag behind this session's output. */
    private readonly backlogged: () => boolean = () => false,
  ) {}

  push(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return
    const now = this.now()
    const paused = now - this.lastPush >= ECHO_GAP_MS
    this.lastPush = now
    this.chunks.push(bytes)
    this.size += bytes.byteLength
    const { delayMs, maxBytes } =
      this.opts.backlog && this.backlogged() ? this.opts.backlog : this.opts
    if (this.size >= maxBytes) return this.flush()
    if (this.timer) return
    if (now - this.lastFlush >= delayMs) return this.flush()
    if (paused && this.size <= ECHO_BYTES) return this.flush()
    this.timer = setTimeout(() => this.flush(), delayMs)
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.size === 0) return
    const out =
      this.chunks.length === 1 ? (this.chunks[0] as Uint8Array) : concat(this.chunks, this.size)
    this.chunks = []
    this.size = 0
    this.lastFlush = this.now()
    this.flushTo(out)
  }

  dispose(): void {
    this.flush()
  }
}

export function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.byteLength
  }
  return out
}
