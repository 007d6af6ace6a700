// The postmortem conflict notice's words from each laptop's point of view (#18): the one whose
// version was overridden, the one whose version the draft holds, and a third responder.
import { describe, expect, it } from 'vitest'
import type { PostmortemConflictView, PostmortemVersion } from '../../../src/shared/contract'
import { translate } from '../../../src/renderer/src/i18n/locale'
import {
  conflictFraming,
  conflictText,
} from '../../../src/renderer/src/features/postmortem/conflictFraming'

const en = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) =>
  translate('en', key, vars)
const ja = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) =>
  translate('ja', key, vars)

const version = (actor: string, value: unknown, at: number, self: boolean): PostmortemVersion => ({
  uid: `${actor}-uid`,
  value,
  actor,
  author: actor,
  origin: `${actor}-laptop`,
  originName: `${actor}-laptop`,
  at,
  self,
})
const conflict = (aikoSelf: boolean, benSelf: boolean): PostmortemConflictView => ({
  section: 'summary',
  current: version('ben', 'Ben: about 20 min.', 2_000, benSelf),
  others: [version('aiko', 'Aiko: 14:02-14:22.', 1_000, aikoSelf)],
})
const labels = (f: ReturnType<typeof conflictFraming>) =>
  f.actions.map((a) => [a.testId, a.label, a.value])

describe('postmortem conflict notice', () => {
  it('on the laptop whose version was overridden: names the other, shows mine, keep mine first', () => {
    const f = conflictFraming(conflict(true, false), en)
    expect([f.name, f.at]).toEqual(['ben', 2_000])
    expect(f.shown.map((s) => [s.label, s.version.value])).toEqual([
      ['Your version (not in the draft now):', 'Aiko: 14:02-14:22.'],
    ])
    expect(labels(f)).toEqual([
      ['pm-conflict-keep-mine', 'Keep mine', 'Aiko: 14:02-14:22.'],
      ['pm-conflict-take-theirs', 'Take theirs', 'Ben: about 20 min.'],
    ])
  })

  it('on the laptop whose version the draft holds: names the other and shows theirs', () => {
    const f = conflictFraming(conflict(false, true), en)
    expect([f.name, f.at]).toEqual(['aiko', 1_000])
    expect(f.shown.map((s) => s.label)).toEqual(['Their version (not in the draft now):'])
    expect(labels(f)).toEqual([
      ['pm-conflict-keep-mine', 'Keep mine', 'Ben: about 20 min.'],
      ['pm-conflict-take-theirs', 'Take theirs', 'Aiko: 14:02-14:22.'],
    ])
  })

  it('on a third laptop: keep the draft’s or take the named one, in Japanese too', () => {
    const f = conflictFraming(conflict(false, false), ja)
    expect(f.name).toBe('aiko')
    expect(f.shown[0]!.label).toBe('aiko の版（いまの下書きには入っていません）：')
    expect(labels(f)).toEqual([
      ['pm-conflict-keep-current', '下書きの版を残す', 'Ben: about 20 min.'],
      ['pm-conflict-take-other', 'aiko の版を採用', 'Aiko: 14:02-14:22.'],
    ])
  })

  it('lists and choices read as text', () => {
    expect(conflictText('fiveWhys', ['pool', 'retries'], en)).toBe('1. pool\n2. retries')
    expect(conflictText('actionItems', [{ title: 'Raise the pool' }], en)).toBe('• Raise the pool')
    expect(conflictText('summary', '', en)).toBe('(empty)')
    expect(conflictText('dataLoss', 'unknown', ja)).toBe(
      translate('ja', 'postmortem.dataLoss.unknown'),
    )
    expect(conflictText('summary', 'no', en)).toBe('no')
  })
})
