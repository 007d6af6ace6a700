// Turns what was read from disk into runbook text, or refuses it with the file's name: a
// binary file imported by mistake must not become a runbook of garbage.
import { RunbookError } from './errors'

export function decodeRunbook(input: string | Uint8Array, source: string): string {
  let text: string
  if (typeof input === 'string') text = input
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input)
    } catch (cause) {
      void cause
      throw new RunbookError(
        source,
        'it is not UTF-8 text. Save it as UTF-8 Markdown and import it again.',
      )
    }
  }
  // NUL never appears in text files; a lossy decode elsewhere leaves U+FFFD behind.
  if (text.includes('\u0000')) {
    throw new RunbookError(source, 'it contains binary data, not Markdown text.')
  }
  const replaced = text.match(/\uFFFD/g)?.length ?? 0
  if (replaced > 0 && replaced * 20 > text.length) {
    throw new RunbookError(
      source,
      'it is not UTF-8 text. Save it as UTF-8 Markdown and import it again.',
    )
  }
  return text.replace(/^\uFEFF/, '')
}
