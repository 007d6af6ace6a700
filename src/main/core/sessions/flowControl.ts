// Back-pressure from the renderer to the byte source. Each viewer acknowledges output after
// xterm.js has parsed it; the source is paused while any viewer is more than `high` bytes
// behind and resumed once all are below `low`. A pause never lasts longer than `maxPauseMs`,
// so a frozen or vanished viewer cannot hold a session (and the host) hostage.

export interface FlowLimits {
  high: number
  low: number
  maxPauseMs: number
}

/** VS Code's figures for a local pty, which refills within a millisecond of a resume. */
export const LOCAL_PTY_LIMITS: FlowLimits = { high: 100_000, low: 5_000, maxPauseMs: 5_000 }
/**
 * An SSH channel takes a round trip (window adjust, sshd reading the remote pty again, the
 * bridge, the next animation frame) to refill after a resume, so it resumes with 3 MB still
 * unacknowledged: the viewer has a few hundred ms of parsing left while the next bytes travel.
 * Measured in the sessions bench: resuming at 50 KB (the first figure) left the source paused
 * most of a `cat`; 2 MB / 1 MB still left xterm.js starved between refills about a third of the
 * time. The window bounds how late Ctrl-C's effect shows (input itself is never held): 4 MB is
 * under half a second of parsing on a slow machine.
 */
export const SSH_LIMITS: FlowLimits = { high: 4_000_000, low: 3_000_000, maxPauseMs: 5_000 }

export interface Pausable {
  pause(): void
  resume(): void
}

export class FlowControl {
  private readonly unacked = new Map<string, number>()
  private paused = false
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(
    private readonly limits: FlowLimits,
    private readonly source: Pausable,
  ) {}

  get isPaused(): boolean {
    return this.paused
  }

  /** Bytes the slowest viewer has not acknowledged yet. */
  get worstUnacked(): number {
    let worst = 0
    for (const n of this.unacked.values()) if (n > worst) worst = n
    return worst
  }

  addViewer(viewer: string): void {
    if (!this.unacked.has(viewer)) this.unacked.set(viewer, 0)
  }

  removeViewer(viewer: string): void {
    this.unacked.delete(viewer)
    this.maybeResume()
  }

  sent(bytes: number): void {
    for (const [v, n] of this.unacked) this.unacked.set(v, n + bytes)
    if (this.worstUnacked > this.limits.high) this.pauseSource()
  }

  /** Bytes sent to one viewer only (a replay on attach): it will ack them like any others. */
  sentTo(viewer: string, bytes: number): void {
    const n = this.unacked.get(viewer)
    if (n === undefined) return
    this.unacked.set(viewer, n + bytes)
    if (n + bytes > this.limits.high) this.pauseSource()
  }

  acked(viewer: string, bytes: number): void {
    const n = this.unacked.get(viewer)
    if (n === undefined) return
    this.unacked.set(viewer, Math.max(0, n - bytes))
    this.maybeResume()
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.unacked.clear()
  }

  private pauseSource(): void {
    if (this.paused) return
    this.paused = true
    this.source.pause()
    this.timer = setTimeout(() => this.release(true), this.limits.maxPauseMs)
  }

  private maybeResume(): void {
    if (!this.paused) return
    for (const n of this.unacked.values()) if (n >= this.limits.low) return
    this.release(false)
  }

  private release(timedOut: boolean): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    // After a timeout the stalled viewers are forgiven their debt; if they are still stalled
    // the next window pauses again, so the source runs throttled instead of stopped.
    if (timedOut) for (const v of this.unacked.keys()) this.unacked.set(v, 0)
    if (!this.paused) return
    this.paused = false
    this.source.resume()
  }
}
