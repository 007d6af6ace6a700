// Times and durations as responders write them in status updates and timer names, in English or
// Japanese, in the responder's time zone (the timeline stores UTC milliseconds).
import type { Lang } from '../../../shared/incidents'

/** "1 h 5 min" / "1時間5分"; under a minute counts as "0 min" / "0分". */
export function formatDuration(ms: number, lang: Lang): string {
  const totalMinutes = Math.max(0, Math.floor(ms / 60_000))
  const days = Math.floor(totalMinutes / (24 * 60))
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60)
  const minutes = totalMinutes % 60
  const parts: string[] = []
  if (lang === 'ja') {
    if (days) parts.push(`${days}日`)
    if (hours) parts.push(`${hours}時間`)
    if (minutes || parts.length === 0) parts.push(`${minutes}分`)
    return parts.join('')
  }
  if (days) parts.push(`${days} d`)
  if (hours) parts.push(`${hours} h`)
  if (minutes || parts.length === 0) parts.push(`${minutes} min`)
  return parts.join(' ')
}

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find((p) => p.type === type)?.value ?? ''
}

/** "2024-01-20 14:30 JST", the form of seed 002's contact template, in the given zone. */
export function formatTime(ms: number, lang: Lang, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(ms))
  const date = `${part(parts, 'year')}-${part(parts, 'month')}-${part(parts, 'day')}`
  return `${date} ${part(parts, 'hour')}:${part(parts, 'minute')} ${part(parts, 'timeZoneName')}`
}

/** "14:30 JST", for "next update" lines that are always within the day. */
export function formatClock(ms: number, lang: Lang, timeZone: string): string {
  const parts = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-US', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(ms))
  return `${part(parts, 'hour')}:${part(parts, 'minute')} ${part(parts, 'timeZoneName')}`
}

/** "2024-01" in the given zone: the month an incident counts toward. */
export function monthOf(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(new Date(ms))
  return `${part(parts, 'year')}-${part(parts, 'month')}`
}
