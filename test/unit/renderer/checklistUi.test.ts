// The checklist's pure helpers: phase time boxes (cumulative from the start, units as written
// in English and Japanese runbooks) and the line diff behind "which host differs?".
import { describe, expect, it } from 'vitest'
import type { RunbookDocument, RunbookSection } from '../../../src/shared/contract'

import { diffLines } from '../../../src/renderer/src/ui/diff'
import {
  formatDuration,
  parseDuration,
  phaseBoxes,
} from '../../../src/renderer/src/features/checklist/timeBoxes'

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
})

/** A section as the parser gives it, with only what the time boxes read filled in. */
const section = (id: string, title: string, children: RunbookSection[] = []): RunbookSection => ({
  id,
  level: 2,
  title,
  line: 1,
  path: [title],
  blocks: [],
  steps: [],
  commands: [],
  children,
})

describe('phase time boxes', () => {
  it('gives each phase the end of its box, counted on from the previous phase', () => {
    const doc: RunbookDocument = {
      source: 'r.md',
      digest: '',
      title: 'R',
      meta: {
        severities: [],
        defaultTargets: [],
        timeBoxes: { Confirm: '5m', Mitigate: '15分' },
        escalation: [],
        parameters: [],
      },
      sections: [
        section('r', 'R', [
          section('c', 'Confirm'),
          section('n', 'Notes'),
          section('m', ' Mitigate ', [section('m1', 'Roll back')]),
        ]),
      ],
      warnings: [],
    }
    const boxes = phaseBoxes(doc, 1_000)
    expect([...boxes.entries()]).toEqual([
      ['c', { box: '5m', dueAt: 1_000 + 5 * 60_000 }],
      ['m', { box: '15分', dueAt: 1_000 + 20 * 60_000 }],
    ])
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
