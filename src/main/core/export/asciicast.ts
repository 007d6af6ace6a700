// A session recording as asciicast v2 (what `asciinema play` / `asciinema cat` read): a JSON
// header with the terminal size the session started with, then one JSON line per transcript
// chunk — [seconds since start, "o" | "i" | "r", text] — resizes as "r" with "COLSxROWS".
import type { ChunkRecord, SessionRecord } from './exportData'

export function castHeader(s: SessionRecord, title: string): string {
  return `${JSON.stringify({
    version: 2,
    width: s.cols,
    height: s.rows,
    timestamp: Math.floor(s.startedAt / 1000),
    title,
    env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
  })}\n`
}

/** Decodes a session's bytes as UTF-8 across chunk boundaries, one decoder per direction. */
export class CastDecoder {
  private readonly decoders = { o: new TextDecoder(), i: new TextDecoder(), r: new TextDecoder() }
  private last = 0

  constructor(private readonly startedAt: number) {}

  text(c: ChunkRecord): string {
    return this.decoders[c.direction].decode(c.data, { stream: true })
  }

  /** Seconds since the session started; never going backwards (clock steps on a laptop). */
  seconds(at: number): number {
    const t = Math.max(this.last, (at - this.startedAt) / 1000)
    this.last = t
    return Math.round(t * 1e6) / 1e6
  }
}

export function castEvent(seconds: number, direction: 'o' | 'i' | 'r', text: string): string {
  return `${JSON.stringify([seconds, direction, text])}\n`
}

/**
 * For each byte JSON.stringify escapes (below 0x20, a quote, a backslash): its escape, 2 to 6
 * bytes (\n, \u001b), padded to 6; and its length (0 for a byte written as it is).
 */
const ESCAPE = new Uint8Array(256 * 6)
const ESCAPE_LENGTH = new Uint8Array(256)
for (let b = 0; b < 256; b++) {
  if (b >= 0x20 && b !== 0x22 && b !== 0x5c) continue
  const e = Buffer.from(JSON.stringify(String.fromCharCode(b)).slice(1, -1), 'latin1')
  ESCAPE.set(e, b * 6)
  ESCAPE_LENGTH[b] = e.length
}

/** The most bytes jsonString writes for `n` bytes: quotes, and \u00XX for each. */
export const jsonStringMax = (n: number): number => 6 * n + 2

/**
 * Writes valid UTF-8 `bytes` into `into` at `at` as a JSON string, byte for byte what
 * JSON.stringify writes for the decoded text (it escapes only control characters, quotes and
 * backslashes, all ASCII; every other character goes out as it is, so its UTF-8 bytes do).
 * Returns where it stopped. Decoding 50 MB of terminal output and escaping it as two-byte
 * strings was half of an asciicast export.
 */
export function jsonString(bytes: Uint8Array, into: Uint8Array, at: number): number {
  // Plain views: V8 reads and writes a Buffer's bytes more slowly than a Uint8Array's.
  const text = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Uint8Array(into.buffer, into.byteOffset, into.byteLength)
  let o = at
  out[o++] = 0x22
  for (let i = 0; i < text.length; i++) {
    const b = text[i] as number
    const n = ESCAPE_LENGTH[b] as number
    if (n === 0) {
      out[o++] = b
      continue
    }
    // All six bytes, then advance by the escape's length: what lies past it is written over
    // next (a loop here made V8 compile the outer one much slower). There is room: 6 per byte.
    const e = b * 6
    out[o] = ESCAPE[e] as number
    out[o + 1] = ESCAPE[e + 1] as number
    out[o + 2] = ESCAPE[e + 2] as number
    out[o + 3] = ESCAPE[e + 3] as number
    out[o + 4] = ESCAPE[e + 4] as number
    out[o + 5] = ESCAPE[e + 5] as number
    o += n
  }
  out[o++] = 0x22
  return o
}
