// The core of Sitrep in plain Node: the data directory, the sessions and the event streams. The
// Electron shell and headless mode each create one Core and bind its handlers to a transport.
import type { StoreStatus } from '../../shared/contract'
import { CoreEvents } from './events'
import { SessionManager } from './sessions/sessionManager'
import { DataDir } from './store/store'
import { systemClock, type Clock } from './store/timeline'

export interface CoreOptions {
  dataDir: string
  shell: 'electron' | 'headless'
  version: string
  clock?: Clock
  /** How often to take a rotating backup when something changed; 0 turns it off. */
  backupIntervalMs?: number
}

export class Core {
  readonly events = new CoreEvents()
  readonly data: DataDir
  readonly sessions: SessionManager
  private backupTimer: ReturnType<typeof setInterval> | null = null
  private changesAtLastBackup = -1
  private unsubscribeTimeline: (() => void) | null = null

  constructor(readonly opts: CoreOptions) {
    const clock = opts.clock ?? systemClock
    this.data = new DataDir(opts.dataDir, { clock })
    this.sessions = new SessionManager(
      () => this.data.require(),
      (info) => this.events.emit('session.changed', info),
      () => clock.now(),
    )
  }

  start(): StoreStatus {
    const status = this.data.open()
    this.afterStoreChange()
    const every = this.opts.backupIntervalMs ?? 10 * 60_000
    if (every > 0) {
      this.backupTimer = setInterval(() => void this.backupIfChanged(), every)
      this.backupTimer.unref?.()
    }
    return status
  }

  openBackup(file: string): StoreStatus {
    this.sessions.closeAll()
    return this.afterStoreChange(this.data.openBackup(file))
  }

  startNew(): StoreStatus {
    this.sessions.closeAll()
    return this.afterStoreChange(this.data.startNew())
  }

  /** Takes a backup only when the database changed since the last one. */
  async backupIfChanged(): Promise<void> {
    const store = this.data.ready
    if (!store) return
    const changes = store.db.prepare('SELECT total_changes() AS n').get() as { n: number }
    if (changes.n === this.changesAtLastBackup) return
    try {
      await this.data.backupNow()
      this.changesAtLastBackup = changes.n
      this.events.emit('store.changed', this.data.status())
    } catch {
      // A failed backup (e.g. disk full) is retried next interval; the live database is unharmed.
    }
  }

  close(): void {
    if (this.backupTimer) clearInterval(this.backupTimer)
    this.backupTimer = null
    this.sessions.closeAll()
    this.unsubscribeTimeline?.()
    this.data.close()
  }

  private afterStoreChange(status: StoreStatus = this.data.status()): StoreStatus {
    this.unsubscribeTimeline?.()
    this.unsubscribeTimeline = null
    const store = this.data.ready
    if (store) {
      this.unsubscribeTimeline = store.timeline.onAppended((e) =>
        this.events.emit('timeline.appended', e),
      )
      this.changesAtLastBackup = -1
    }
    this.events.emit('store.changed', status)
    return status
  }
}
