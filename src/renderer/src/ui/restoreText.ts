// The words a pane gets when its session was restored after a restart, or could not be: pure
// (no browser state) so the wording is tested outside a page. Times are the responder's local
// wall-clock time to the second, as they read it off the clock on the wall.
import type { SessionRestoredFrom } from '../../../shared/contract'
import { translate, type Locale } from '../i18n/translate'

const two = (n: number): string => String(n).padStart(2, '0')

export function clockTime(ms: number): string {
  const d = new Date(ms)
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}

export function duration(locale: Locale, ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000))
  if (total < 60) return translate(locale, 'duration.seconds', { s: total })
  return translate(locale, 'duration.minutes', { m: Math.floor(total / 60), s: total % 60 })
}

export function restoredLine(locale: Locale, r: SessionRestoredFrom): string {
  return translate(locale, 'pane.restored.line', {
    restartedAt: clockTime(r.restartedAt),
    from: clockTime(r.lastRecordedAt),
    to: clockTime(r.restartedAt),
  })
}

export function lostLocalLine(locale: Locale, at: number): string {
  return translate(locale, 'pane.lostLocal.line', { at: clockTime(at) })
}

/**
 * A notice written into a terminal as its own dim line: from column 0 (after whatever the
 * remote program left on the current line), with the attributes reset so it never inherits a
 * colour the program set, and reset again after.
 */
export function paneNotice(text: string): string {
  return `\r\n\x1b[0;2;3m${text}\x1b[0m\r\n`
}
