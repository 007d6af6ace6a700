// Opens the SQLite file safely: a file that is not a database, is damaged, or comes from a newer
// Sitrep is reported, never "repaired" or overwritten. Checks run on a read-only handle first.
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { nativeModuleError } from '../nativeModules'
import { latestSchemaVersion, migrate, recordedVersion, SITREP_APPLICATION_ID } from './migrations'
import { sqliteCode } from './writeGuard'
import { writeTransactionsTakeTheLock } from './writeTransactions'

const SQLITE_HEADER = 'SQLite format 3\u0000'

export type DatabaseProblemReason = 'corrupt' | 'unreadable' | 'too-new'

export class DatabaseProblem extends Error {
  constructor(
    readonly reason: DatabaseProblemReason,
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'DatabaseProblem'
  }
}

function classify(path: string, err: unknown): DatabaseProblem {
  const code = sqliteCode(err)
  const detail = err instanceof Error ? err.message : String(err)
  // Only these say the file could not be reached (permissions, another process, the disk);
  // any other complaint about a file whose header is SQLite's is damage to its contents —
  // a flipped byte can surface as SQLITE_ERROR ("unsupported file format", "malformed
  // database schema") as well as SQLITE_CORRUPT or SQLITE_NOTADB.
  const access =
    /^SQLITE_(CANTOPEN|PERM|BUSY|LOCKED|READONLY|IOERR|FULL|NOMEM|AUTH)/.test(code) ||
    /^E[A-Z]+$/.test(code)
  const damaged = !access
  if (damaged) {
    return new DatabaseProblem(
      'corrupt',
      path,
      `The database file ${path} is damaged (${detail}). It has not been changed. Open the latest backup or start a new file; the damaged file stays where it is for investigation.`,
      { cause: err },
    )
  }
  return new DatabaseProblem(
    'unreadable',
    path,
    `The database file ${path} could not be opened (${detail}). Check that the file and its folder are readable and writable and that no other Sitrep is using it, or open a backup or a new file.`,
    { cause: err },
  )
}

function readHeader(path: string): Buffer {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(16)
    const n = readSync(fd, buf, 0, 16, 0)
    return buf.subarray(0, n)
  } finally {
    closeSync(fd)
  }
}

function damagedHeader(path: string, what: string): DatabaseProblem {
  return new DatabaseProblem(
    'corrupt',
    path,
    `The database file ${path} is damaged: ${what}. It has not been changed. Open the latest backup or start a new file; the damaged file stays where it is for investigation.`,
  )
}

/**
 * "Made by a newer Sitrep" only for a clean header: Sitrep's application id (or 0, from before
 * the stamp), and a schema version the file's own settings table records too. A flipped byte in
 * the header's version field, or another program's SQLite file, is damage, not the future.
 */
function checkHeaderVersion(db: Database.Database, path: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number
  if (appId !== 0 && appId !== SITREP_APPLICATION_ID)
    throw damagedHeader(
      path,
      `its header does not say Sitrep (application id 0x${(appId >>> 0).toString(16)}): another program's file, or a damaged header`,
    )
  const version = db.pragma('user_version', { simple: true }) as number
  const tables = new Set(
    (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name),
  )
  // Sitrep never migrates into a file that already holds other tables, nor reads one as its own.
  const ours = tables.has('settings') && tables.has('timeline_events')
  if ((version !== 0 || tables.size > 0) && !ours)
    throw damagedHeader(
      path,
      `it holds none of Sitrep's tables (header schema version ${version}): another program's file, or a damaged one`,
    )
  const recorded = version !== 0 ? recordedVersion(db) : null
  if (recorded !== null && recorded !== version)
    throw damagedHeader(
      path,
      `its header says schema version ${version}, but the file records ${recorded}`,
    )
  if (version > latestSchemaVersion) {
    if (recorded === null)
      throw damagedHeader(
        path,
        `its header says schema version ${version}, which the file itself does not record`,
      )
    throw new DatabaseProblem(
      'too-new',
      path,
      `The database file ${path} was written by a newer Sitrep (schema ${version}, this one knows ${latestSchemaVersion}). Update Sitrep, or open a backup or a new file.`,
    )
  }
}

export interface InspectOptions {
  /**
   * quick_check runs at open only for a file (with its WAL) up to this size; a bigger one opens
   * after the cheap checks and is checked in the background (integrityCheck.ts). quick_check
   * reads every page: ~1.5 ms per MB on the benchmark machine. Unset: always at open.
   */
  fullCheckMaxBytes?: number
}

/** DataDir's threshold: a file this small is fully checked at open in ~25 ms at most. */
export const FULL_CHECK_AT_OPEN_MAX_BYTES = 16 * 1024 * 1024

function fileSize(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/**
 * Read-only inspection of an existing file; throws DatabaseProblem when it must not be used.
 * Returns whether quick_check ran (false: the caller owes the file a full check).
 */
export function inspectDatabase(
  path: string,
  opts: InspectOptions = {},
): { fullyChecked: boolean } {
  if (!existsSync(path)) return { fullyChecked: true }
  let header: Buffer
  let size: number
  try {
    size = statSync(path).size
    if (size === 0) return { fullyChecked: true }
    header = readHeader(path)
  } catch (err) {
    throw classify(path, err)
  }
  const fullCheck = size + fileSize(`${path}-wal`) <= (opts.fullCheckMaxBytes ?? Infinity)
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new DatabaseProblem(
      'corrupt',
      path,
      `The file ${path} is not a Sitrep database (its header is not SQLite's). It has not been changed. Open the latest backup or start a new file.`,
    )
  }
  let db: Database.Database | null = null
  try {
    db = new Database(path, { readonly: true, fileMustExist: true })
    const check = fullCheck ? db.pragma('quick_check', { simple: true }) : 'ok'
    if (check !== 'ok') {
      throw new DatabaseProblem(
        'corrupt',
        path,
        `The database file ${path} failed its integrity check (${String(check)}). It has not been changed. Open the latest backup or start a new file.`,
      )
    }
    // Reads the header fields and the schema, which makes SQLite parse the header and the schema
    // page too: a damaged header or schema is refused here whatever the file's size.
    checkHeaderVersion(db, path)
  } catch (err) {
    if (err instanceof DatabaseProblem) throw err
    // better-sqlite3 loads its addon in the first `new Database`: a broken install, not a file.
    throw nativeModuleError(err) ?? classify(path, err)
  } finally {
    db?.close()
  }
  return { fullyChecked: fullCheck }
}

/**
 * Opens (creating if absent) and migrates the database. WAL with synchronous=FULL: a commit
 * that returned is on disk, so what the UI shows is what survives a crash.
 */
export function openDatabase(path: string, opts: InspectOptions = {}): Database.Database {
  return openInspected(path, opts).db
}

/** openDatabase, also saying whether quick_check ran at open (see InspectOptions). */
export function openInspected(
  path: string,
  opts: InspectOptions = {},
): { db: Database.Database; fullyChecked: boolean } {
  const { fullyChecked } = inspectDatabase(path, opts)
  let db: Database.Database | null = null
  try {
    db = new Database(path)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    writeTransactionsTakeTheLock(db)
    migrate(db)
    return { db, fullyChecked }
  } catch (err) {
    db?.close()
    if (err instanceof DatabaseProblem) throw err
    throw nativeModuleError(err) ?? classify(path, err)
  }
}
