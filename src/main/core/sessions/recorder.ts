// Writes every byte in and out of every session to SQLite before any UI throttling. Chunks are
// gathered and committed in one transaction every `intervalMs` or `maxBytes`, so recording a
// flood costs a handful of commits per second: each commit is an fsync (synchronous=FULL) that
// blocks the main process's event loop, and at 64 KB per commit a `cat` of a large file spent
// more time committing than forwarding. A row is closed once it reaches `rowBytes`, so replay
// and export still page through a long transcript in small steps. If a write fails (disk
// full), the pending bytes stay in memory and are retried on the next tick: nothing is dropped
// silently.
import type Database from 'better-sqlite3'
import { guardWrite } from '../store/writeGuard'
import { concat } from './outputBatcher'

export type Direction = 'o' | 'i' | 'r'

interface Pending {
  sessionId: string
  direction: Direction
  at: number
  chunks: Uint8Array[]
  size: number
}

export interface RecorderOptions {
  intervalMs: number
  maxBytes: number
  /** A row takes no more chunks once it holds this much; a long run becomes several rows. */
  rowBytes?: number
}

/** At most 250 ms or 1 MB of a flood is in memory only: what a crash could cost. */
export const DEFAULT_RECORDING: RecorderOptions = {
  intervalMs: 250,
  maxBytes: 1024 * 1024,
  rowBytes: 64 * 1024,
}

export class TranscriptRecorder {
  private pending: Pending[] = []
  private pendingBytes = 0
  private timer: ReturnType<typeof setInterval>
  private readonly insert: Database.Statement
  /** The last write error, cleared by the next successful flush; shown to the responder. */
  lastError: Error | null = null

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    private readonly opts: RecorderOptions = DEFAULT_RECORDING,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare(
      'INSERT INTO transcript_chunks (session_id, at, direction, data) VALUES (?, ?, ?, ?)',
    )
    this.timer = setInterval(() => this.flush(), opts.intervalMs)
    this.timer.unref?.()
  }

  record(sessionId: string, direction: Direction, bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return
    const last = this.pending[this.pending.length - 1]
    // Consecutive chunks of the same stream merge into one row, stamped with the first's time.
    const rowBytes = this.opts.rowBytes ?? Number.POSITIVE_INFINITY
    if (
      last &&
      last.sessionId === sessionId &&
      last.direction === direction &&
      direction !== 'r' &&
      last.size < rowBytes
    ) {
      last.chunks.push(bytes)
      last.size += bytes.byteLength
    } else {
      this.pending.push({
        sessionId,
        direction,
        at: this.now(),
        chunks: [bytes],
        size: bytes.byteLength,
      })
    }
    this.pendingBytes += bytes.byteLength
    if (this.pendingBytes >= this.opts.maxBytes) this.flush()
  }

  flush(): void {
    if (this.pending.length === 0) return
    const batch = this.pending
    // No fsync for transcript commits (synchronous=NORMAL for this transaction only, as for the
    // search index's batches): a commit is in the WAL, i.e. in the OS's hands, when it returns,
    // so a SIGKILL of Sitrep loses nothing committed; a power cut can lose what was committed
    // since the last fsync, which the next durable timeline append or checkpoint makes. Measured
    // in bench/sessions-ssh.ts: the fsyncs were most of what recording cost the main thread.
    this.db.pragma('synchronous = NORMAL')
    try {
      guardWrite(this.path, () =>
        this.db.transaction(() => {
          for (const p of batch) this.insert.run(p.sessionId, p.at, p.direction, asBuffer(p))
        })(),
      )
      this.pending = []
      this.pendingBytes = 0
      this.lastError = null
    } catch (err) {
      this.lastError = err instanceof Error ? err : new Error(String(err))
    } finally {
      this.db.pragma('synchronous = FULL')
    }
  }

  close(): void {
    clearInterval(this.timer)
    this.flush()
  }
}

/** One row's bytes as a Buffer, copied once (a lone chunk is not copied at all). */
function asBuffer(p: Pending): Buffer {
  const one = p.chunks.length === 1 ? (p.chunks[0] as Uint8Array) : concat(p.chunks, p.size)
  return Buffer.from(one.buffer, one.byteOffset, one.byteLength)
}
