// Writes an export to a temporary file next to its destination and renames it into place only
// when everything was written: a cancelled or failed export leaves no file, and a reader never
// sees half a file. Writes wait for the stream to drain, which also lets other calls (cancel)
// run between pages of a large export.
import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'

export class ExportSink {
  private readonly stream: WriteStream
  private failure: Error | null = null
  readonly tempPath: string
  bytes = 0

  constructor(readonly path: string) {
    this.tempPath = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`)
    this.stream = createWriteStream(this.tempPath, { flags: 'wx', mode: 0o600 })
    this.stream.on('error', (err) => (this.failure = err))
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    if (this.failure) throw this.failure
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
    this.bytes += buf.byteLength
    if (!this.stream.write(buf)) {
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

  private async end(): Promise<void> {
    if (this.stream.closed) return
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
