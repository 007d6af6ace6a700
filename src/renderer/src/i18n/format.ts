// Dates and sizes in the responder's language and time zone (the database keeps UTC).
import type { Locale } from './locale'

const tags: Record<Locale, string> = { en: 'en-GB', ja: 'ja-JP' }

export function formatDateTime(locale: Locale, ms: number): string {
  return new Intl.DateTimeFormat(tags[locale], {
    dateStyle: 'medium',
    timeStyle: 'medium',
  }).format(ms)
}

export function formatBytes(locale: Locale, bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return new Intl.NumberFormat(tags[locale], {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value)
}
