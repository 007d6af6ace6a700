// Limits and checks on what a responder types. Messages name the field, the limit and a way out,
// because the UI shows them verbatim next to the form that still holds the typed text.
import { IncidentInputError } from './errors'

export const KB = 1024
export const MB = 1024 * KB

export const limits = {
  titleChars: 300,
  nameChars: 200,
  serviceChars: 100,
  services: 50,
  descriptionBytes: 100 * KB,
  noteBytes: 1 * MB,
  statusUpdateBytes: 100 * KB,
  reasonBytes: 10 * KB,
  /** How far a time may lie in the future: laptops' clocks drift. */
  clockSkewMs: 60_000,
  /** Earlier than this is almost surely seconds passed as milliseconds. */
  earliestMs: Date.UTC(2000, 0, 1),
} as const

function size(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`
  if (bytes >= KB) return `${Math.ceil(bytes / KB)} KB`
  return `${bytes} bytes`
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** Trims and requires non-empty text within a character limit. */
export function requiredText(field: string, value: string, maxChars: number): string {
  const v = value.trim()
  if (!v) throw new IncidentInputError(`The ${field} is empty. Type a few words.`)
  if (v.length > maxChars) {
    throw new IncidentInputError(
      `The ${field} is ${v.length} characters; the limit is ${maxChars}. Shorten it and put the detail in the description or a note.`,
    )
  }
  return v
}

export function optionalName(field: string, value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null
  const v = value.trim()
  if (!v) return null
  if (v.length > limits.nameChars) {
    throw new IncidentInputError(`The ${field} is longer than ${limits.nameChars} characters.`)
  }
  return v
}

/** Caps long free text by UTF-8 size (what is stored), with a hint where the rest can go. */
export function boundedText(field: string, value: string, maxBytes: number, hint: string): string {
  const bytes = byteLength(value)
  if (bytes > maxBytes) {
    throw new IncidentInputError(
      `The ${field} is ${size(bytes)}; the limit is ${size(maxBytes)}. ${hint} Nothing was saved.`,
    )
  }
  return value
}

export function services(list: readonly string[]): string[] {
  const out: string[] = []
  const seen = new Set<string>()
  for (const raw of list) {
    const s = raw.trim()
    if (!s) continue
    if (s.length > limits.serviceChars) {
      throw new IncidentInputError(
        `The service name "${s.slice(0, 40)}…" is longer than ${limits.serviceChars} characters.`,
      )
    }
    // Same service typed twice with different case is one service (the filter ignores case too).
    if (seen.has(s.toLowerCase())) continue
    seen.add(s.toLowerCase())
    out.push(s)
  }
  if (out.length > limits.services) {
    throw new IncidentInputError(`At most ${limits.services} services can be listed.`)
  }
  return out
}

/** A moment the responder entered: epoch milliseconds, not in the future beyond clock skew. */
export function pastTime(field: string, value: number, now: number): number {
  if (!Number.isFinite(value) || !Number.isInteger(value)) {
    throw new IncidentInputError(`The ${field} is not a valid time.`)
  }
  if (value < limits.earliestMs) {
    throw new IncidentInputError(
      `The ${field} is before the year 2000. Times are milliseconds since 1970; was it given in seconds?`,
    )
  }
  if (value > now + limits.clockSkewMs) {
    const minutes = Math.ceil((value - now) / 60_000)
    throw new IncidentInputError(
      `The ${field} is ${minutes} min in the future. Enter when it happened, not when it is expected; check the computer's clock if this is wrong.`,
    )
  }
  return value
}

/** occurred ≤ detected: a problem cannot be noticed before it began. */
export function orderedTimes(occurredAt: number | null, detectedAt: number): void {
  if (occurredAt !== null && occurredAt > detectedAt) {
    throw new IncidentInputError(
      'The occurred-at time is after the detected-at time. A problem is detected after it begins: check both times.',
    )
  }
}
