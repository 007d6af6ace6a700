// Sessions that were open when Sitrep stopped without closing them (a crash, a kill, a power
// cut) are opened again at the next start: the database says which ones, for which targets and
// how (the `reopen` column, migration 7). Only sessions this laptop opened carry a spec, so
// sessions imported from another laptop's bundle are never touched. A local shell's spec says
// only that it was ours: its process died with Sitrep and cannot come back, and the page says
// so in its pane (findLost).
import type Database from 'better-sqlite3'
import type { LostSession, SessionKind } from '../../../shared/contract'
import { SitrepError } from '../errors'
import type { TerminalSource } from './terminalSource'

/** How a session is opened again; stored as JSON when it is first opened. */
export type ReopenSpec =
  | { kind: 'ssh' }
  | {
      kind: 'kubectl'
      mode: 'exec' | 'logs' | 'shell'
      namespace?: string
      pod?: string
      container?: string
    }
  // A psql session reopens in the target's default mode: writes enabled before a restart need
  // a new reason (the old one is on the timeline), so a restart never silently re-grants them.
  | { kind: 'psql' }
  // Ours, but not reopenable (see findLost).
  | { kind: 'local' }

export interface InterruptedSession {
  id: string
  kind: SessionKind
  title: string
  targetId: string
  incidentId: string | null
  cols: number
  rows: number
  reopen: ReopenSpec
  /** The time of the last chunk recorded for it (or its start when nothing was recorded). */
  lastRecordedAt: number
}

const optionalName = (v: unknown): v is string | undefined =>
  v === undefined || (typeof v === 'string' && v.length > 0 && v.length <= 253)

/** Reads a stored spec defensively: a row from an older or damaged file reopens nothing. */
export function parseReopen(text: string | null): ReopenSpec | null {
  if (!text) return null
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof v !== 'object' || v === null) return null
  const o = v as Record<string, unknown>
  if (o.kind === 'ssh') return { kind: 'ssh' }
  if (o.kind === 'psql') return { kind: 'psql' }
  if (o.kind === 'local') return { kind: 'local' }
  if (
    o.kind === 'kubectl' &&
    (o.mode === 'exec' || o.mode === 'logs' || o.mode === 'shell') &&
    optionalName(o.namespace) &&
    optionalName(o.pod) &&
    optionalName(o.container)
  ) {
    return {
      kind: 'kubectl',
      mode: o.mode,
      ...(o.namespace ? { namespace: o.namespace } : {}),
      ...(o.pod ? { pod: o.pod } : {}),
      ...(o.container ? { container: o.container } : {}),
    }
  }
  return null
}

interface Row {
  id: string
  kind: string
  title: string
  target_id: string | null
  incident_id: string | null
  cols: number
  rows: number
  started_at: number
  reopen: string | null
}

/**
 * Sessions left open by the previous run that can be reopened: never ended, opened here with a
 * reopen spec, target still saved, and not already restored by an earlier start. Must be read
 * before anything closes the interrupted rows at start.
 */
export function findInterrupted(db: Database.Database): InterruptedSession[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.kind, s.title, s.target_id, s.incident_id, s.cols, s.rows, s.started_at,
              s.reopen
         FROM sessions s
         JOIN targets t ON t.id = s.target_id
        WHERE s.ended_at IS NULL AND s.reopen IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM sessions r WHERE r.restored_from = s.id)
        ORDER BY s.started_at, s.id`,
    )
    .all() as Row[]
  // The newest chunk by rowid: the (session_id, id) index answers it without a scan.
  const lastChunk = db.prepare(
    'SELECT at FROM transcript_chunks WHERE session_id = ? ORDER BY id DESC LIMIT 1',
  )
  const out: InterruptedSession[] = []
  for (const r of rows) {
    const reopen = parseReopen(r.reopen)
    if (!reopen || reopen.kind === 'local' || reopen.kind !== r.kind || r.target_id === null)
      continue
    const last = lastChunk.get(r.id) as { at: number } | undefined
    out.push({
      id: r.id,
      kind: reopen.kind,
      title: r.title,
      targetId: r.target_id,
      incidentId: r.incident_id,
      cols: r.cols,
      rows: r.rows,
      reopen,
      lastRecordedAt: Math.max(last?.at ?? r.started_at, r.started_at),
    })
  }
  return out
}

/**
 * Sessions of ours left open by the previous run that cannot be reopened: local shells (their
 * process died with Sitrep) and sessions whose target has since been removed. Read with
 * findInterrupted, before anything closes the rows.
 */
export function findLost(db: Database.Database, restartedAt: number): LostSession[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.kind, s.title, s.incident_id, s.started_at
         FROM sessions s
        WHERE s.ended_at IS NULL AND s.reopen IS NOT NULL
          AND (s.target_id IS NULL OR NOT EXISTS (SELECT 1 FROM targets t WHERE t.id = s.target_id))
          AND NOT EXISTS (SELECT 1 FROM sessions r WHERE r.restored_from = s.id)
        ORDER BY s.started_at, s.id`,
    )
    .all() as Pick<Row, 'id' | 'kind' | 'title' | 'incident_id' | 'started_at'>[]
  const lastChunk = db.prepare(
    'SELECT at FROM transcript_chunks WHERE session_id = ? ORDER BY id DESC LIMIT 1',
  )
  return rows.map((r) => {
    const last = lastChunk.get(r.id) as { at: number } | undefined
    return {
      sessionId: r.id,
      kind: r.kind as SessionKind,
      title: r.title,
      incidentId: r.incident_id,
      lastRecordedAt: Math.max(last?.at ?? r.started_at, r.started_at),
      restartedAt,
    }
  })
}

/** Failures that trying again cannot fix: the responder has to act first. */
function isFinal(err: unknown): boolean {
  return (
    err instanceof SitrepError &&
    (err.code === 'auth_failed' ||
      err.code === 'host_key_changed' ||
      err.code === 'host_key_rejected' ||
      err.code === 'invalid_params' ||
      err.code === 'not_found')
  )
}

export interface DeferredOptions {
  /** Opens the real source at the pane's current size. */
  open(cols: number, rows: number): Promise<TerminalSource>
  cols: number
  rows: number
  /** Waits between attempts; the last value repeats. */
  backoffMs?: number[]
  maxAttempts?: number
  onState(state: 'connecting' | 'connected' | 'reconnecting', detail: string | null): void
}

/**
 * A TerminalSource that exists before its connection does, so the restored session (and its
 * pane) is there from the first moment the page reconnects, showing "connecting". It opens the
 * real source with backoff (the host may be rebooting too) and forwards to it once it is up.
 */
export function deferredSource(opts: DeferredOptions): TerminalSource {
  const dataListeners: ((b: Uint8Array) => void)[] = []
  const exitListeners: ((code: number | null, error: string | null) => void)[] = []
  const backoff = opts.backoffMs ?? [1000, 2000, 5000, 10000]
  const maxAttempts = opts.maxAttempts ?? 12
  let cols = opts.cols
  let rows = opts.rows
  let inner: TerminalSource | null = null
  let killed = false
  let ended = false
  let paused = false

  const exit = (code: number | null, error: string | null): void => {
    if (ended) return
    ended = true
    for (const l of exitListeners.splice(0)) l(code, error)
  }

  const run = async (): Promise<void> => {
    let why = ''
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      if (attempt > 0) {
        opts.onState('reconnecting', `${why}; attempt ${attempt + 1}`)
        await new Promise((r) => setTimeout(r, backoff[Math.min(attempt - 1, backoff.length - 1)]))
      }
      if (killed) return
      try {
        const source = await opts.open(cols, rows)
        if (killed) return source.kill()
        inner = source
        source.onData((b) => {
          for (const l of dataListeners) l(b)
        })
        source.onExit((code, error) => exit(code, error))
        if (paused) source.pause()
        opts.onState('connected', null)
        return
      } catch (err) {
        why = err instanceof Error ? err.message : String(err)
        if (isFinal(err)) break
      }
    }
    if (!killed) exit(null, `Could not reopen this session after Sitrep restarted: ${why}`)
  }
  // Started on the next tick so the session that owns this source exists to hear about it.
  setImmediate(() => void run())

  return {
    onData: (l) => void dataListeners.push(l),
    onExit: (l) => void exitListeners.push(l),
    // Keys typed before the connection is up have nowhere to go; the pane says "connecting".
    write: (bytes) => inner?.write(bytes),
    resize: (c, r) => {
      cols = c
      rows = r
      inner?.resize(c, r)
    },
    pause: () => {
      paused = true
      inner?.pause()
    },
    resume: () => {
      paused = false
      inner?.resume()
    },
    kill: () => {
      if (killed) return
      killed = true
      if (inner) inner.kill()
      else exit(null, null)
    },
  }
}
