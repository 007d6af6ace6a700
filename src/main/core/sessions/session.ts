// One terminal session: its source, its recording, its output batching and its flow control,
// and the viewers (renderer windows or browser tabs) attached to it.
import { encodeFrame, FrameKind, type SessionInfo } from '../../../shared/contract'
import { FlowControl, type FlowLimits } from './flowControl'
import { concat, DEFAULT_BATCHING, OutputBatcher } from './outputBatcher'
import { traceHop } from './latencyTrace'
import type { TranscriptRecorder } from './recorder'
import type { TerminalSource } from './terminalSource'
import { TypedLines, type TypedLine } from './typedLines'

/** Somewhere output frames can be sent: an Electron window or a bridge connection. */
export interface Viewer {
  readonly id: string
  sendFrame(frame: Uint8Array): void
}

/** Recent output kept in memory so a reloaded window can repaint its panes at once. */
const REPLAY_BYTES = 256 * 1024

export interface SessionOptions {
  info: SessionInfo
  source: TerminalSource
  recorder: TranscriptRecorder
  limits: FlowLimits
  /** The session's info changed (state, size, exit code). */
  changed(info: SessionInfo): void
  /** A command line was typed (for the incident's timeline). */
  lineTyped?: (info: SessionInfo, line: TypedLine) => void
}

export class Session {
  public info: SessionInfo
  private readonly source: TerminalSource
  private readonly recorder: TranscriptRecorder
  private readonly changed: (info: SessionInfo) => void
  private readonly lineTyped: (info: SessionInfo, line: TypedLine) => void
  private readonly viewers = new Map<string, Viewer>()
  private readonly batcher: OutputBatcher
  private readonly flow: FlowControl
  private readonly typed = new TypedLines()
  private replay: Uint8Array[] = []
  private replaySize = 0

  constructor(opts: SessionOptions) {
    const { info, source, limits } = opts
    this.info = info
    this.source = source
    this.recorder = opts.recorder
    this.changed = opts.changed
    this.lineTyped = opts.lineTyped ?? (() => undefined)
    this.flow = new FlowControl(limits, source)
    this.batcher = new OutputBatcher(
      (bytes) => this.deliver(bytes),
      DEFAULT_BATCHING,
      undefined,
      // A quarter of the window unacknowledged: the viewer is parsing a backlog, not echoing.
      () => this.flow.worstUnacked >= limits.high / 4,
    )
    source.onData((bytes) => {
      traceHop?.('core.data', info.channel, bytes.byteLength)
      // Recorder first: whatever the UI does later, the transcript already has these bytes.
      this.recorder.record(info.id, 'o', bytes)
      this.typed.output(bytes)
      this.remember(bytes)
      this.batcher.push(bytes)
    })
    source.onExit((exitCode, error) => {
      this.batcher.flush()
      this.flow.dispose()
      this.update({ state: 'closed', exitCode, error })
    })
  }

  /** A completed line was typed at a password prompt here (see TypedLines.lineWasSecret). */
  lineWasSecret(text: string): boolean {
    return this.typed.lineWasSecret(text)
  }

  get closed(): boolean {
    return this.info.state === 'closed'
  }

  attach(viewer: Viewer): void {
    this.viewers.set(viewer.id, viewer)
    this.flow.addViewer(viewer.id)
    this.batcher.flush()
    if (this.replaySize > 0) {
      // The viewer acks the replay like live output, so it counts against its window too.
      viewer.sendFrame(
        encodeFrame(FrameKind.Output, this.info.channel, concat(this.replay, this.replaySize)),
      )
      this.flow.sentTo(viewer.id, this.replaySize)
    }
  }

  detach(viewerId: string): void {
    this.viewers.delete(viewerId)
    this.flow.removeViewer(viewerId)
  }

  input(bytes: Uint8Array): void {
    if (this.closed) return
    traceHop?.('bridge.recv', this.info.channel, bytes.byteLength)
    if (this.source.input) {
      const own = this.source.input(bytes)
      if (own.record) this.recorder.record(this.info.id, 'i', own.record)
      for (const line of own.lines) this.lineTyped(this.info, line)
      return
    }
    // What is typed at a password prompt goes to the host but never into the transcript.
    const { record, lines } = this.typed.input(bytes)
    if (record) this.recorder.record(this.info.id, 'i', bytes)
    traceHop?.('core.write', this.info.channel, bytes.byteLength)
    this.source.write(bytes)
    for (const line of lines) this.lineTyped(this.info, line)
  }

  ack(viewerId: string, bytes: number): void {
    this.flow.acked(viewerId, bytes)
  }

  resize(cols: number, rows: number): void {
    if (this.closed || (cols === this.info.cols && rows === this.info.rows)) return
    this.source.resize(cols, rows)
    this.recorder.record(this.info.id, 'r', new TextEncoder().encode(`${cols}x${rows}`))
    this.update({ cols, rows })
  }

  close(): void {
    this.source.kill()
  }

  /** The title names the target; a restored session learns its final one once connected. */
  retitle(title: string): void {
    if (this.closed || title === this.info.title) return
    this.update({ title })
  }

  /** Connection state changes reported by the source (SSH reconnects). */
  setState(state: 'connecting' | 'connected' | 'reconnecting', detail: string | null): void {
    if (this.closed) return
    this.update({ state, error: state === 'connected' ? null : detail })
  }

  private deliver(bytes: Uint8Array): void {
    if (this.viewers.size === 0) return
    const frame = encodeFrame(FrameKind.Output, this.info.channel, bytes)
    traceHop?.('core.send', this.info.channel, bytes.byteLength)
    for (const v of this.viewers.values()) v.sendFrame(frame)
    this.flow.sent(bytes.byteLength)
  }

  private remember(bytes: Uint8Array): void {
    this.replay.push(bytes)
    this.replaySize += bytes.byteLength
    while (this.replaySize - (this.replay[0]?.byteLength ?? 0) >= REPLAY_BYTES) {
      this.replaySize -= (this.replay.shift() as Uint8Array).byteLength
    }
  }

  private update(patch: Partial<SessionInfo>): void {
    this.info = { ...this.info, ...patch }
    this.changed(this.info)
  }
}
