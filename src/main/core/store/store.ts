// The data directory and the database in use. Which file is current is recorded in sitrep.json;
// a file that cannot be used is left untouched and the responder picks a backup or a new file.
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type Database from 'better-sqlite3'
import type { BackupInfo, StoreStatus } from '../../../shared/contract'
import { NotFoundError, StoreUnavailableError } from '../errors'
import { Backups } from './backups'
import { schemaVersion } from './migrations'
import { DatabaseProblem, openDatabase } from './openDatabase'
import {
  PRIVATE_FILE_MODE,
  makePrivateDir,
  makePrivateFile,
  repairNotice,
  repairPrivateDir,
  type PermissionRepair,
} from './privateFiles'
import { SearchIndexer } from './searchIndex'
import { Timeline, type Clock, systemClock } from './timeline'
import { fileKeyProvider, type KeyProvider } from '../secrets/keyProvider'
import { Secrets } from '../secrets/secrets'
import { Targets } from '../targets/targets'

const POINTER = 'sitrep.json'
const DEFAULT_FILE = 'sitrep.db'

interface Pointer {
  databaseFile: string
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-')
}

/** An open, migrated database and the repositories on it. */
export class Store {
  readonly timeline: Timeline
  readonly secrets: Secrets
  readonly targets: Targets
  readonly searchIndexer: SearchIndexer
  lastBackup: BackupInfo | null = null

  constructor(
    readonly db: Database.Database,
    readonly path: string,
    clock: Clock,
    keys: KeyProvider,
  ) {
    this.timeline = new Timeline(db, path, clock)
    this.secrets = new Secrets(db, keys, () => clock.now())
    this.targets = new Targets(db, this.secrets, () => clock.now())
    // Search indexing runs after commits, in idle time (searchIndex.ts), and catches up at open.
    this.searchIndexer = new SearchIndexer(db)
    this.timeline.onCommitted(() => this.searchIndexer.notify())
    this.searchIndexer.start()
  }

  close(): void {
    this.searchIndexer.close()
    if (this.db.open) this.db.close()
  }
}

export interface DataDirOptions {
  clock?: Clock
  backupKeep?: number
  /** Seals secrets; defaults to a 0600 key file in the data folder (headless mode, tests). */
  keys?: KeyProvider
}

/** Owns the data directory: which database is current, opening it, recovery, backups. */
export class DataDir {
  readonly backups: Backups
  private store: Store | null = null
  private problem: DatabaseProblem | null = null
  private readonly clock: Clock
  private readonly keys: KeyProvider
  /** Files and folders that were readable by other accounts when the folder was opened. */
  readonly permissionRepairs: PermissionRepair[]

  constructor(
    readonly dir: string,
    opts: DataDirOptions = {},
  ) {
    // Repair before creating: a folder that already existed open is reported, a new one is not.
    this.permissionRepairs = existsSync(dir) ? repairPrivateDir(dir) : []
    makePrivateDir(dir)
    this.clock = opts.clock ?? systemClock
    this.keys = opts.keys ?? fileKeyProvider(join(dir, 'secret.key'))
    this.backups = new Backups(join(dir, 'backups'), opts.backupKeep ?? 10)
  }

  /** What the responder is told about repaired permissions (null when nothing was wrong). */
  get permissionNotice(): string | null {
    return repairNotice(this.permissionRepairs)
  }

  get currentPath(): string {
    return join(this.dir, this.readPointer().databaseFile)
  }

  /** Opens the current database; on failure the data dir stays in the 'unavailable' state. */
  open(): StoreStatus {
    this.store?.close()
    this.store = null
    this.problem = null
    const path = this.currentPath
    try {
      const db = openDatabase(path)
      try {
        this.store = new Store(db, path, this.clock, this.keys)
      } catch (err) {
        // The store's own statements do not prepare: a flipped byte in the schema text renamed
        // a column or table (quick_check does not see it). Damage, refused like the rest,
        // instead of a start that throws.
        db.close()
        if (!isSqliteError(err)) throw err
        return this.refuse(err)
      }
      // SQLite creates the file with the umask's mode (0644); its WAL and shm copy that mode.
      for (const f of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(f)) makePrivateFile(f)
    } catch (err) {
      if (!(err instanceof DatabaseProblem)) throw err
      this.problem = err
    }
    return this.status()
  }

  status(): StoreStatus {
    if (this.store) {
      return {
        state: 'ready',
        path: this.store.path,
        schemaVersion: schemaVersion(this.store.db),
        lastBackup: this.store.lastBackup ?? this.backups.list()[0] ?? null,
        ...(this.permissionRepairs.length
          ? { permissionsRepaired: this.permissionRepairs.length }
          : {}),
      }
    }
    const p = this.problem
    return {
      state: 'unavailable',
      reason: p?.reason ?? 'unreadable',
      path: p?.path ?? this.currentPath,
      message: p?.message ?? 'The database is not open.',
      backups: this.backups.list(),
    }
  }

  /**
   * The open file proved unusable after it opened (e.g. a flipped byte renamed a table in its
   * schema, which quick_check does not see): close it unchanged and report it as damaged.
   */
  refuse(err: unknown): StoreStatus {
    const path = this.store?.path ?? this.currentPath
    this.store?.close()
    this.store = null
    const detail = err instanceof Error ? err.message : String(err)
    this.problem = new DatabaseProblem(
      'corrupt',
      path,
      `The database file ${path} is damaged (${detail}). It has not been changed. Open the latest backup or start a new file; the damaged file stays where it is for investigation.`,
      { cause: err },
    )
    return this.status()
  }

  /** The open store, or a clear error telling the responder to recover first. */
  require(): Store {
    if (this.store) return this.store
    throw new StoreUnavailableError(
      this.problem?.message ??
        'The database is not open. Choose a backup or start a new database file first.',
    )
  }

  get ready(): Store | null {
    return this.store
  }

  /** Copies a backup to a new current file; the damaged file is never touched. */
  openBackup(file: string): StoreStatus {
    const source = this.backups.pathOf(file)
    if (!source) throw new NotFoundError(`Backup ${file}`)
    const target = `sitrep-restored-${stamp(this.clock.now())}.db`
    copyFileSync(source, join(this.dir, target))
    return this.switchTo(target)
  }

  startNew(): StoreStatus {
    return this.switchTo(`sitrep-${stamp(this.clock.now())}.db`)
  }

  async backupNow(): Promise<BackupInfo> {
    const store = this.require()
    const info = await this.backups.create(store.db, this.clock.now())
    store.lastBackup = info
    return info
  }

  close(): void {
    this.store?.close()
    this.store = null
  }

  private switchTo(file: string): StoreStatus {
    if (existsSync(join(this.dir, file)) && !file.startsWith('sitrep-restored-')) {
      throw new StoreUnavailableError(`${file} already exists; try again in a moment.`)
    }
    const previous = this.readPointer()
    this.writePointer({ databaseFile: basename(file) })
    const status = this.open()
    if (status.state !== 'ready') this.writePointer(previous)
    return status
  }

  private readPointer(): Pointer {
    try {
      const parsed = JSON.parse(readFileSync(join(this.dir, POINTER), 'utf8')) as Partial<Pointer>
      if (
        typeof parsed.databaseFile === 'string' &&
        basename(parsed.databaseFile) === parsed.databaseFile
      ) {
        return { databaseFile: parsed.databaseFile }
      }
    } catch {
      // No pointer yet (first start) or an unreadable one: use the default file name.
    }
    return { databaseFile: DEFAULT_FILE }
  }

  private writePointer(p: Pointer): void {
    // Write-then-rename so a crash never leaves a half-written pointer.
    const tmp = join(this.dir, `${POINTER}.tmp`)
    writeFileSync(tmp, JSON.stringify(p, null, 2), { mode: PRIVATE_FILE_MODE })
    renameSync(tmp, join(this.dir, POINTER))
  }
}

function isSqliteError(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    String((err as { code: unknown }).code).startsWith('SQLITE_')
  )
}
