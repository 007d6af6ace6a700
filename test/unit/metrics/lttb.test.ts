import { describe, expect, it } from 'vitest'
import { lttb } from '../../../src/main/core/metrics/lttb'

const series = (n: number, f: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => ({ at: i * 1000, value: f(i) }))

describe('LTTB downsampling', () => {
  it('returns the input when it already fits', () => {
    const s = series(10, (i) => i)
    expect(lttb(s, 10)).toEqual(s)
    expect(lttb(s, 100)).toEqual(s)
  })

  it('never returns more points than asked, keeps the ends and the time order', () => {
    const s = series(100_000, (i) => Math.sin(i / 500) * 50 + 50)
    const out = lttb(s, 600)
    expect(out).toHaveLength(600)
    expect(out[0]).toEqual(s[0])
    expect(out[599]).toEqual(s[99_999])
    for (let i = 1; i < out.length; i++) expect(out[i]!.at).toBeGreaterThan(out[i - 1]!.at)
  })

  it('keeps a one-sample spike that averaging would flatten', () => {
    const s = series(10_000, () => 10)
    s[4321] = { at: 4_321_000, value: 99 }
    s[7000] = { at: 7_000_000, value: -50 }
    const out = lttb(s, 100)
    expect(out.some((p) => p.value === 99)).toBe(true)
    expect(out.some((p) => p.value === -50)).toBe(true)
  })
})
