// Terminal transcripts as searchable text: bytes decoded as UTF-8 and terminal control sequences
// removed, so a search for "connection refused" finds it even when the shell painted it red.
/* eslint-disable no-control-regex -- matching control characters is the point of this module */

// ESC sequences, longest forms first: CSI (colours, cursor moves), OSC (window titles, links,
// ended by BEL or ST), DCS/SOS/PM/APC strings, charset selections like ESC ( B, any other
// two-byte form (ESC = keypad mode, ESC 7 save cursor); then the 8-bit CSI some programs emit.
const ESCAPES =
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[PX^_][^\x1b]*(?:\x1b\\)?|[ -/]+[0-~]|[0-~])|\u009b[0-?]*[ -/]*[@-~]/g
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g

export function stripAnsi(text: string): string {
  let s = text.replace(ESCAPES, '')
  // A carriage return redraws the line (progress bars, prompts): keep what was drawn, one
  // drawing per line, rather than gluing both into a word that matches nothing.
  s = s.replace(/\r+\n/g, '\n').replace(/\r/g, '\n')
  // Backspace erases what was typed before it, as the terminal showed it.
  if (s.includes('\b')) {
    const out: string[] = []
    for (const ch of s) {
      if (ch === '\b') out.pop()
      else out.push(ch)
    }
    s = out.join('')
  }
  return s.replace(CONTROLS, '')
}

/** Decodes chunks as one UTF-8 stream: a character split across two chunks stays whole. */
export function decodeChunks(chunks: Iterable<Uint8Array>): string {
  const decoder = new TextDecoder('utf-8')
  let out = ''
  for (const c of chunks) out += decoder.decode(c, { stream: true })
  return out + decoder.decode()
}

/** Splits long text at line ends into pieces of about `size` characters. */
export function splitText(text: string, size: number): string[] {
  const pieces: string[] = []
  let start = 0
  while (start < text.length) {
    let end = Math.min(start + size, text.length)
    if (end < text.length) {
      const nl = text.lastIndexOf('\n', end)
      if (nl > start + size / 2) end = nl + 1
    }
    const piece = text.slice(start, end).trim()
    if (piece) pieces.push(piece)
    start = end
  }
  return pieces
}
