// Holds every open session in the main process, names them by channel number for binary frames,
// keeps their rows in SQLite, and routes input, acks and viewers to them.
import { randomUUID } from 'node:crypto'
import type { SessionInfo, SessionKind, SessionRestoredFrom } from '../../../shared/contract'
import { NotFoundError } from '../errors'
import type { Store } from '../store/store'
import { LOCAL_PTY_LIMITS, SSH_LIMITS, type FlowLimits } from './flowControl'
import { defaultShell, spawnLocal } from './localShell'
import { TranscriptRecorder } from './recorder'
import { deferredSource, type InterruptedSession, type ReopenSpec } from './restore'
import { Session, type Viewer } from './session'
import type { HostTrust } from './ssh/hostTrust'
import { spawnSshShell } from './ssh/sshShell'
import { endpointsFor } from './ssh/targetEndpoints'
import type { TerminalSource } from './terminalSource'
import type { TypedLine } from './typedLines'

interface OpenOptions {
  cols: number
  rows: number
  incidentId: string | null
  /** How to open it again after Sitrep stops without closing it; none for a local shell. */
  reopen?: ReopenSpec | null
  restoredFrom?: SessionRestoredFrom
}

/** Opens the real source of a restored session; reports SSH reconnects to its session. */
export type RestoreOpener = (
  cols: number,
  rows: number,
  onState: (state: 'connecting' | 'connected' | 'reconnecting', detail: string | null) => void,
) => Promise<{ source: TerminalSource; title?: string }>

export interface SessionManagerOptions {
  /** The open database (sessions, transcripts). */
  store: () => Store
  /** A session's info changed (opened, state, size, closed). */
  changed: (info: SessionInfo) => void
  /** Host-key trust for SSH sessions. */
  trust: () => HostTrust
  now?: () => number
  /** A command line was typed in a session (the incident's timeline takes it). */
  lineTyped?: (info: SessionInfo, line: TypedLine) => void
}

export class SessionManager {
  private readonly sessions = new Map<string, Session>()
  private readonly byChannel = new Map<number, Session>()
  private nextChannel = 1
  private recorder: TranscriptRecorder | null = null
  private recorderStore: Store | null = null
  /**
   * Sessions the window broadcasts to. Their typed lines reach the timeline once, as the
   * window's `broadcast.line` (one event naming every target), so they are not also recorded as
   * `command.typed` per target. Held here, in memory: a restarted core starts with none, and the
   * window sends its set again when it reconnects.
   */
  private readonly broadcastTargets = new Set<string>()

  private readonly store: () => Store
  private readonly changed: (info: SessionInfo) => void
  private readonly trust: () => HostTrust
  private readonly now: () => number
  private readonly lineTyped: (info: SessionInfo, line: TypedLine) => void

  constructor(opts: SessionManagerOptions) {
    this.store = opts.store
    this.changed = opts.changed
    this.trust = opts.trust
    this.now = opts.now ?? Date.now
    this.lineTyped = opts.lineTyped ?? (() => undefined)
  }

  list(): SessionInfo[] {
    return [...this.sessions.values()].map((s) => s.info)
  }

  openLocal(opts: OpenOptions): SessionInfo {
    const shell = defaultShell()
    const source = spawnLocal({ ...shell, cols: opts.cols, rows: opts.rows })
    const title = `local: ${shell.file.split('/').pop() ?? shell.file}`
    return this.register('local', title, null, source, LOCAL_PTY_LIMITS, {
      ...opts,
      reopen: { kind: 'local' },
    }).info
  }

  /** Connects (host key checked before credentials) and opens a shell; reconnects on drops. */
  async openSsh(opts: OpenOptions & { targetId: string }): Promise<SessionInfo> {
    const store = this.store()
    const target = store.targets.get(opts.targetId)
    const hops = endpointsFor(store.targets, opts.targetId)
    let session: Session | null = null
    const source = await spawnSshShell({
      hops,
      trust: this.trust(),
      cols: opts.cols,
      rows: opts.rows,
      onState: (state, detail) => session?.setState(state, detail),
    })
    const title = `${target.name} (${target.user}@${target.host})`
    session = this.register('ssh', title, target.id, source, SSH_LIMITS, {
      ...opts,
      reopen: { kind: 'ssh' },
    })
    return session.info
  }

  /**
   * Opens again a session that was open when Sitrep stopped (see restore.ts). The session and
   * its pane exist at once, "connecting"; the connection follows with backoff, and a final
   * failure closes the session with the reason.
   */
  restore(
    item: InterruptedSession,
    restartedAt: number,
    open: RestoreOpener,
    limits: FlowLimits,
  ): SessionInfo {
    let session: Session | null = null
    const onState = (
      state: 'connecting' | 'connected' | 'reconnecting',
      detail: string | null,
    ): void => session?.setState(state, detail)
    const source = deferredSource({
      cols: item.cols,
      rows: item.rows,
      open: async (cols, rows) => {
        const opened = await open(cols, rows, onState)
        // A psql title says whether it is read-only, which a restore may change.
        if (opened.title) session?.retitle(opened.title)
        return opened.source
      },
      onState,
    })
    session = this.register(item.kind, item.title, item.targetId, source, limits, {
      cols: item.cols,
      rows: item.rows,
      incidentId: item.incidentId,
      reopen: item.reopen,
      restoredFrom: { sessionId: item.id, lastRecordedAt: item.lastRecordedAt, restartedAt },
    })
    session.setState('connecting', null)
    return session.info
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

  /**
   * Replaces the broadcast targets. Ids of sessions that are unknown or closed (a pane closed
   * while the call was on its way) are left out rather than refused: they can receive no input.
   */
  setBroadcastTargets(sessionIds: readonly string[]): string[] {
    this.broadcastTargets.clear()
    for (const id of sessionIds) {
      const s = this.sessions.get(id)
      if (s && !s.closed) this.broadcastTargets.add(id)
    }
    return [...this.broadcastTargets]
  }

  /** A session this process runs and has not closed (its row's close is still to come). */
  isLive(sessionId: string): boolean {
    const s = this.sessions.get(sessionId)
    return s !== undefined && !s.closed
  }

  isBroadcastTarget(sessionId: string): boolean {
    return this.broadcastTargets.has(sessionId)
  }

  close(sessionId: string): SessionInfo {
    const s = this.get(sessionId)
    s.close()
    return s.info
  }

  closeAll(): void {
    for (const s of this.sessions.values()) s.close()
    // Sources end asynchronously (an SSH channel's close, a pty's exit), after the database is
    // closed on quit: their rows would stay open as if Sitrep had crashed, be closed as cut at
    // the next start and reopened by the restore. A deliberate shutdown ends them all now.
    const store = this.recorderStore
    if (store?.db.open) {
      try {
        this.recorder?.flush()
        const end = store.db.prepare(
          'UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL',
        )
        store.db.transaction(() => {
          for (const s of this.sessions.values()) end.run(this.now(), s.info.id)
        })()
      } catch {
        // A full disk: the rows stay open and the next start treats them as cut.
      }
    }
    this.recorder?.close()
    this.recorder = null
    this.recorderStore = null
  }

  /** Records and serves a source opened elsewhere (kubectl, psql: sessions/kubectl, psql). */
  register(
    kind: SessionKind,
    title: string,
    targetId: string | null,
    source: TerminalSource,
    limits: FlowLimits,
    opts: OpenOptions,
  ): Session {
    const store = this.store()
    const recorder = this.recorderFor(store)
    const info: SessionInfo = {
      id: randomUUID(),
      channel: this.nextChannel++,
      kind,
      title,
      state: 'connected',
      exitCode: null,
      error: null,
      cols: opts.cols,
      rows: opts.rows,
      startedAt: this.now(),
      incidentId: opts.incidentId,
      targetId,
      ...(opts.restoredFrom ? { restoredFrom: opts.restoredFrom } : {}),
    }
    store.db
      .prepare(
        `INSERT INTO sessions (id, incident_id, target_id, kind, title, cols, rows, started_at,
                               reopen, restored_from)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        info.id,
        info.incidentId,
        targetId,
        kind,
        title,
        info.cols,
        info.rows,
        info.startedAt,
        opts.reopen ? JSON.stringify(opts.reopen) : null,
        opts.restoredFrom?.sessionId ?? null,
      )
    const session = new Session({
      info,
      source,
      recorder,
      limits,
      changed: (next) => {
        if (next.state === 'closed') {
          this.broadcastTargets.delete(next.id)
          this.finish(store, next)
        }
        this.changed(next)
      },
      lineTyped: (typedIn, line) => {
        if (!this.broadcastTargets.has(typedIn.id)) this.lineTyped(typedIn, line)
      },
    })
    this.sessions.set(info.id, session)
    this.byChannel.set(info.channel, session)
    this.changed(info)
    return session
  }

  /**
   * Commits what the recorder holds (the writer thread commits four times a second, and its
   * first commit waits for the thread to start): whoever reads a transcript sees every byte
   * recorded so far, also of a session that just ended.
   */
  flushRecordings(): void {
    if (this.recorderStore?.db.open) this.recorder?.flush()
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
