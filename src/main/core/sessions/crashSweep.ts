// Sessions cut by a crash: when Sitrep is killed (SIGKILL, a crash, a power cut) its sessions'
// rows never get their close written, and Recordings would show them "still open" forever. When
// a database is opened, every row still open that is not a live session of this process is
// closed: ended at the last moment anything was recorded for it (it was alive then; when it
// died after that is unknown), with the reason kept on the row (`end_reason`, migration 8), and,
// for a session opened for an incident, a `session.closed` event with the reason on its
// timeline, as a normal close would have written. Sessions reopened after the restart (see
// restore.ts) are new sessions: the cut one is still closed, and the restored one says what it
// replaces.
import type Database from 'better-sqlite3'
import type { SessionEndReason } from '../../../shared/sessionSchemas'
import type { Timeline } from '../store/timeline'

/** What the timeline and exports say; the renderer shows its own words for `crash`. */
export const CRASH_REASON = 'Sitrep stopped before this session ended (crash or kill)'

export interface CutSession {
  id: string
  incidentId: string | null
  kind: string
  title: string
  /** When the row now says it ended: its last recorded chunk, or its start. */
  endedAt: number
}

interface OpenRow {
  id: string
  incident_id: string | null
  kind: string
  title: string
  started_at: number
}

export interface SweepDeps {
  db: Database.Database
  timeline: Timeline
  /** A session this process is running: never swept (its close is still to come). */
  isLive(sessionId: string): boolean
  /** Makes a closed session's output searchable, as a normal close does. */
  reindex?(sessionId: string): void
}

/**
 * Closes the rows of sessions that a previous run left open. Rows and timeline events are
 * written in one transaction: after a failure (a full disk) nothing is half-closed, and the next
 * start tries again. Returns what was closed.
 */
export function closeCutSessions(deps: SweepDeps): CutSession[] {
  const { db, timeline } = deps
  const open = db
    .prepare(
      'SELECT id, incident_id, kind, title, started_at FROM sessions WHERE ended_at IS NULL ORDER BY started_at, id',
    )
    .all() as OpenRow[]
  const cut = open.filter((r) => !deps.isLive(r.id))
  if (cut.length === 0) return []
  // The newest chunk by rowid: the (session_id, id) index answers it without a scan.
  const lastChunk = db.prepare(
    'SELECT at FROM transcript_chunks WHERE session_id = ? ORDER BY id DESC LIMIT 1',
  )
  const close = db.prepare(
    'UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL',
  )
  const reason: SessionEndReason = 'crash'
  const closed = timeline.transaction(() =>
    cut.map((r): CutSession => {
      const last = lastChunk.get(r.id) as { at: number } | undefined
      const endedAt = Math.max(last?.at ?? r.started_at, r.started_at)
      close.run(endedAt, reason, r.id)
      if (r.incident_id) {
        timeline.append(r.incident_id, {
          kind: 'session.closed',
          payload: {
            sessionId: r.id,
            kind: r.kind,
            title: r.title,
            exitCode: null,
            error: CRASH_REASON,
            reason,
            lastRecordedAt: endedAt,
          },
        })
      }
      return { id: r.id, incidentId: r.incident_id, kind: r.kind, title: r.title, endedAt }
    }),
  )
  for (const s of closed) {
    try {
      if (s.incidentId) deps.reindex?.(s.id)
    } catch {
      // Search misses this transcript until it is reindexed; the close itself is committed.
    }
  }
  return closed
}
