// Holds every open session in the main process, names them by channel number for binary frames,
// keeps their rows in SQLite, and routes input, acks and viewers to them.
import { randomUUID } from 'node:crypto'
import type { SessionInfo } from '../../../shared/contract'
import { NotFoundError } from '../errors'
import type { Store } from '../store/store'
import { LOCAL_PTY_LIMITS } from './flowControl'
import { defaultShell, spawnLocal } from './localShell'
import { TranscriptRecorder } from './recorder'
import { Session, type Viewer } from './session'

export class SessionManager {
  private readonly sessions = new Map<string, Session>()
  private readonly byChannel = new Map<number, Session>()
  private nextChannel = 1
  private recorder: TranscriptRecorder | null = null
  private recorderStore: Store | null = null

  constructor(
    private readonly store: () => Store,
    private readonly changed: (info: SessionInfo) => void,
    private readonly now: () => number = Date.now,
  ) {}

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => s.info)
  }

  openLocal(opts: { cols: number; rows: number; incidentId: string | null }): SessionInfo {
    const store = this.store()
    const recorder = this.recorderFor(store)
    const shell = defaultShell()
    const source = spawnLocal({ ...shell, cols: opts.cols, rows: opts.rows })
    const info: SessionInfo = {
      id: randomUUID(),
      channel: this.nextChannel++,
      kind: 'local',
      title: `local: ${shell.file.split('/').pop() ?? shell.file}`,
      state: 'connected',
      exitCode: null,
      error: null,
      cols: opts.cols,
      rows: opts.rows,
      startedAt: this.now(),
      incidentId: opts.incidentId,
    }
    store.db
      .prepare(
        `INSERT INTO sessions (id, incident_id, target_id, kind, title, cols, rows, started_at)
         VALUES (?, ?, NULL, ?, ?, ?, ?, ?)`,
      )
      .run(info.id, info.incidentId, info.kind, info.title, info.cols, info.rows, info.startedAt)
    const session = new Session(info, source, recorder, LOCAL_PTY_LIMITS, (next) => {
      if (next.state === 'closed') this.finish(store, next)
      this.changed(next)
    })
    this.sessions.set(info.id, session)
    this.byChannel.set(info.channel, session)
    this.changed(info)
    return info
  }

  get(sessionId: string): Session {
    const s = this.sessions.get(sessionId)
    if (!s) throw new NotFoundError(`Session ${sessionId}`)
    return s
  }

  byChannelNumber(channel: number): Session | undefined {
    return this.byChannel.get(channel)
  }

  attach(viewer: Viewer, sessionId: string): SessionInfo {
    const s = this.get(sessionId)
    s.attach(viewer)
    return s.info
  }

  /** A viewer went away (window closed, tab reloaded): it must not hold any session paused. */
  detachViewer(viewerId: string): void {
    for (const s of this.sessions.values()) s.detach(viewerId)
  }

  close(sessionId: string): SessionInfo {
    const s = this.get(sessionId)
    s.close()
    return s.info
  }

  closeAll(): void {
    for (const s of this.sessions.values()) s.close()
    this.recorder?.close()
    this.recorder = null
    this.recorderStore = null
  }

  private recorderFor(store: Store): TranscriptRecorder {
    // A recovered or new database file gets its own recorder.
    if (this.recorder && this.recorderStore === store) return this.recorder
    this.recorder?.close()
    this.recorder = new TranscriptRecorder(store.db, store.path)
    this.recorderStore = store
    return this.recorder
  }

  private finish(store: Store, info: SessionInfo): void {
    this.recorder?.flush()
    if (!store.db.open) return
    store.db
      .prepare('UPDATE sessions SET ended_at = ?, exit_code = ? WHERE id = ?')
      .run(this.now(), info.exitCode, info.id)
  }
}
