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
