// Plays a Track into an xterm.js terminal on a virtual clock: play, pause, speed, seek. Seeking
// backwards resets the terminal and fast-forwards from the start (terminal state is the sum of
// everything before it; there is no cheaper honest way to rebuild it).
import type { Terminal } from '@xterm/xterm'
import type { Track } from './replayTrack'

export interface PlayerState {
  position: number
  playing: boolean
  ended: boolean
}

export class ReplayPlayer {
  private next = 0
  private position = 0
  private playing = false
  private speed = 1
  private frame = 0
  private lastTick = 0

  constructor(
    private readonly term: Terminal,
    private readonly track: Track,
    private readonly onState: (s: PlayerState) => void,
  ) {
    term.resize(track.info.cols, track.info.rows)
  }

  get state(): PlayerState {
    return { position: this.position, playing: this.playing, ended: this.ended }
  }

  private get ended(): boolean {
    return this.next >= this.track.steps.length
  }

  play(): void {
    if (this.ended) this.seek(0)
    this.playing = true
    this.lastTick = performance.now()
    this.schedule()
    this.emit()
  }

  pause(): void {
    this.playing = false
    cancelAnimationFrame(this.frame)
    this.emit()
  }

  setSpeed(speed: number): void {
    this.speed = speed
  }

  /** Jumps to `ms` on the playback clock. */
  seek(ms: number): void {
    const to = Math.max(0, Math.min(ms, this.track.duration))
    if (to < this.position || this.next === 0) {
      this.term.reset()
      this.term.resize(this.track.info.cols, this.track.info.rows)
      this.next = 0
    }
    this.position = to
    this.writeUntil(to)
    this.emit()
  }

  dispose(): void {
    this.playing = false
    cancelAnimationFrame(this.frame)
  }

  private schedule(): void {
    cancelAnimationFrame(this.frame)
    this.frame = requestAnimationFrame((now) => this.tick(now))
  }

  private tick(now: number): void {
    if (!this.playing) return
    this.position = Math.min(
      this.position + (now - this.lastTick) * this.speed,
      this.track.duration,
    )
    this.lastTick = now
    this.writeUntil(this.position)
    if (this.ended) this.playing = false
    else this.schedule()
    this.emit()
  }

  private writeUntil(ms: number): void {
    const steps = this.track.steps
    // Consecutive output steps go to xterm as one write: far fewer parser calls on a seek.
    let pending: Uint8Array[] = []
    const flush = (): void => {
      if (pending.length === 0) return
      if (pending.length === 1) this.term.write(pending[0] as Uint8Array)
      else {
        const size = pending.reduce((n, b) => n + b.byteLength, 0)
        const all = new Uint8Array(size)
        let at = 0
        for (const b of pending) {
          all.set(b, at)
          at += b.byteLength
        }
        this.term.write(all)
      }
      pending = []
    }
    while (this.next < steps.length && (steps[this.next] as { at: number }).at <= ms) {
      const step = steps[this.next++] as (typeof steps)[number]
      if (step.kind === 'o') pending.push(step.bytes)
      else {
        flush()
        this.term.resize(step.cols, step.rows)
      }
    }
    flush()
  }

  private emit(): void {
    this.onState(this.state)
  }
}
