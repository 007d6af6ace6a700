import { afterEach, describe, expect, it, vi } from 'vitest'
import { OutputBatcher } from '../../../src/main/core/sessions/outputBatcher'

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s)
const text = (b: Uint8Array): string => new TextDecoder().decode(b)

afterEach(() => {
  vi.useRealTimers()
})

describe('output batcher', () => {
  it('sends the first bytes after an idle gap at once (echo stays instant)', () => {
    let now = 1000
    const out: string[] = []
    const b = new OutputBatcher(
      (x) => out.push(text(x)),
      { delayMs: 8, maxBytes: 1024 },
      () => now,
    )
    b.push(bytes('a'))
    expect(out).toEqual(['a'])
    now += 100
    b.push(bytes('b'))
    expect(out).toEqual(['a', 'b'])
    b.dispose()
  })

  it('coalesces a burst into one frame per delay', () => {
    vi.useFakeTimers()
    let now = 1000
    const out: string[] = []
    const b = new OutputBatcher(
      (x) => out.push(text(x)),
      { delayMs: 8, maxBytes: 1024 },
      () => now,
    )
    b.push(bytes('first'))
    for (const c of 'burst') b.push(bytes(c))
    expect(out).toEqual(['first'])
    now += 8
    vi.advanceTimersByTime(8)
    expect(out).toEqual(['first', 'burst'])
    b.dispose()
  })

  it('sends a small write after a pause at once, even right after the previous frame', () => {
    // What motivated it: an echo (or the prompt after a command's output) a few ms after the
    // previous frame waited up to delayMs for company that never came.
    vi.useFakeTimers()
    let now = 1000
    const out: string[] = []
    const b = new OutputBatcher(
      (x) => out.push(text(x)),
      { delayMs: 8, maxBytes: 64 * 1024 },
      () => now,
    )
    b.push(bytes('a'))
    now += 3
    b.push(bytes('b')) // 3 ms later: the source had paused, so at once
    expect(out).toEqual(['a', 'b'])
    now += 3
    b.push(bytes('\r\n$ ')) // a prompt, 3 ms after the last frame
    expect(out).toEqual(['a', 'b', '\r\n$ '])
    b.dispose()
  })

  it('still batches a trickle of small writes that come back to back', () => {
    vi.useFakeTimers()
    let now = 1000
    const out: string[] = []
    const b = new OutputBatcher(
      (x) => out.push(text(x)),
      { delayMs: 8, maxBytes: 64 * 1024 },
      () => now,
    )
    b.push(bytes('x'))
    for (let i = 0; i < 7; i++) {
      now += 1 // a write every millisecond: a stream, not an answer
      b.push(bytes(String(i)))
    }
    expect(out).toEqual(['x'])
    now += 1
    vi.advanceTimersByTime(8)
    expect(out).toEqual(['x', '0123456'])
    b.dispose()
  })

  it('still batches a large write that follows a pause', () => {
    vi.useFakeTimers()
    let now = 1000
    const out: number[] = []
    const b = new OutputBatcher(
      (x) => out.push(x.byteLength),
      { delayMs: 8, maxBytes: 64 * 1024 },
      () => now,
    )
    b.push(new Uint8Array(1))
    now += 3
    b.push(new Uint8Array(4096)) // more than an echo: gathered for the delay
    expect(out).toEqual([1])
    vi.advanceTimersByTime(8)
    expect(out).toEqual([1, 4096])
    b.dispose()
  })

  it('flushes at the size cap without waiting', () => {
    const now = 1000
    const out: number[] = []
    const b = new OutputBatcher(
      (x) => out.push(x.byteLength),
      { delayMs: 8, maxBytes: 10 },
      () => now,
    )
    b.push(bytes('x')) // sent at once
    b.push(bytes('123456'))
    b.push(bytes('7890'))
    expect(out).toEqual([1, 10])
    b.dispose()
  })

  it('sends larger, later frames only while the viewer is behind', () => {
    vi.useFakeTimers()
    let now = 1000
    let behind = false
    const out: number[] = []
    const b = new OutputBatcher(
      (x) => out.push(x.byteLength),
      { delayMs: 8, maxBytes: 100, backlog: { delayMs: 32, maxBytes: 1000 } },
      () => now,
      () => behind,
    )
    b.push(new Uint8Array(1)) // after idle: at once
    for (let i = 0; i < 2; i++) b.push(new Uint8Array(50))
    expect(out).toEqual([1, 100]) // the normal cap
    behind = true
    for (let i = 0; i < 10; i++) b.push(new Uint8Array(50))
    now += 8
    vi.advanceTimersByTime(8)
    expect(out).toEqual([1, 100]) // the 8 ms timer fired: still gathering (550 of 1000)
    for (let i = 0; i < 10; i++) b.push(new Uint8Array(50))
    expect(out).toEqual([1, 100, 1000]) // the backlog cap
    b.push(new Uint8Array(10))
    now += 32
    vi.advanceTimersByTime(32)
    expect(out).toEqual([1, 100, 1000, 10]) // the backlog delay
    b.dispose()
  })
})

describe('default shell', () => {
  it('honours SITREP_SHELL with arguments, else the login shell', async () => {
    const { defaultShell } = await import('../../../src/main/core/sessions/localShell')
    expect(defaultShell({ SITREP_SHELL: '/bin/bash --noprofile --norc' })).toEqual({
      file: '/bin/bash',
      args: ['--noprofile', '--norc'],
    })
    if (process.platform !== 'win32') {
      expect(defaultShell({ SHELL: '/bin/zsh' })).toEqual({ file: '/bin/zsh', args: ['-l'] })
    }
  })
})
