// The renderer's shared write budget, on a hand-driven frame clock: fair shares with the focused
// pane first, a budget that is a rate (slow frames get the bytes of the time that passed, capped),
// no burst after an idle spell, acks only after xterm parsed, and nothing held by a closed pane.
import { describe, expect, it } from 'vitest'
import {
  FLOODS_PER_FRAME,
  FRAME_BUDGET,
  IMMEDIATE_BYTES,
  MANY_STREAMS_BUDGET,
  TYPING_HOLD_MS,
  WRITE_PIECE,
  WriteScheduler,
  type FrameClock,
  type WriteTarget,
} from '../../../src/renderer/src/features/grid/writeScheduler'

class FakeFrames implements FrameClock {
  time = 0
  hiddenNow = false
  private frames: (() => void)[] = []
  private visibility: (() => void)[] = []
  requestFrame(run: () => void): void {
    this.frames.push(run)
  }
  hidden(): boolean {
    return this.hiddenNow
  }
  onVisibilityChange(listener: () => void): void {
    this.visibility.push(listener)
  }
  now(): number {
    return this.time
  }
  /** Runs the frames requested so far, `ms` after the previous one. */
  frame(ms = 1000 / 60): void {
    this.time += ms
    const due = this.frames
    this.frames = []
    for (const run of due) run()
  }
  get waiting(): number {
    return this.frames.length
  }
}

class FakePane implements WriteTarget {
  written = 0
  acked = 0
  /** Parse callbacks not yet run: xterm still parsing. */
  parsing: (() => void)[] = []
  constructor(private readonly parseAtOnce = true) {}
  write(bytes: Uint8Array, parsed: () => void): void {
    this.written += bytes.byteLength
    if (this.parseAtOnce) parsed()
    else this.parsing.push(parsed)
  }
  ack(bytes: number): void {
    this.acked += bytes
  }
  parseAll(): void {
    const p = this.parsing
    this.parsing = []
    for (const f of p) f()
  }
}

const MB = 1024 * 1024
const flood = (s: WriteScheduler, pane: FakePane, bytes: number): void => {
  for (let left = bytes; left > 0; left -= 64 * 1024)
    s.enqueue(pane, new Uint8Array(Math.min(64 * 1024, left)))
}

describe('write scheduler', () => {
  it('shares one budget per 60 Hz frame, the focused pane first', () => {
    const clock = new FakeFrames()
    const s = new WriteScheduler(clock)
    const a = new FakePane()
    const b = new FakePane()
    s.setFocused(b)
    flood(s, a, 4 * MB)
    flood(s, b, 4 * MB)
    clock.frame()
    expect(a.written + b.written).toBe(FRAME_BUDGET)
    expect(a.written).toBe(FRAME_BUDGET / 2)
    expect(b.written).toBe(FRAME_BUDGET / 2)
    // A quiet pane that gets a few bytes is served in the very next frame, flood or not.
    const quiet = new FakePane()
    s.enqueue(quiet, new Uint8Array(3))
    clock.frame()
    expect(quiet.written).toBe(3)
    expect(a.acked).toBe(a.written)
  })

  it('feeds one flooding pane per frame, in turns; a pane with a little output every frame', () => {
    const clock = new FakeFrames()
    const s = new WriteScheduler(clock)
    const floods = Array.from({ length: 6 }, () => new FakePane())
    for (const p of floods) flood(s, p, 16 * MB)
    const quiet = new FakePane()
    const fedEver = new Set<FakePane>()
    for (let frame = 0; frame < floods.length; frame++) {
      const before = floods.map((p) => p.written)
      s.enqueue(quiet, new Uint8Array(5))
      clock.frame()
      const fed = floods.filter((p, i) => p.written > (before[i] as number))
      expect(fed).toHaveLength(FLOODS_PER_FRAME)
      for (const p of fed) fedEver.add(p)
      expect(quiet.written).toBe(5 * (frame + 1))
    }
    // The turn order rotates: no flooding pane is left out for long.
    expect(fedEver.size).toBe(floods.length)
  })

  it('writes an echo to an idle pane at once, without waiting for a frame', () => {
    // What motivated it: the echo waited for our frame, then xterm painted in the one after, so
    // every keystroke paid a whole extra frame (bench/sessions-echo.ts).
    const clock = new FakeFrames()
    const s = new WriteScheduler(clock)
    const pane = new FakePane(false)
    s.enqueue(pane, new Uint8Array(1))
    expect(pane.written).toBe(1)
    expect(clock.waiting).toBe(0)
    // While xterm still parses it, the next bytes queue for the frame (order is kept).
    s.enqueue(pane, new Uint8Array(1))
    expect(pane.written).toBe(1)
    pane.parseAll()
    expect(pane.acked).toBe(1)
    clock.frame()
    expect(pane.written).toBe(2)
    pane.parseAll()
    // More than an echo goes through the frame budget even for an idle pane.
    s.enqueue(pane, new Uint8Array(IMMEDIATE_BYTES + 1))
    expect(pane.written).toBe(2)
    clock.frame()
    expect(pane.written).toBe(2 + IMMEDIATE_BYTES + 1)
  })

  it('a flooding pane still waits for its turn: no echo-sized bypass while bytes are queued', () => {
    const clock = new FakeFrames()
    const s = new WriteScheduler(clock)
    const floods = Array.from({ length: 4 }, () => new FakePane(false))
    for (const p of floods) flood(s, p, 4 * MB)
    const before = floods.map((p) => p.written)
    for (const p of floods) s.enqueue(p, new Uint8Array(5))
    expect(floods.map((p) => p.written)).toEqual(before)
  })

  it('feeds a flooding focused pane every frame, besides the flood whose turn it is', () => {
    // The focused pane is not one of the turns: other floods must not starve while it floods.
    const clock = new FakeFrames()
    const s = new WriteScheduler(clock)
    const floods = Array.from({ length: 4 }, () => new FakePane())
    for (const p of floods) flood(s, p, 16 * MB)
    const focused = floods[0] as FakePane
    s.setFocused(focused)
    const fedEver = new Set<FakePane>()
    for (let frame = 0; frame < 6; frame++) {
      const before = floods.map((p) => p.written)
      clock.frame()
      const fed = floods.filter((p, i) => p.written > (before[i] as number))
      expect(fed).toContain(focused)
      expect(fed).toHaveLength(1 + FLOODS_PER_FRAME)
      for (const p of fed) fedEver.add(p)
    }
    expect(fedEver.size).toBe(floods.length)
  })

  it('after a key, feeds no flood but the focused pane until the hold ends; small output still goes', () => {
    const clock = new FakeFrames()
    const s = new WriteScheduler(clock)
    const floods = Array.from({ length: 4 }, () => new FakePane())
    for (const p of floods) flood(s, p, 16 * MB)
    const quiet = new FakePane()
    s.setFocused(quiet)
    clock.frame()
    s.typed()
    const holdStart = clock.now()
    const before = floods.map((p) => p.written)
    // A prompt in another idle pane and the echo in the focused one still go through.
    const prompt = new FakePane()
    s.enqueue(prompt, new Uint8Array(IMMEDIATE_BYTES * 2))
    s.enqueue(quiet, new Uint8Array(3))
    expect(quiet.written).toBe(3)
    while (clock.now() + 1000 / 60 - holdStart < TYPING_HOLD_MS) clock.frame()
    expect(floods.map((p) => p.written)).toEqual(before)
    expect(prompt.written).toBe(IMMEDIATE_BYTES * 2)
    // The hold over, the floods take their turns again.
    clock.frame()
    clock.frame()
    expect(floods.filter((p, i) => p.written > (before[i] as number)).length).toBeGreaterThan(0)
  })

  it('treats the budget as a rate: slow frames get the time that passed, at most four frames', () => {
    const clock = new FakeFrames()
    const s = new WriteScheduler(clock)
    const a = new FakePane()
    const b = new FakePane()
    flood(s, a, 16 * MB)
    flood(s, b, 16 * MB)
    const written = (): number => a.written + b.written
    clock.frame(50) // first frame after idle: one frame's worth, no burst
    expect(written()).toBe(FRAME_BUDGET)
    clock.frame(50) // 50 ms later: three frames' worth
    expect(written()).toBe(FRAME_BUDGET + 3 * FRAME_BUDGET)
    clock.frame(500) // a stall: capped at four
    expect(written()).toBe(FRAME_BUDGET + 3 * FRAME_BUDGET + 4 * FRAME_BUDGET)
  })

  it('with more than two floods, a frame gets a quarter budget and slow frames no more', () => {
    // What motivated it: 16 floods, frames slowed by parsing got up to 1 MB each, which slowed
    // them further; the quiet pane's echo waited behind 150+ ms frames.
    const clock = new FakeFrames()
    const s = new WriteScheduler(clock)
    const floods = Array.from({ length: 3 }, () => new FakePane())
    for (const p of floods) flood(s, p, 16 * MB)
    const written = (): number => floods.reduce((n, p) => n + p.written, 0)
    clock.frame(50)
    expect(written()).toBe(MANY_STREAMS_BUDGET)
    clock.frame(50) // with two streams this frame got three frames' worth
    expect(written()).toBe(2 * MANY_STREAMS_BUDGET)
    // And a quarter of a frame's budget: each byte parsed is main-thread time a quiet pane's
    // echo waits behind.
    expect(MANY_STREAMS_BUDGET).toBe(FRAME_BUDGET / 4)
  })

  it('forgets the frame rate once idle, so the next flood starts with one frame', () => {
    const clock = new FakeFrames()
    const s = new WriteScheduler(clock)
    const a = new FakePane()
    const b = new FakePane()
    s.enqueue(a, new Uint8Array(10))
    clock.frame()
    expect(clock.waiting).toBe(0)
    clock.time += 10_000
    flood(s, a, 4 * MB)
    flood(s, b, 4 * MB)
    clock.frame(100)
    expect(a.written + b.written).toBe(10 + FRAME_BUDGET)
  })

  it('feeds a pane streaming alone up to its in-flight bound; a second stream shares again', () => {
    const clock = new FakeFrames()
    const s = new WriteScheduler(clock)
    const lone = new FakePane(false)
    flood(s, lone, 16 * MB)
    clock.frame()
    // Like bare xterm.js given the bytes: its own time slices leave the frames their time.
    const bound = lone.written
    expect(bound).toBeGreaterThan(FRAME_BUDGET)
    expect(bound).toBeLessThanOrEqual(4 * FRAME_BUDGET)
    clock.frame()
    expect(lone.written).toBe(bound) // nothing more until xterm has parsed some
    lone.parseAll()
    clock.frame()
    expect(lone.written).toBe(2 * bound)
    // Another pane starts streaming: one shared budget per frame again.
    const other = new FakePane(false)
    flood(s, other, 4 * MB)
    lone.parseAll()
    const before = lone.written
    clock.frame()
    expect(lone.written - before + other.written).toBe(FRAME_BUDGET)
  })

  it('acknowledges only what xterm parsed and waits while a pane has too much in flight', () => {
    const clock = new FakeFrames()
    const s = new WriteScheduler(clock)
    const slow = new FakePane(false)
    flood(s, slow, 16 * MB)
    for (let i = 0; i < 10; i++) clock.frame(50)
    expect(slow.acked).toBe(0)
    const held = slow.written
    expect(held).toBeGreaterThan(0)
    expect(held).toBeLessThanOrEqual(4 * FRAME_BUDGET)
    clock.frame(50)
    expect(slow.written).toBe(held) // nothing more until xterm catches up
    slow.parseAll()
    expect(slow.acked).toBe(held)
    clock.frame(50)
    expect(slow.written).toBeGreaterThan(held)
  })

  it('hands xterm pieces of at most WRITE_PIECE bytes, each acknowledged once parsed', () => {
    const clock = new FakeFrames()
    const s = new WriteScheduler(clock)
    const sizes: number[] = []
    const callbacks: (() => void)[] = []
    const acks: number[] = []
    const pane: WriteTarget = {
      write: (bytes, parsed) => {
        sizes.push(bytes.byteLength)
        callbacks.push(parsed)
      },
      ack: (n) => acks.push(n),
    }
    // One large frame from the core and a run of small ones.
    const large = 2 * WRITE_PIECE + WRITE_PIECE / 2
    s.enqueue(pane, new Uint8Array(large))
    for (let i = 0; i < 40; i++) s.enqueue(pane, new Uint8Array(1000))
    clock.frame()
    const firstPiece = sizes[0] as number
    callbacks[0]?.()
    // The first piece is acknowledged while xterm still parses the rest.
    expect(acks).toEqual([firstPiece])
    // Slow frames (software rendering) until everything is handed over, xterm parsing as it goes.
    for (let parsed = 1, i = 0; i < 20 && clock.waiting > 0; i++) {
      clock.frame(50)
      for (; parsed < callbacks.length; parsed++) callbacks[parsed]?.()
    }
    // The large frame is sliced at the piece size; the small ones are joined, never sent alone.
    expect(Math.max(...sizes)).toBe(WRITE_PIECE)
    expect(sizes.every((n) => n <= WRITE_PIECE)).toBe(true)
    expect(sizes).not.toContain(1000)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(large + 40_000)
    expect(acks.reduce((a, b) => a + b, 0)).toBe(large + 40_000)
  })

  it('a closed pane acknowledges everything it still owed', () => {
    const clock = new FakeFrames()
    const s = new WriteScheduler(clock)
    const pane = new FakePane(false)
    flood(s, pane, 2 * MB)
    clock.frame()
    s.forget(pane)
    expect(pane.acked).toBe(2 * MB)
    pane.parseAll() // late callbacks from xterm must not ack twice
    expect(pane.acked).toBe(2 * MB)
  })

  it('feeds a hidden page without frames and without a budget', async () => {
    const clock = new FakeFrames()
    clock.hiddenNow = true
    const s = new WriteScheduler(clock)
    const a = new FakePane()
    flood(s, a, 2 * MB)
    await Promise.resolve()
    expect(a.written).toBe(2 * MB)
    expect(clock.waiting).toBe(0)
  })
})
