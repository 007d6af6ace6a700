// A clock and a scheduler in one, moved by hand: timers run in due order as time advances.
import type { Clock } from '../../../src/main/core/store/timeline'
import type { Scheduler } from '../../../src/main/core/incidents/timers'

interface Pending {
  id: number
  at: number
  fn: () => void
}

export class FakeTime implements Clock, Scheduler {
  private pending: Pending[] = []
  private nextId = 1

  constructor(public t: number) {}

  now(): number {
    return this.t
  }

  setTimer(fn: () => void, delayMs: number): unknown {
    const id = this.nextId++
    this.pending.push({ id, at: this.t + Math.max(0, delayMs), fn })
    return id
  }

  clearTimer(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== handle)
  }

  /** Moves time forward, running every timer that falls due on the way, at its due time. */
  advance(ms: number): void {
    const end = this.t + ms
    for (;;) {
      const next = [...this.pending].sort((a, b) => a.at - b.at)[0]
      if (!next || next.at > end) break
      this.pending = this.pending.filter((p) => p !== next)
      this.t = Math.max(this.t, next.at)
      next.fn()
    }
    this.t = end
  }

  /** How many timers are set: the engine keeps exactly one (no polling). */
  get scheduled(): number {
    return this.pending.length
  }
}
