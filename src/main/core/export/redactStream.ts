// Redaction of a stream of chunks (a session's transcript): a secret can be split across chunks
// (a password typed one key per chunk, a PEM block over several reads), so each chunk is judged
// with the text around it. Chunks keep their boundaries and order; a chunk touched by a secret
// gets a mask for its part of it. Work is batched, so thousands of one-byte chunks cost one scan.
import { applySpans, type Redactor, type Span } from './redact'

/** Context on each side: longer than a 4096-bit RSA key in PEM (~3.3 KB). */
const WINDOW = 8192
/**
 * Judge queued chunks once this much text waits. Each batch is read with a window of context on
 * both sides, so small batches read the text several times (4 windows: 1.5×; 32: 1.06×).
 */
const BATCH = 32 * WINDOW

export interface RedactedChunk<T> {
  tag: T
  text: string
  /** Secrets (or parts of secrets) masked in this chunk. */
  spans: Span[]
}

export class StreamRedactor<T> {
  private queue: { tag: T; text: string }[] = []
  private queued = 0
  /** The last WINDOW characters already judged, as they were before masking. */
  private tail = ''

  constructor(private readonly redactor: Redactor) {}

  push(text: string, tag: T): RedactedChunk<T>[] {
    this.queue.push({ tag, text })
    this.queued += text.length
    return this.queued >= BATCH ? this.judge(false) : []
  }

  flush(): RedactedChunk<T>[] {
    return this.judge(true)
  }

  /** Judges every queued chunk that has WINDOW characters after it (all of them at the end). */
  private judge(all: boolean): RedactedChunk<T>[] {
    let ready = this.queue.length
    if (!all) {
      let after = 0
      while (ready > 0 && after < WINDOW)
        after += (this.queue[--ready] as { text: string }).text.length
    }
    if (ready === 0) return []
    const batch = this.queue.slice(0, ready)
    const rest = this.queue.slice(ready)
    const ahead = rest
      .map((c) => c.text)
      .join('')
      .slice(0, WINDOW)
    // One flat copy of the text to judge: concatenations would each be flattened again (by the
    // scans, and by slicing off the next tail), copying every batch three times.
    const context = [this.tail, ...batch.map((c) => c.text), ahead].join('')
    const bodyEnd = context.length - ahead.length
    const spans = this.redactor.find(context)
    const out: RedactedChunk<T>[] = []
    let offset = this.tail.length
    for (const c of batch) {
      const start = offset
      const end = offset + c.text.length
      const mine: Span[] = []
      for (const s of spans) {
        if (s.end <= start || s.start >= end) continue
        mine.push({
          kind: s.kind,
          start: Math.max(s.start, start) - start,
          end: Math.min(s.end, end) - start,
        })
      }
      out.push({ tag: c.tag, text: applySpans(c.text, mine), spans: mine })
      offset = end
    }
    this.tail = context.slice(Math.max(0, bodyEnd - WINDOW), bodyEnd)
    this.queue = rest
    this.queued = rest.reduce((n, c) => n + c.text.length, 0)
    return out
  }
}
