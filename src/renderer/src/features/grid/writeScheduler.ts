// One write budget per animation frame shared by every pane, so a pane flooding output (a
// `cat` of a large log, a `kubectl logs -f`) never starves the others of screen time. The
// focused pane is served first; every pane with pending bytes gets a fair share each frame;
// whatever is left over stays queued for the next frame. A pane streaming alone is fed up to
// its in-flight bound instead, since it has nobody to share with.
//
// An echo goes to xterm at once: a few bytes for a pane with nothing queued and nothing being
// parsed are written when they arrive, not in the next animation frame. xterm paints what it
// parsed in its own next frame, so waiting for ours first cost a whole extra frame per keystroke
// (bench/sessions-echo.ts traced it: ~16 ms of a 60 Hz frame between the frame arriving and
// xterm.write). A flooding pane always has bytes queued or in flight, so floods still go through
// the shared per-frame budget below.
//
// Acks: bytes are acknowledged to the core only from xterm's write callback, i.e. after xterm
// parsed them. The core pauses the session's source while too much is unacknowledged, so
// this is what turns a slow screen into back-pressure on the remote program.

import { traceHop } from '../../bridge/latencyTrace'

export interface WriteTarget {
  /** Hands bytes to xterm; `parsed` runs once xterm has parsed them. */
  write(bytes: Uint8Array, parsed: () => void): void
  /** Acknowledges bytes to the core (flow control). */
  ack(bytes: number): void
}

/** Everything the scheduler needs from the page, injectable for tests. */
export interface FrameClock {
  requestFrame(run: () => void): void
  hidden(): boolean
  onVisibilityChange(listener: () => void): void
  /** Milliseconds, monotonic. */
  now(): number
}

/** Bytes handed to xterm per 60 Hz frame across all panes. */
export const FRAME_BUDGET = 256 * 1024
const FRAME_MS = 1000 / 60
/**
 * The budget is a rate, not a per-frame constant: when frames come slower (software rendering,
 * a busy laptop, 16 panes repainting) a frame gets the bytes of the time that passed, up to this
 * many frames' worth. Otherwise throughput falls with the frame rate — at 50 ms frames a fixed
 * 256 KB is 5 MB/s — while xterm, which slices its own parsing, could take three times more.
 */
const MAX_FRAME_SCALE = 4
/** A share never drops below this; with many busy panes the ones past the budget wait for the
 * next frame, and the turn order rotates so it is never the same ones waiting. */
const MIN_SHARE = 16 * 1024
/**
 * Each pane fed in a frame repaints its canvas in the next one, and what a frame costs grows
 * with the canvases it repaints (under software WebGL each is read back whole). Measured in the
 * 16-pane bench with 16 floods: every pane fed each frame gave a 183-250 ms longest frame gap and
 * 240-320 ms echo p50 in the quiet pane; at most four panes per frame 100 ms and 101 ms; two
 * 100 ms and 55 ms; two floods with small output always fed (this rule) 67 ms and 78 ms (idle:
 * 33 ms and 42 ms). Issue #20, with the quiet pane's echo written as it arrives: one flood per
 * frame besides the focused pane took the quiet pane's echo under 16 floods from p50 75 / p90
 * 200 ms to 47 / 76 ms (idle 32 / 37 ms) in the same minute, the wait for the page's main thread
 * between frames being most of it. A flooding pane then repaints every sixteenth frame: still a
 * few times a second, and a flood's text is unreadable anyway. The focused pane is always fed
 * and does not count: it is the one the responder reads.
 */
export const FLOODS_PER_FRAME = 1
/**
 * After the responder types, floods wait this long: no flooding pane besides the focused one is
 * fed, so the next frames repaint no flooding canvas and the page's main thread is free when the
 * echo arrives (a few ms after the key) and for the frame that paints it. With 16 floods the
 * quiet pane's echo waited behind those frames: p99 2.3-2.5x idle with the one-flood-per-frame
 * rule alone (issue #20 asks 2x). Three 60 Hz frames; a responder typing 10 keys a second still
 * leaves the floods half the frames, and their programs are slowed by flow control, not cut.
 */
export const TYPING_HOLD_MS = 50
/** More panes streaming than this: slow frames get no extra bytes (see run()). */
const MANY_STREAMS = 2
/** Bytes per frame while many panes stream: each parsed byte is main-thread time an echo in a
 * quiet pane waits behind (the 16-flood trace: most of its wait was the page's main thread). */
export const MANY_STREAMS_BUDGET = FRAME_BUDGET / 4
/** Per pane, bytes given to xterm but not yet parsed: keeps xterm's own queue short, yet
 * long enough to hold one slow frame's budget. */
const MAX_IN_FLIGHT = FRAME_BUDGET * MAX_FRAME_SCALE
/**
 * xterm parses a write in one go and only checks its 12 ms time slice between writes, so a
 * piece's size sets how much one slice parses before the next frame is painted. Measured in the
 * sessions bench (software WebGL, where every frame blocks 20-60 ms on read-back): 64 KB pieces
 * gave a flooding pane a frame per ~250 KB parsed, 0.57x of bare xterm.js fed the whole input at
 * once (~400 KB per frame); 256 KB pieces 0.71x; 512 KB 0.76-0.81x, and 0.81-0.86x once a pane
 * streaming alone was no longer held to the shared budget. A frame's budget still caps a piece
 * when panes share it, so the large ones go to a lone stream and to slow frames. One 1 MB
 * write (the first figure) was a 100+ ms task with nothing acknowledged until it ended. With many
 * busy panes each share is smaller than a piece anyway.
 */
export const WRITE_PIECE = 512 * 1024
/** Up to this many bytes for an idle pane are written at once (an echo, a prompt, a line). */
export const IMMEDIATE_BYTES = 4 * 1024

interface Queue {
  chunks: Uint8Array[]
  queued: number
  inFlight: number
  /** Set when the pane went away: its later write callbacks must not ack again. */
  gone: boolean
}

export const browserClock: FrameClock = {
  requestFrame: (run) => void requestAnimationFrame(run),
  hidden: () => document.visibilityState === 'hidden',
  onVisibilityChange: (listener) => document.addEventListener('visibilitychange', listener),
  now: () => performance.now(),
}

export class WriteScheduler {
  private readonly queues = new Map<WriteTarget, Queue>()
  private focused: WriteTarget | null = null
  private rotation = 0
  private pending: 'frame' | 'task' | null = null
  /** When the previous frame ran, while frames follow each other with work; null when idle. */
  private lastFrameAt: number | null = null
  /** When the responder last typed into a pane (floods wait TYPING_HOLD_MS after it). */
  private typedAt: number | null = null

  constructor(private readonly clock: FrameClock) {
    // A hidden page gets no animation frames: without this a frame requested just before the
    // window was hidden would never run and its panes would hold their sessions paused.
    clock.onVisibilityChange(() => {
      if (this.pending === 'frame' && clock.hidden()) {
        this.pending = null
        this.schedule()
      }
    })
  }

  enqueue(target: WriteTarget, bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return
    let q = this.queues.get(target)
    if (!q) this.queues.set(target, (q = { chunks: [], queued: 0, inFlight: 0, gone: false }))
    if (q.queued === 0 && q.inFlight === 0 && bytes.byteLength <= IMMEDIATE_BYTES) {
      this.hand(target, q, bytes)
      return
    }
    q.chunks.push(bytes)
    q.queued += bytes.byteLength
    this.schedule()
  }

  setFocused(target: WriteTarget | null): void {
    this.focused = target
  }

  /** The responder typed into a pane: its echo comes before the floods (TYPING_HOLD_MS). */
  typed(): void {
    this.typedAt = this.clock.now()
  }

  /** The pane is gone: acknowledge everything it still owed so its session is not held. */
  forget(target: WriteTarget): void {
    const q = this.queues.get(target)
    if (this.focused === target) this.focused = null
    if (!q) return
    this.queues.delete(target)
    q.gone = true
    const owed = q.queued + q.inFlight
    q.chunks = []
    q.queued = 0
    if (owed > 0) target.ack(owed)
  }

  /** Bytes waiting in this scheduler (not yet handed to xterm), for diagnostics and tests. */
  queuedBytes(target: WriteTarget): number {
    return this.queues.get(target)?.queued ?? 0
  }

  private schedule(): void {
    if (this.pending) return
    if (this.clock.hidden()) {
      // Nothing is painted while hidden, so fairness per frame is moot; timers are throttled
      // hard in background pages, so feed xterm from a microtask instead.
      this.pending = 'task'
      queueMicrotask(() => this.run())
    } else {
      this.pending = 'frame'
      this.clock.requestFrame(() => this.run())
    }
  }

  private run(): void {
    this.pending = null
    const now = this.clock.now()
    // After an idle spell the first frame gets one frame's worth, not a burst.
    const elapsed = this.lastFrameAt === null ? FRAME_MS : now - this.lastFrameAt
    // Many panes streaming at once is a flood of unreadable text, and every byte parsed is main
    // thread time a quiet pane's echo waits behind: they get one 60 Hz frame's worth however
    // slow the frames are, so slow frames do not feed themselves more work (issue #20: with 16
    // floods, 1 MB a frame made frames of 150+ ms and the quiet pane's echo p99 9x idle).
    const many = this.streamingPanes() > MANY_STREAMS
    const maxScale = many ? 1 : MAX_FRAME_SCALE
    const scale = Math.min(maxScale, Math.max(1, elapsed / FRAME_MS))
    const perFrame = many ? MANY_STREAMS_BUDGET : FRAME_BUDGET
    let budget = this.clock.hidden() ? Number.POSITIVE_INFINITY : Math.round(perFrame * scale)
    const typing = this.typedAt !== null && now - this.typedAt < TYPING_HOLD_MS
    const order = this.takingTurns(this.servingOrder(), typing ? 0 : FLOODS_PER_FRAME)
    // A pane streaming alone shares frames with nobody: it gets what its in-flight bound allows,
    // and xterm's own 12 ms slices give the frames their time, as for bare xterm.js. The shared
    // rate (256 KB per 60 Hz frame, ~15 MB/s) otherwise caps it below what xterm.js parses.
    if (this.streamingPanes() === 1) budget = Math.max(budget, MAX_IN_FLIGHT)
    if (order.length > 0) {
      const share = Math.max(MIN_SHARE, Math.floor(budget / order.length))
      for (const target of order) {
        if (budget <= 0) break
        budget -= this.feed(target, Math.min(share, budget))
      }
      // Leftover budget goes to whoever still has bytes, focused pane first again.
      for (const target of order) {
        if (budget <= 0) break
        budget -= this.feed(target, budget)
      }
    }
    if (this.hasWork()) {
      this.lastFrameAt = now
      this.schedule()
    } else if (!this.hasPending()) {
      this.lastFrameAt = null
    }
  }

  /** Panes with bytes queued here or still being parsed by xterm. */
  private streamingPanes(): number {
    let n = 0
    for (const q of this.queues.values()) if (q.queued > 0 || q.inFlight > 0) n++
    return n
  }

  /** Bytes anywhere between the core and xterm's parser: the stream is still flowing. */
  private hasPending(): boolean {
    return this.streamingPanes() > 0
  }

  /** True when some pane has bytes and room in xterm; panes at their limit wait for `parsed`. */
  private hasWork(): boolean {
    for (const q of this.queues.values())
      if (q.queued > 0 && q.inFlight < MAX_IN_FLIGHT) return true
    return false
  }

  /**
   * At most `floodsPerFrame` panes with more than a share queued are fed in one frame besides
   * the focused one (FLOODS_PER_FRAME, none just after a key); the rest wait their turn (the
   * order rotates). Panes with a little output (an echo, a prompt, a log line) are always fed.
   */
  private takingTurns(order: WriteTarget[], floodsPerFrame: number): WriteTarget[] {
    let floods = 0
    return order.filter((target) => {
      const q = this.queues.get(target)
      if (!q || q.queued <= MIN_SHARE || target === this.focused) return true
      return floods++ < floodsPerFrame
    })
  }

  /** Panes that have bytes and room in xterm: focused first, the rest taking turns. */
  private servingOrder(): WriteTarget[] {
    const ready: WriteTarget[] = []
    for (const [target, q] of this.queues) {
      if (q.queued > 0 && q.inFlight < MAX_IN_FLIGHT && target !== this.focused) ready.push(target)
    }
    if (ready.length > 1) {
      const start = this.rotation++ % ready.length
      ready.push(...ready.splice(0, start))
    }
    const f = this.focused ? this.queues.get(this.focused) : undefined
    if (this.focused && f && f.queued > 0 && f.inFlight < MAX_IN_FLIGHT) ready.unshift(this.focused)
    return ready
  }

  /** Hands up to `limit` bytes of one pane's queue to xterm; returns how many. */
  private feed(target: WriteTarget, limit: number): number {
    const q = this.queues.get(target)
    if (!q) return 0
    const n = Math.min(limit, MAX_IN_FLIGHT - q.inFlight, q.queued)
    if (n <= 0) return 0
    let taken = 0
    while (taken < n) {
      const piece = this.takePiece(q, Math.min(WRITE_PIECE, n - taken))
      taken += piece.byteLength
      q.queued -= piece.byteLength
      this.hand(target, q, piece)
    }
    return n
  }

  /** Gives xterm one piece; it is acknowledged once parsed. */
  private hand(target: WriteTarget, q: Queue, piece: Uint8Array): void {
    q.inFlight += piece.byteLength
    traceHop('page.write', piece.byteLength)
    target.write(piece, () => {
      q.inFlight -= piece.byteLength
      if (q.gone) return
      target.ack(piece.byteLength)
      if (q.queued > 0) this.schedule()
    })
  }

  /** The next `size` bytes of a queue as one piece: small chunks joined, a large one sliced. */
  private takePiece(q: Queue, size: number): Uint8Array {
    const first = q.chunks[0] as Uint8Array
    if (first.byteLength >= size) {
      // Splitting inside a UTF-8 sequence is fine: xterm's decoder keeps state across writes.
      if (first.byteLength === size) {
        q.chunks.shift()
        return first
      }
      q.chunks[0] = first.subarray(size)
      return first.subarray(0, size)
    }
    const out = new Uint8Array(size)
    let at = 0
    while (at < size) {
      const chunk = q.chunks[0] as Uint8Array
      const want = size - at
      if (chunk.byteLength <= want) {
        q.chunks.shift()
        out.set(chunk, at)
        at += chunk.byteLength
      } else {
        out.set(chunk.subarray(0, want), at)
        q.chunks[0] = chunk.subarray(want)
        at = size
      }
    }
    return out
  }
}
