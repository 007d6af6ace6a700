// The data directory and the database in use. Which file is current is recorded in sitrep.json;
// a file that cannot be used is left untouched and the responder picks a backup or a new file.
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type Database from 'better-sqlite3'
import type { BackupInfo, StoreIntegrity, StoreStatus } from '../../../shared/contract'
import { NotFoundError, StoreUnavailableError } from '../errors'
import { Backups } from './backups'
import { schemaVersion } from './migrations'
import { checkInBackground, type RunningCheck } from './integrityCheck'
import { DatabaseProblem, FULL_CHECK_AT_OPEN_MAX_BYTES, openInspected } from './openDatabase'
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
import { sqliteCode } from './writeGuard'
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
  /** Files up to this size get quick_check at open; bigger ones in the background. */
  fullCheckAtOpenMaxBytes?: number
  /**
   * How long after opening a big file its background check starts (5 s): after the first paint,
   * so the worker's reads of the whole file do not compete with the page's first requests.
   */
  backgroundCheckDelayMs?: number
  /** The background check's verdict changed the status (Core sends it as store.changed). */
  onIntegrity?: (status: StoreStatus) => void
}

/** Owns the data directory: which database is current, opening it, recovery, backups. */
export class DataDir {
  readonly backups: Backups
  private store: Store | null = null
  private problem: DatabaseProblem | null = null
  private readonly clock: Clock
  private readonly keys: KeyProvider
  private integrity: StoreIntegrity | undefined
  private check: RunningCheck | null = null
  private checkTimer: ReturnType<typeof setTimeout> | null = null
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
    this.opts = opts
  }

  private readonly opts: DataDirOptions

  /** What the responder is told about repaired permissions (null when nothing was wrong). */
  get permissionNotice(): string | null {
    return repairNotice(this.permissionRepairs)
  }

  get currentPath(): string {
    return join(this.dir, this.readPointer().databaseFile)
  }

  /** Opens the current database; on failure the data dir stays in the 'unavailable' state. */
  open(): StoreStatus {
    this.stopCheck()
    this.store?.close()
    this.store = null
    this.problem = null
    this.integrity = undefined
    const path = this.currentPath
    try {
      const started = performance.now()
      const { db, fullyChecked } = openInspected(path, {
        fullCheckMaxBytes: this.opts.fullCheckAtOpenMaxBytes ?? FULL_CHECK_AT_OPEN_MAX_BYTES,
      })
      this.integrity = fullyChecked
        ? { state: 'ok', checkedAt: 'open', ms: Math.round(performance.now() - started) }
        : { state: 'checking' }
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
      if (this.integrity.state === 'checking') this.scheduleCheck(path)
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
        ...(this.integrity ? { integrity: this.integrity } : {}),
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
    this.stopCheck()
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
    // A backup of a file the check found damaged would push a good backup out of the rotation.
    if (this.integrity?.state === 'damaged')
      throw new StoreUnavailableError(
        `Not backing up ${store.path}: its integrity check found damage (${this.integrity.message}). The existing backups are kept.`,
      )
    const info = await this.backups.create(store.db, this.clock.now())
    store.lastBackup = info
    return info
  }

  close(): void {
    this.stopCheck()
    this.store?.close()
    this.store = null
  }

  /** The background quick_check of a file too big to check at open (integrityCheck.ts). */
  private scheduleCheck(path: string): void {
    const run = (): void => {
      this.checkTimer = null
      this.check = checkInBackground(path, (outcome) => {
        this.check = null
        if (this.store?.path !== path) return
        this.integrity =
          outcome.ok === true
            ? { state: 'ok', checkedAt: 'background', ms: outcome.ms }
            : outcome.ok === false
              ? {
                  state: 'damaged',
                  message: `The database file ${path} failed its integrity check (${outcome.detail}). Open the latest backup or start a new file; the damaged file stays where it is for investigation.`,
                  backups: this.backups.list(),
                }
              : { state: 'unchecked', message: outcome.detail }
        this.opts.onIntegrity?.(this.status())
      })
    }
    // After the first paint, which takes a few seconds on a loaded 2-core machine (the bench's
    // store-open figures): a check started at 2 s was seen to slow it there.
    const delay = this.opts.backgroundCheckDelayMs ?? 5_000
    this.checkTimer = setTimeout(run, delay)
    this.checkTimer.unref?.()
  }

  private stopCheck(): void {
    if (this.checkTimer) clearTimeout(this.checkTimer)
    this.checkTimer = null
    this.check?.cancel()
    this.check = null
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
  return sqliteCode(err).startsWith('SQLITE_')
}
