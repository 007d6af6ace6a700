// A typed console line into an argv, as redis-cli reads it (hiredis' sdssplitargs): words split
// on blanks; "double quotes" take \n \r \t \b \a \\ \" and \xHH escapes; 'single quotes' take
// only \'; a closing quote must end the word. Anything else fails closed: an unbalanced quote
// or a quote glued to the next word is refused, never guessed at, because the command it would
// send is not the one the responder read on the screen.

export class ArgvError extends Error {}

const BLANK = new Set([' ', '\n', '\r', '\t', '\0', '\v', '\f'])
const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, a: 7 }

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c)
}

/** The words of a line as bytes (a \xHH escape may make any byte). Empty for a blank line. */
export function splitArgs(line: string): Buffer[] {
  const out: Buffer[] = []
  const chars = [...line]
  let p = 0
  const at = (i: number): string | undefined => chars[i]
  for (;;) {
    while (p < chars.length && BLANK.has(chars[p] as string)) p++
    if (p >= chars.length) return out
    const word: number[] = []
    const push = (s: string): void => {
      for (const b of Buffer.from(s, 'utf8')) word.push(b)
    }
    let inDouble = false
    let inSingle = false
    for (;;) {
      const c = at(p)
      if (inDouble) {
        if (c === undefined) throw new ArgvError('Unbalanced quotes: a " is never closed.')
        if (c === '\\' && at(p + 1) === 'x' && isHex(at(p + 2)) && isHex(at(p + 3))) {
          word.push(parseInt(`${at(p + 2)}${at(p + 3)}`, 16))
          p += 3
        } else if (c === '\\' && at(p + 1) !== undefined) {
          p++
          const e = at(p) as string
          if (ESCAPES[e] !== undefined) word.push(ESCAPES[e])
          else push(e)
        } else if (c === '"') {
          const next = at(p + 1)
          if (next !== undefined && !BLANK.has(next)) {
            throw new ArgvError('A closing " must be followed by a space or the end of the line.')
          }
          p++
          break
        } else push(c)
      } else if (inSingle) {
        if (c === undefined) throw new ArgvError("Unbalanced quotes: a ' is never closed.")
        if (c === '\\' && at(p + 1) === "'") {
          push("'")
          p++
        } else if (c === "'") {
          const next = at(p + 1)
          if (next !== undefined && !BLANK.has(next)) {
            throw new ArgvError("A closing ' must be followed by a space or the end of the line.")
          }
          p++
          break
        } else push(c)
      } else {
        if (c === undefined || BLANK.has(c)) break
        if (c === '"') inDouble = true
        else if (c === "'") inSingle = true
        else push(c)
      }
      p++
    }
    out.push(Buffer.from(word))
  }
}

/** A word as redis-cli would print it back: bare when plain, else quoted with escapes. */
export function quoteArg(b: Buffer): string {
  const s = b.toString('latin1')
  if (s.length > 0 && /^[\x21\x23-\x26\x28-\x5b\x5d-\x7e]+$/.test(s)) return s
  return reprBytes(b)
}

/** `"..."` with \n, \r, \t, \a, \b, \\, \" and \xHH for anything not printable ASCII or UTF-8. */
export function reprBytes(b: Buffer): string {
  const text = b.toString('utf8')
  // Valid UTF-8 shows as text (a Japanese value reads as Japanese); anything else byte by byte.
  const valid = Buffer.from(text, 'utf8').equals(b)
  let out = '"'
  if (valid) {
    for (const ch of text) out += escapeChar(ch, ch.codePointAt(0) as number)
  } else {
    for (const byte of b)
      out += byte >= 0x80 ? hex(byte) : escapeChar(String.fromCharCode(byte), byte)
  }
  return `${out}"`
}

function hex(n: number): string {
  return `\\x${n.toString(16).padStart(2, '0')}`
}

function escapeChar(ch: string, code: number): string {
  switch (ch) {
    case '\\':
      return '\\\\'
    case '"':
      return '\\"'
    case '\n':
      return '\\n'
    case '\r':
      return '\\r'
    case '\t':
      return '\\t'
    case '\x07':
      return '\\a'
    case '\b':
      return '\\b'
  }
  // Control characters and the C1 range, and bidi/format characters that could reorder or hide
  // what the terminal shows, are escaped rather than sent to xterm.
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) return hex(code)
  if (/\p{Cf}/u.test(ch)) return `\\u{${code.toString(16)}}`
  return ch
}
