// A hybrid logical clock packed in one integer: wall-clock milliseconds × 1000 plus a counter.
// Each stamp is later than every stamp this laptop made or saw, and close to the wall clock, so
// an event written after seeing another always sorts after it even when the writer's clock is
// behind; concurrent events sort by their wall clocks. 1000 stamps per millisecond before the
// counter spills into the next millisecond, which only makes the clock run slightly ahead.
export const HLC_SCALE = 1000

export class HybridClock {
  constructor(private last = 0) {}

  /** The next stamp for an event recorded at `wallMs`. */
  stamp(wallMs: number): number {
    const next = Math.max(Math.floor(wallMs) * HLC_SCALE, this.last + 1)
    this.last = next
    return next
  }

  /** Takes in a stamp another laptop made. */
  observe(hlc: number): void {
    if (hlc > this.last) this.last = hlc
  }

  get current(): number {
    return this.last
  }
}
