// The checklist's pure helpers: phase time boxes (cumulative from the start, units as written
// in English and Japanese runbooks) and the line diff behind "which host differs?".
import { describe, expect, it } from 'vitest'

import { diffLines } from '../../../src/renderer/src/ui/diff'
import {
  formatDuration,
  parseDuration,
  phaseBoxes,
} from '../../../src/renderer/src/features/checklist/timeBoxes'
import { parseRunbook } from '../../../src/main/core/runbooks'

describe('time boxes', () => {
  it('reads durations as runbooks write them', () => {
    expect(parseDuration('15m')).toBe(15 * 60_000)
    expect(parseDuration('15 min')).toBe(15 * 60_000)
    expect(parseDuration('15分')).toBe(15 * 60_000)
    expect(parseDuration('1h')).toBe(3_600_000)
    expect(parseDuration('2時間')).toBe(7_200_000)
    expect(parseDuration('90s')).toBe(90_000)
    expect(parseDuration('soon')).toBeNull()
    expect(formatDuration(75 * 60_000)).toBe('1h15m')
  })

  it('gives each phase the end of its box, counted on from the previous phase', () => {
    const doc = parseRunbook(
      '---\ntimeBoxes:\n  Confirm: 5m\n  Mitigate: 15m\n---\n# R\n## Confirm\n- [ ] a\n## Notes\n## Mitigate\n- [ ] b\n',
      'r.md',
    )
    const boxes = phaseBoxes(doc, 1_000)
    const byTitle = Object.fromEntries(
      doc.sections[0]?.children.map((s) => [s.title, boxes.get(s.id)?.dueAt ?? null]) ?? [],
    )
    expect(byTitle).toEqual({
      Confirm: 1_000 + 5 * 60_000,
      Notes: null,
      Mitigate: 1_000 + 20 * 60_000,
    })
  })
})

describe('output diff', () => {
  it('marks only the lines that differ', () => {
    const d = diffLines('a\nb\nc\n', 'a\nB\nc\nd\n')
    expect(d.filter((l) => l.kind !== 'same')).toEqual([
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'B' },
      { kind: 'added', text: 'd' },
    ])
    expect(diffLines('same\n', 'same\n').every((l) => l.kind === 'same')).toBe(true)
  })
})
