// Rotating backups taken with SQLite's online backup API, so a consistent copy is made while the
// app keeps writing. Kept in <dataDir>/backups, newest first, oldest removed past `keep`.
import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { makePrivateDir, makePrivateFile } from './privateFiles'
import type Database from 'better-sqlite3'
import type { BackupInfo } from '../../../shared/contract'

const NAME = /^sitrep-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)(?:-\d+)?\.db$/

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-')
}

function parseStamp(s: string): number {
  const iso = s.replace(/^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, '$1:$2:$3.$4Z')
  return Date.parse(iso)
}

export class Backups {
  constructor(
    readonly dir: string,
    private readonly keep = 10,
  ) {}

  list(): BackupInfo[] {
    let names: string[]
    try {
      names = readdirSync(this.dir)
    } catch {
      return []
    }
    const out: BackupInfo[] = []
    for (const file of names) {
      const m = NAME.exec(file)
      if (!m?.[1]) continue
      try {
        out.push({ file, createdAt: parseStamp(m[1]), bytes: statSync(join(this.dir, file)).size })
      } catch {
        // Removed between readdir and stat: not a backup any more.
      }
    }
    return out.sort((a, b) => b.createdAt - a.createdAt || b.file.localeCompare(a.file))
  }

  /** Only names from list() are accepted: the renderer never chooses an arbitrary path. */
  pathOf(file: string): string | null {
    return this.list().some((b) => b.file === file) ? join(this.dir, file) : null
  }

  async create(db: Database.Database, now = Date.now()): Promise<BackupInfo> {
    makePrivateDir(this.dir)
    let file = `sitrep-${stamp(now)}.db`
    for (let n = 1; this.list().some((b) => b.file === file); n++)
      file = `sitrep-${stamp(now)}-${n}.db`
    const path = join(this.dir, file)
    await db.backup(path)
    // SQLite's backup file gets the umask's mode: a copy of every transcript, so 0600.
    makePrivateFile(path)
    this.rotate()
    return { file, createdAt: now, bytes: statSync(path).size }
  }

  private rotate(): void {
    for (const old of this.list().slice(this.keep))
      rmSync(join(this.dir, old.file), { force: true })
  }
}
