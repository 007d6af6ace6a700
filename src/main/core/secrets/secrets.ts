// The secrets table: ciphertext only, addressed by id from target settings. The clear text
// lives in memory just long enough to authenticate, and is also handed to the redactor so it
// never appears in transcripts or exports.
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import { NotFoundError } from '../errors'
import type { KeyProvider } from './keyProvider'

export class Secrets {
  private readonly known = new Set<string>()

  constructor(
    private readonly db: Database.Database,
    private readonly keys: KeyProvider,
    private readonly now: () => number = Date.now,
  ) {}

  put(plain: string, id: string = randomUUID()): string {
    this.db
      .prepare('INSERT OR REPLACE INTO secrets (id, ciphertext, created_at) VALUES (?, ?, ?)')
      .run(id, this.keys.seal(plain), this.now())
    this.known.add(plain)
    return id
  }

  get(id: string): string {
    const row = this.db.prepare('SELECT ciphertext FROM secrets WHERE id = ?').get(id) as
      { ciphertext: Buffer } | undefined
    if (!row) throw new NotFoundError(`Secret ${id}`)
    const plain = this.keys.open(row.ciphertext)
    this.known.add(plain)
    return plain
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM secrets WHERE id = ?').run(id)
  }

  /** Every secret this process has seen in clear, for redaction of output and exports. */
  /**
   * Seals a value that is not a target credential (this install's signing key) with the same
   * key provider, without adding it to the values exports mask.
   */
  sealValue(plain: string): Buffer {
    return this.keys.seal(plain)
  }

  openValue(sealed: Buffer): string {
    return this.keys.open(sealed)
  }

  knownValues(): string[] {
    return [...this.known].filter((s) => s.length >= 4)
  }
}
