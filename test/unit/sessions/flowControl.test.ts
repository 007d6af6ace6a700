import { afterEach, describe, expect, it, vi } from 'vitest'
import { FlowControl } from '../../../src/main/core/sessions/flowControl'

function source() {
  const calls: string[] = []
  return { calls, pause: () => calls.push('pause'), resume: () => calls.push('resume') }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('flow control', () => {
  const limits = { high: 1000, low: 100, maxPauseMs: 2000 }

  it('pauses above the high watermark and resumes below the low one', () => {
    const src = source()
    const fc = new FlowControl(limits, src)
    fc.addViewer('w')
    fc.sent(600)
    fc.sent(600)
    expect(src.calls).toEqual(['pause'])
    fc.acked('w', 600)
    expect(src.calls).toEqual(['pause']) // 600 behind: still above low
    fc.acked('w', 550)
    expect(src.calls).toEqual(['pause', 'resume'])
    fc.dispose()
  })

  it('waits for the slowest viewer', () => {
    const src = source()
    const fc = new FlowControl(limits, src)
    fc.addViewer('fast')
    fc.addViewer('slow')
    fc.sent(1500)
    fc.acked('fast', 1500)
    expect(src.calls).toEqual(['pause'])
    fc.acked('slow', 1450)
    expect(src.calls).toEqual(['pause', 'resume'])
    fc.dispose()
  })

  it('a viewer that goes away no longer holds the source', () => {
    const src = source()
    const fc = new FlowControl(limits, src)
    fc.addViewer('gone')
    fc.sent(5000)
    fc.removeViewer('gone')
    expect(src.calls).toEqual(['pause', 'resume'])
    fc.dispose()
  })

  it('a pause is bounded in time even if no ack ever comes', () => {
    vi.useFakeTimers()
    const src = source()
    const fc = new FlowControl(limits, src)
    fc.addViewer('frozen')
    fc.sent(5000)
    vi.advanceTimersByTime(1999)
    expect(src.calls).toEqual(['pause'])
    vi.advanceTimersByTime(1)
    expect(src.calls).toEqual(['pause', 'resume'])
    // Still frozen: the next window pauses again instead of flooding it.
    fc.sent(1001)
    expect(src.calls).toEqual(['pause', 'resume', 'pause'])
    fc.dispose()
  })

  it('never pauses without viewers', () => {
    const src = source()
    const fc = new FlowControl(limits, src)
    fc.sent(1_000_000)
    expect(src.calls).toEqual([])
  })
})
