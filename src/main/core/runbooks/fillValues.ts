// What the fillers share: a value waiting at a sentinel, and the edits they make to the text.

/** A placeholder's value, found in the text by its sentinel word (SITREPVALUE<n>X). */
export interface PendingValue {
  name: string
  value: string
  /** The runbook lets this value start with `-` (`allow-flag`). */
  allowFlag: boolean
}

export interface Edit {
  start: number
  end: number
  text: string
}

export const SENTINEL = /SITREPVALUE\d+X/g

export const sentinel = (i: number): string => `SITREPVALUE${i}X`

/** Values that mean the same to every shell and SQL context when written bare. */
export const PLAIN = /^[A-Za-z0-9._:/@-]+$/

export function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start)
  let out = ''
  let at = 0
  for (const e of sorted) {
    if (e.start < at) throw new Error('overlapping placeholder edits')
    out += text.slice(at, e.start) + e.text
    at = e.end
  }
  return out + text.slice(at)
}

export function lineAt(text: string, offset: number): number {
  let n = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++
  return n
}

/** Replaces every sentinel in `text` with its value as is (plain values only reach here). */
export function replaceSentinels(text: string, values: ReadonlyMap<string, PendingValue>): string {
  return text.replace(SENTINEL, (s) => values.get(s)?.value ?? s)
}

/** Bash single-quoted word: every byte literal, a `'` written as '\''. */
export const singleQuoted = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`
