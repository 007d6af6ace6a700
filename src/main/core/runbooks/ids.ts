// Stable ids: derived from where a thing stands and what it says, so a re-imported runbook
// keeps the checklist state an incident already recorded against it.
import { hash } from 'node:crypto'
import type { RunbookWarning } from './types'

/** Enough of a long label to decide its first `max` slug characters (see slug). */
const SLUG_WINDOW = 8

export function slug(text: string, max = 40): string {
  // Labels can be whole paragraphs; only the first `max` characters survive. Slug a prefix and
  // keep its answer when it is clearly longer than `max` (the cut cannot reach back that far
  // through NFKC or case mapping), else slug the whole text: ids never change by this shortcut.
  const window = max * SLUG_WINDOW
  if (text.length > window * 2) {
    const head = slugAll(text.slice(0, window))
    if (head.length > max * 2) return cut(head, max)
  }
  return cut(slugAll(text), max)
}

// eslint-disable-next-line no-control-regex -- the whole ASCII range, controls included
const ASCII = /^[\x00-\x7f]*$/

function slugAll(text: string): string {
  // Most labels are ASCII, where NFKC changes nothing and letters and digits are a-z and 0-9
  // once lower-cased: the same answer without the Unicode tables.
  if (ASCII.test(text)) {
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
  }
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
}

function cut(s: string, max: number): string {
  return [...s.slice(0, max * 2)].slice(0, max).join('').replace(/-+$/, '') || 'x'
}

export function shortHash(...parts: string[]): string {
  return hash('sha1', parts.join('\u0000'), 'hex').slice(0, 8)
}

export function makeId(prefix: string, label: string, ...context: string[]): string {
  return `${prefix}-${slug(label)}-${shortHash(...context, label)}`
}

/** Hands out ids, suffixing repeats so two identical steps never share checklist state. */
export class IdRegistry {
  private readonly seen = new Map<string, number>()

  constructor(private readonly warnings: RunbookWarning[]) {}

  claim(id: string, line: number, what: string): string {
    const count = (this.seen.get(id) ?? 0) + 1
    this.seen.set(id, count)
    if (count === 1) return id
    this.warnings.push({
      code: 'duplicate_id',
      line,
      message: `Line ${line}: ${what} has the same section and text as an earlier one; its id gets the suffix -${count}.`,
    })
    return `${id}-${count}`
  }
}

/** The part of a runbook's id after its language; see runbookSlug. */
interface SluggedRunbook {
  title: string
  meta: { id?: string }
}

/**
 * A runbook's own name in the library: the front matter `id` when the author gave one, else its
 * path inside the imported folder without the extension, each folder kept (`db/replica/readme`),
 * so a README.md in every folder, or two alert files of the same name in different folders,
 * stay different runbooks.
 */
export function runbookSlug(runbook: SluggedRunbook, relative: string): string {
  if (runbook.meta.id !== undefined && runbook.meta.id.trim() !== '') {
    return slug(runbook.meta.id, 80)
  }
  const segments = relative.split(/[\\/]+/).filter((s) => s !== '')
  const last = segments.pop() ?? ''
  const name = last.replace(/\.[^.]*$/, '')
  const parts = [...segments, name].filter((s) => s !== '')
  if (parts.length === 0) return slug(runbook.title, 80)
  return parts.map((p) => slug(p, 80)).join('/')
}
