// Back-pressure from the renderer to the byte source. Each viewer acknowledges output after
// xterm.js has parsed it; the source is paused while any viewer is more than `high` bytes
// behind and resumed once all are below `low`. A pause never lasts longer than `maxPauseMs`,
// so a frozen or vanished viewer cannot hold a session (and the host) hostage.

export interface FlowLimits {
  high: number
  low: number
  maxPauseMs: number
}

/** VS Code's figures for a local pty; SSH over a slow link wants a larger window. */
export const LOCAL_PTY_LIMITS: FlowLimits = { high: 100_000, low: 5_000, maxPauseMs: 5_000 }
export const SSH_LIMITS: FlowLimits = { high: 1_000_000, low: 50_000, maxPauseMs: 5_000 }

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

  addViewer(viewer: string): void {
    if (!this.unacked.has(viewer)) this.unacked.set(viewer, 0)
  }

  removeViewer(viewer: string): void {
    this.unacked.delete(viewer)
    this.maybeResume()
  }

  sent(bytes: number): void {
    let worst = 0
    for (const [v, n] of this.unacked) {
      const next = n + bytes
      this.unacked.set(v, next)
      if (next > worst) worst = next
    }
    if (worst > this.limits.high) this.pauseSource()
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
