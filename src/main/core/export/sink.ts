// Writes an export to a temporary file next to its destination and renames it into place only
// when everything was written: a cancelled or failed export leaves no file, and a reader never
// sees half a file. Small pieces are gathered into large writes; writes wait when the disk
// falls behind, which also lets other calls (cancel) run between pages of a large export.
import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'

/** Pieces are gathered into buffers of this size: one write per megabyte, not per piece. */
const BUFFER = 1024 * 1024
/** Full buffers the stream may hold before write() waits: the disk writes while we encode. */
const IN_FLIGHT = 16 * BUFFER
/**
 * Written buffers kept for the next sink, shared by every export of the process: each sink
 * allocated its own, 17 MB per asciicast export of the bench's four sessions, memory outside
 * V8's heap whose growth brings its full collections of the whole heap sooner (13 exports: 23-25
 * full collections with the spare buffers, 30-31 without).
 */
const KEEP = 8
const spare: Buffer[] = []
/** Sinks not yet closed; when none is left for a while, the spare buffers go. */
let open = 0
/** How long the spare buffers outlive the last sink: the next export of a session soon after. */
const SPARE_FOR_MS = 30_000
let dropSpare: NodeJS.Timeout | null = null
const EMPTY = Buffer.alloc(0)
const takeBuffer = (): Buffer => spare.pop() ?? Buffer.allocUnsafe(BUFFER)
/** A buffer the stream no longer reads (written, or never sent), for the next spill. */
const giveBack = (b: Buffer): void => {
  if (spare.length < KEEP) spare.push(b)
}

export class ExportSink {
  private readonly stream: WriteStream
  private failure: Error | null = null
  private buf: Buffer = takeBuffer()
  private used = 0
  readonly tempPath: string
  bytes = 0

  constructor(readonly path: string) {
    open++
    if (dropSpare) clearTimeout(dropSpare)
    dropSpare = null
    this.tempPath = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`)
    this.stream = createWriteStream(this.tempPath, {
      flags: 'wx',
      mode: 0o600,
      highWaterMark: IN_FLIGHT,
    })
    this.stream.on('error', (err) => (this.failure = err))
  }

  /** Adds text (as UTF-8) or bytes; a full buffer goes to the stream, which queues it. */
  put(chunk: string | Uint8Array): void {
    if (this.buf === EMPTY) throw new Error('ExportSink: written after it was closed')
    if (typeof chunk === 'string') {
      // A UTF-16 unit is at most 3 bytes of UTF-8: what surely fits is copied without measuring.
      if (chunk.length * 3 > BUFFER - this.used) this.spill()
      if (chunk.length * 3 > BUFFER) this.send(Buffer.from(chunk, 'utf8'))
      else this.used += this.buf.write(chunk, this.used, 'utf8')
    } else {
      if (chunk.byteLength > BUFFER - this.used) this.spill()
      if (chunk.byteLength > BUFFER) this.send(chunk)
      else {
        this.buf.set(chunk, this.used)
        this.used += chunk.byteLength
      }
    }
  }

  /** Adds text of one-byte characters as those bytes (base64). */
  putLatin1(text: string): void {
    if (this.buf === EMPTY) throw new Error('ExportSink: written after it was closed')
    if (text.length > BUFFER - this.used) this.spill()
    if (text.length > BUFFER) this.send(Buffer.from(text, 'latin1'))
    else this.used += this.buf.write(text, this.used, 'latin1')
  }

  /** Adds bytes as base64 text. */
  putBase64(bytes: Buffer): void {
    this.putLatin1(bytes.toString('base64'))
  }

  /** put(), then waits while the stream holds more than IN_FLIGHT bytes for the disk. */
  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.failure) throw this.failure
    this.put(chunk)
    if (this.stream.writableNeedDrain) {
      await new Promise<void>((resolve, reject) => {
        const onDrain = (): void => {
          this.stream.off('error', onError)
          resolve()
        }
        const onError = (err: Error): void => {
          this.stream.off('drain', onDrain)
          reject(err)
        }
        this.stream.once('drain', onDrain)
        this.stream.once('error', onError)
      })
    }
  }

  /**
   * Hands the gathered bytes to the stream. The stream keeps the buffer until they are on disk;
   * then it is used again (a new megabyte per megabyte was most of an export's garbage).
   */
  private spill(): void {
    if (this.used === 0) return
    const full = this.buf
    this.send(full.subarray(0, this.used), () => giveBack(full))
    this.buf = takeBuffer()
    this.used = 0
  }

  private send(bytes: Uint8Array, written?: () => void): void {
    this.bytes += bytes.byteLength
    this.stream.write(bytes, written)
  }

  private async end(): Promise<void> {
    if (this.stream.closed) return
    this.spill()
    // The buffer taken after the last spill holds nothing the stream reads.
    if (this.buf !== EMPTY) {
      giveBack(this.buf)
      this.buf = EMPTY
      if (--open === 0) {
        dropSpare = setTimeout(() => (spare.length = 0), SPARE_FOR_MS)
        dropSpare.unref()
      }
    }
    await new Promise<void>((resolve) => this.stream.end(resolve))
  }

  /** Flushes, closes and renames into place. */
  async commit(): Promise<void> {
    await this.end()
    if (this.failure) throw this.failure
    renameSync(this.tempPath, this.path)
  }

  /** Closes and removes the temporary file; safe to call twice. */
  async abort(): Promise<void> {
    try {
      await this.end()
    } finally {
      rmSync(this.tempPath, { force: true })
    }
  }
}
