// What JSON.stringify writes for a string, produced from the string's UTF-8 bytes without
// decoding them. JSON.stringify escapes only control characters (below U+0020), the quote, the
// backslash (all ASCII, so single bytes in UTF-8) and lone surrogates (which valid UTF-8 never
// holds); every other character goes out as it is, so its UTF-8 bytes do too. The asciicast export
// writes terminal output this way, in the same loop that looks for redaction trigger words
// (Redactor.mayMatchBytesEscaping).

/**
 * By byte: 0 when JSON.stringify writes it as it is; otherwise the letter after its backslash
 * (`u` for the \u00XX form, as JSON.stringify writes it: lower-case hex).
 */
export const JSON_ESCAPE = Uint8Array.from({ length: 256 }, (_, b) => {
  const short: Record<number, string> = {
    0x08: 'b',
    0x09: 't',
    0x0a: 'n',
    0x0c: 'f',
    0x0d: 'r',
    0x22: '"',
    0x5c: '\\',
  }
  const letter = short[b]
  if (letter) return letter.charCodeAt(0)
  return b < 0x20 ? 0x75 : 0
})

/** The most bytes one input byte becomes (\u00XX). */
export const MAX_ESCAPED = 6

const HEX = Uint8Array.from(Buffer.from('0123456789abcdef', 'latin1'))
const BACKSLASH = 0x5c
const U = 0x75

/** Writes byte `b` as it goes in a JSON string at out[o]; returns where the next byte goes. */
export function putJsonByte(out: Uint8Array, o: number, b: number): number {
  const e = JSON_ESCAPE[b] as number
  if (e === 0) {
    out[o] = b
    return o + 1
  }
  out[o] = BACKSLASH
  if (e !== U) {
    out[o + 1] = e
    return o + 2
  }
  out[o + 1] = U
  out[o + 2] = 0x30
  out[o + 3] = 0x30
  out[o + 4] = HEX[b >> 4] as number
  out[o + 5] = HEX[b & 15] as number
  return o + 6
}

/**
 * Each byte's form in a JSON string, eight bytes per byte: the form (up to MAX_ESCAPED bytes)
 * from the first, its length in the last. Copying all six and moving on by the length writes a
 * run of bytes without a branch per byte.
 */
export const JSON_FORMS = new Uint8Array(256 * 8)
for (let b = 0; b < 256; b++) JSON_FORMS[b * 8 + 7] = putJsonByte(JSON_FORMS, b * 8, b) - b * 8
