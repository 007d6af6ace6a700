// Where a pane's input goes. Bytes the terminal produced by itself (replies to the host's
// queries, focus and mouse reports) only ever go to that pane's own session. What the
// responder typed or pasted goes to that session too, or, in broadcast mode when the pane is a
// target, to every target pane: each target exactly once, the focused one included. Typing in
// a pane that is not a target stays in that pane: an excluded pane can be used on its own
// while the others keep broadcasting, and only panes with the loud border ever receive it.
//
// Large input (a paste) is cut into PASTE_CHUNK pieces, sent in order to every target before
// the next piece, with a macrotask between pieces so the socket, the echo and the keyboard get
// their turn. Everything typed meanwhile queues behind the paste, so bytes never overtake.
import { LineAssembler } from './lineAssembler'

export const PASTE_CHUNK = 4 * 1024

/** One pane's session as seen by the router. */
export interface InputSink {
  readonly sessionId: string
  readonly channel: number
  /** False once the session ended. */
  readonly acceptsInput: boolean
  sendInput(bytes: Uint8Array): void
}

export interface BroadcastState {
  on: boolean
  targets: ReadonlySet<string>
}

/** A line the responder broadcast, ended with Enter, and the channels it went to. */
export interface BroadcastLine {
  text: string
  channels: number[]
}

type LineListener = (line: BroadcastLine) => void
const lineListeners = new Set<LineListener>()

/**
 * Calls `listener` each time a broadcast line ends with Enter. The incidents feature subscribes
 * here to record every broadcast command line on the timeline, naming its target panes.
 * Returns the unsubscribe function.
 */
export function onBroadcastLine(listener: LineListener): () => void {
  lineListeners.add(listener)
  return () => lineListeners.delete(listener)
}

interface Pending {
  bytes: Uint8Array
  sinks: InputSink[]
}

const utf8 = new TextEncoder()

/** A macrotask that background throttling of timers does not stretch to a second. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel()
    port1.onmessage = () => {
      port1.close()
      resolve()
    }
    port2.postMessage(null)
  })
}

export class InputRouter {
  private readonly queue: Pending[] = []
  private pumping = false
  private readonly lines = new LineAssembler()
  private wasBroadcasting = false

  constructor(
    private readonly sinkOf: (sessionId: string) => InputSink | undefined,
    private readonly state: () => BroadcastState,
  ) {}

  /** Bytes xterm emitted by itself: never broadcast. */
  automatic(source: InputSink, bytes: Uint8Array): void {
    this.submit(bytes, [source])
  }

  /** Text the responder typed or pasted while `source` had the keyboard. */
  typed(source: InputSink, text: string): void {
    const sinks = this.targetsFor(source)
    const broadcasting = sinks !== null
    if (broadcasting !== this.wasBroadcasting) this.lines.reset()
    this.wasBroadcasting = broadcasting
    this.submit(utf8.encode(text), sinks ?? [source])
    if (!sinks) return
    const channels = sinks.map((s) => s.channel)
    for (const line of this.lines.feed(text)) {
      const event: BroadcastLine = { text: line, channels }
      for (const listener of lineListeners) listener(event)
    }
  }

  /** Whether what the responder types or pastes in `source` now goes to every target. */
  broadcasts(source: InputSink): boolean {
    return this.targetsFor(source) !== null
  }

  /** The panes a typed input from `source` goes to, or null when it is not broadcast. */
  private targetsFor(source: InputSink): InputSink[] | null {
    const { on, targets } = this.state()
    if (!on || !targets.has(source.sessionId)) return null
    const sinks: InputSink[] = [source]
    for (const id of targets) {
      if (id === source.sessionId) continue
      const sink = this.sinkOf(id)
      if (sink?.acceptsInput) sinks.push(sink)
    }
    return sinks
  }

  private submit(bytes: Uint8Array, sinks: InputSink[]): void {
    if (bytes.byteLength === 0) return
    // The common case (a keystroke, nothing queued) goes out at once, in this same task.
    if (!this.pumping && bytes.byteLength <= PASTE_CHUNK) {
      for (const sink of sinks) sink.sendInput(bytes)
      return
    }
    this.queue.push({ bytes, sinks })
    if (!this.pumping) void this.pump()
  }

  private async pump(): Promise<void> {
    this.pumping = true
    try {
      let first = true
      for (let item = this.queue.shift(); item; item = this.queue.shift()) {
        for (let at = 0; at < item.bytes.byteLength; at += PASTE_CHUNK) {
          if (!first) await nextTask()
          first = false
          const piece = item.bytes.subarray(at, at + PASTE_CHUNK)
          for (const sink of item.sinks) if (sink.acceptsInput) sink.sendInput(piece)
        }
      }
    } finally {
      this.pumping = false
    }
  }
}
