// The timeline as CSV (RFC 4180): a header line, CRLF line ends, fields quoted when they hold a
// comma, a quote or a line break, quotes doubled. Text cells that a spreadsheet would run as a
// formula (starting with = + - @) get a leading apostrophe, the usual CSV-injection guard.
import type { TimelineEvent } from '../../../shared/contract'
import type { Lang } from '../../../shared/incidents'
import { eventCellText, eventOrigin, eventWho } from './eventText'
import { redactJson } from './redactJson'

export const CSV_HEADER = [
  'seq',
  'uid',
  'at_utc',
  'recorded_at_utc',
  'tz',
  'kind',
  'who',
  'text',
  'payload',
  'amends',
  'origin',
  'hash',
]

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

const guard = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s)

export function csvLine(values: string[]): string {
  return `${values.map(csvField).join(',')}\r\n`
}

/** One CSV record per event; `clean` is the redactor. */
export function csvRecord(e: TimelineEvent, lang: Lang, clean: (s: string) => string): string {
  return csvLine([
    String(e.seq),
    e.uid,
    new Date(e.at).toISOString(),
    new Date(e.recordedAt).toISOString(),
    e.tz,
    e.kind,
    guard(clean(eventWho(e))),
    guard(clean(eventCellText(e, lang))),
    // Masked value by value: inside JSON a secret's quotes and backslashes would be escaped.
    JSON.stringify(redactJson(e.payload, clean).value),
    e.amends ?? '',
    eventOrigin(e) ?? '',
    e.hash,
  ])
}
