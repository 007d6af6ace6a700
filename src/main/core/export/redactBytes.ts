// Redaction of a session's transcript read as bytes: what StreamRedactor does for text, without
// decoding text nobody needs. Each batch of chunks, with context on both sides, is scanned as
// bytes for the redaction rules' trigger words (Redactor.mayMatchBytes); only a batch where a
// rule may match is decoded and judged as text, exactly as StreamRedactor judges it. A clean
// transcript is read once, at ~600 MB/s, and its chunks go out as the bytes they were.
import { MAX_ESCAPED } from './jsonBytes'
import { JsonEscaper } from './jsonEscapeSimd'
import { applySpans, type EscapeJob, type Redactor, type Span } from './redact'

/**
 * Context on each side, in bytes: StreamRedactor's 8192 characters (longer than a 4096-bit RSA
 * key in PEM) take at most three bytes each in UTF-8.
 */
const WINDOW = 3 * 8192
/** Judge queued chunks once this many bytes wait: the windows re-read 1.05× of the transcript. */
const BATCH = 1024 * 1024
/**
 * A window longer than this (a chunk of many megabytes, from an imported bundle) is judged by
 * the JavaScript loops: in the WebAssembly memory it would need 7 bytes per byte (the window,
 * its escaped form and the scan's places), and that memory never shrinks.
 */
export const MAX_SIMD_WINDOW = 16 * 1024 * 1024

export interface JudgedChunk<T> {
  tag: T
  /** The chunk as recorded. */
  bytes: Buffer
  /**
   * The UTF-8 of the chunk's text as a streaming decoder of its direction gives it: a character
   * split across chunks belongs to the chunk where it ends.
   */
  piece: Buffer
  /** The chunk's text with its secrets masked, or null when nothing in it was masked. */
  masked: { text: string; spans: Span[] } | null
  /**
   * With the `json` option: `piece` as JSON.stringify writes its latin1 reading inside a string,
   * without the quotes (for valid UTF-8, what it writes for the decoded text). Valid until the
   * next push or flush.
   */
  json: Buffer | null
}

interface Queued<T> {
  tag: T
  bytes: Buffer
  piece: Buffer
}

const EMPTY = Buffer.alloc(0)

/** How many bytes a UTF-8 sequence starting with `lead` has (0: not a lead byte). */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2
  if (lead >= 0xe0 && lead <= 0xef) return 3
  if (lead >= 0xf0 && lead <= 0xf4) return 4
  return 0
}

/** May `b` follow `lead` as the second byte of a sequence (no overlong form, no surrogate)? */
function validSecond(lead: number, b: number): boolean {
  if (lead === 0xe0) return b >= 0xa0 && b <= 0xbf
  if (lead === 0xed) return b >= 0x80 && b <= 0x9f
  if (lead === 0xf0) return b >= 0x90 && b <= 0xbf
  if (lead === 0xf4) return b >= 0x80 && b <= 0x8f
  return b >= 0x80 && b <= 0xbf
}

/**
 * The bytes a streaming UTF-8 decoder (WHATWG, as TextDecoder) holds back after reading `bytes`:
 * the start of a character not yet complete. A lead byte always starts a new sequence (on an
 * error the decoder reads the byte again as a start), so only the last lead byte of the last
 * three can be pending, and it is when the bytes after it may continue it.
 */
export function pendingTail(bytes: Uint8Array): Uint8Array {
  const n = bytes.length
  for (let i = n - 1; i >= Math.max(0, n - 3); i--) {
    const b = bytes[i] as number
    if (b < 0x80) return EMPTY
    if (b <= 0xbf) continue
    const need = sequenceLength(b)
    if (need === 0 || n - i >= need) return EMPTY
    if (n - i >= 2 && !validSecond(b, bytes[i + 1] as number)) return EMPTY
    // Bytes after the second are 80–BF, or the loop would have stopped at them.
    return bytes.subarray(i)
  }
  return EMPTY
}

/** Judges a transcript's chunks in order; each output chunk keeps its tag and boundaries. */
export class ByteStreamRedactor<T> {
  private queue: Queued<T>[] = []
  private queued = 0
  /** The last WINDOW bytes of text already judged, as they were before masking. */
  private tail: Buffer = EMPTY
  /** Per direction: the bytes of a character the decoder still waits for. */
  private readonly pending = new Map<string, Uint8Array>()
  private readonly decoder = new TextDecoder()
  private scratch: Buffer = Buffer.allocUnsafe(0)
  /** Where the batch's pieces are written as JSON string text (the `json` option). */
  private escaped: Buffer = Buffer.allocUnsafe(0)
  /**
   * Where WebAssembly runs: the memory each window is gathered into, scanned there for trigger
   * words by its SIMD loop and, with the `json` option, escaped there.
   */
  private readonly escaper: JsonEscaper | null
  /** After close(): the memory may be another stream's. */
  private closed = false

  /**
   * `batch`: bytes to gather before judging (smaller in tests, to cross many bounds). `json`:
   * give each chunk's piece as JSON string text too (the asciicast export). `simd`: scan (and
   * escape) in WebAssembly where it runs; false (in tests), or where it cannot run, the
   * JavaScript loops scan, and with `json` the scan's loop escapes.
   */
  constructor(
    private readonly redactor: Redactor,
    private readonly batch = BATCH,
    private readonly json = false,
    simd = true,
  ) {
    this.escaper = simd ? JsonEscaper.acquire() : null
    const table = redactor.simdTable()
    if (this.escaper && table) this.escaper.load(table)
  }

  push(bytes: Buffer, direction: string, tag: T): JudgedChunk<T>[] {
    if (this.closed) throw new Error('ByteStreamRedactor: push after close')
    const before = this.pending.get(direction) ?? EMPTY
    const all = before.length ? Buffer.concat([before, bytes]) : bytes
    const after = pendingTail(all)
    this.pending.set(direction, after.length ? Uint8Array.from(after) : EMPTY)
    const piece = after.length ? all.subarray(0, all.length - after.length) : all
    this.queue.push({ tag, bytes, piece })
    this.queued += piece.length
    return this.queued >= this.batch ? this.judge(false) : []
  }

  /**
   * Judges what is left. Bytes a decoder still waits for at the end are not text (TextDecoder
   * drops them in streaming mode too); the chunks that carry them keep them.
   */
  flush(): JudgedChunk<T>[] {
    return this.judge(true)
  }

  /**
   * Gives the WebAssembly memory back for the next stream, once the last chunks' `json` views
   * are read (they are views of it). Not calling it costs only a new memory for the next one.
   */
  close(): void {
    this.escaper?.release()
    this.closed = true
  }

  /**
   * The pieces copied one after another into a buffer kept from batch to batch (a new one per
   * batch was 50 MB of garbage per 50 MB transcript); valid until the next call.
   */
  private gather(pieces: readonly Uint8Array[], into?: Uint8Array, from = 0): Buffer {
    const length = pieces.reduce((n, p) => n + p.length, 0)
    if (!into && this.scratch.length < length) this.scratch = Buffer.allocUnsafe(length + WINDOW)
    const target = into ?? this.scratch
    let at = from
    for (const p of pieces) {
      target.set(p, at)
      at += p.length
    }
    return Buffer.from(target.buffer, target.byteOffset + from, length)
  }

  /** Where the batch's pieces are in the window (from `start` on), and room for their JSON. */
  private escape(start: number, batch: readonly Queued<T>[]): EscapeJob {
    const cuts = [start]
    for (const c of batch) cuts.push((cuts[cuts.length - 1] as number) + c.piece.length)
    const need = MAX_ESCAPED * ((cuts[cuts.length - 1] as number) - start)
    // Kept from batch to batch, as the window is; grown with room to spare.
    if (this.escaped.length < need) this.escaped = Buffer.allocUnsafe(need + (need >> 2))
    return { cuts, out: this.escaped, ends: [] }
  }

  /** Judges every queued chunk that has WINDOW bytes after it (all of them at the end). */
  private judge(all: boolean): JudgedChunk<T>[] {
    if (this.closed) throw new Error('ByteStreamRedactor: judged after close')
    let ready = this.queue.length
    if (!all) {
      let after = 0
      while (ready > 0 && after < WINDOW) after += (this.queue[--ready] as Queued<T>).piece.length
    }
    if (ready === 0) return []
    const batch = this.queue.slice(0, ready)
    const rest = this.queue.slice(ready)
    const ahead: Buffer[] = []
    for (let need = WINDOW, i = 0; need > 0 && i < rest.length; i++) {
      const p = (rest[i] as Queued<T>).piece
      ahead.push(p.length <= need ? p : p.subarray(0, need))
      need -= p.length
    }
    // The window's bytes are exactly the UTF-8 of the text StreamRedactor would judge: the
    // chunks' texts in order, between the context on each side (cut at a byte, which may leave
    // a broken character at the window's outer edges, as a cut at a character may split a pair).
    const pieces = [this.tail, ...batch.map((c) => c.piece), ...ahead]
    const aheadLength = ahead.reduce((n, p) => n + p.length, 0)
    let window: Buffer
    let may: boolean[] | null
    let jsonOf: (i: number) => Buffer | null = () => null
    const windowLength = pieces.reduce((n, p) => n + p.length, 0)
    if (this.escaper && windowLength <= MAX_SIMD_WINDOW) {
      // The window in the WebAssembly memory: scanned there for where trigger words may start
      // (the places written after the window), then each piece escaped there, by the SIMD
      // loops, into the room after it. Sized before the gather: growing the memory afterwards
      // would leave the window's view empty.
      const escaper = this.escaper
      const length = windowLength
      const body = length - this.tail.length - aheadLength
      const at = escaper.firstFree
      const first = at + length + 16 - (length % 16)
      const room = Math.max(4 * length + 4, this.json ? MAX_ESCAPED * body + 16 : 0)
      const memory = escaper.view(first + room)
      window = this.gather(pieces, memory, at)
      may = this.redactor.mayMatchBytesFrom(window, (t) => escaper.starts(t, at, length, first))
      if (this.json) {
        const ends = [first]
        let src = at + this.tail.length
        for (const c of batch) {
          ends.push(
            (ends[ends.length - 1] as number) +
              escaper.escape(src, c.piece.length, ends[ends.length - 1] as number),
          )
          src += c.piece.length
        }
        jsonOf = (i) =>
          Buffer.from(
            memory.buffer,
            ends[i] as number,
            (ends[i + 1] as number) - (ends[i] as number),
          )
      }
    } else if (this.json) {
      window = this.gather(pieces)
      // No WebAssembly (or a window too long for its memory): escaped in JavaScript, in the
      // loop that scans for trigger words.
      const job = this.escape(this.tail.length, batch)
      may = this.redactor.mayMatchBytesEscaping(window, job)
      jsonOf = (i) => this.escaped.subarray(job.ends[i] as number, job.ends[i + 1] as number)
    } else {
      window = this.gather(pieces)
      may = this.redactor.mayMatchBytes(window)
    }
    const bodyEnd = window.length - aheadLength
    const out: JudgedChunk<T>[] = []
    if (may === null) {
      for (const [i, c] of batch.entries())
        out.push({ tag: c.tag, bytes: c.bytes, piece: c.piece, masked: null, json: jsonOf(i) })
    } else {
      const texts = batch.map((c) => this.decoder.decode(c.piece))
      const before = this.decoder.decode(this.tail)
      const context = [before, ...texts, this.decoder.decode(window.subarray(bodyEnd))].join('')
      const spans = this.redactor.find(context, may)
      let offset = before.length
      for (const [i, c] of batch.entries()) {
        const text = texts[i] as string
        const start = offset
        const end = offset + text.length
        const mine: Span[] = []
        for (const s of spans) {
          if (s.end <= start || s.start >= end) continue
          mine.push({
            kind: s.kind,
            start: Math.max(s.start, start) - start,
            end: Math.min(s.end, end) - start,
          })
        }
        const masked = mine.length ? { text: applySpans(text, mine), spans: mine } : null
        out.push({ tag: c.tag, bytes: c.bytes, piece: c.piece, masked, json: jsonOf(i) })
        offset = end
      }
    }
    // A copy: the window is overwritten by the next batch.
    this.tail = Buffer.from(window.subarray(Math.max(0, bodyEnd - WINDOW), bodyEnd))
    this.queue = rest
    this.queued = rest.reduce((n, c) => n + c.piece.length, 0)
    return out
  }
}
