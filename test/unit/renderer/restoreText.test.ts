// The lines a pane gets after a restart, in both languages: the times the responder reads off
// the wall clock, to the second, and the notice kept on a line of its own.
import { describe, expect, it } from 'vitest'
import {
  clockTime,
  duration,
  lostLocalLine,
  paneNotice,
  restoredLine,
} from '../../../src/renderer/src/ui/restoreText'

const at = (h: number, m: number, s: number): number => new Date(2026, 11, 4, h, m, s).getTime()

describe('restore text', () => {
  const r = { sessionId: 'old', lastRecordedAt: at(14, 1, 50), restartedAt: at(14, 2, 11) }

  it('says when Sitrep restarted and which output was not received', () => {
    expect(restoredLine('en', r)).toBe(
      '— session restored after Sitrep restarted at 14:02:11; output between 14:01:50 and 14:02:11 was not received —',
    )
    expect(restoredLine('ja', r)).toBe(
      '— Sitrep が 14:02:11 に再起動したため、セッションを復元しました。14:01:50 から 14:02:11 までの出力は受信していません —',
    )
  })

  it('says a local shell cannot come back, and what to do', () => {
    expect(lostLocalLine('en', at(9, 5, 7))).toContain(
      'ended when Sitrep stopped at about 09:05:07',
    )
    expect(lostLocalLine('en', at(9, 5, 7))).toContain('"New shell"')
    expect(lostLocalLine('ja', at(9, 5, 7))).toContain('09:05:07 ごろ停止')
    expect(lostLocalLine('ja', at(9, 5, 7))).toContain('「新しいシェル」')
  })

  it('formats clock times and durations', () => {
    expect(clockTime(at(0, 0, 0))).toBe('00:00:00')
    expect(duration('en', 4_400)).toBe('4 s')
    expect(duration('en', 125_000)).toBe('2 min 5 s')
    expect(duration('ja', 125_000)).toBe('2 分 5 秒')
    expect(duration('en', -50)).toBe('0 s')
  })

  it('writes the notice on its own line with attributes reset before and after', () => {
    expect(paneNotice('x')).toBe('\r\n\x1b[0;2;3mx\x1b[0m\r\n')
  })
})
