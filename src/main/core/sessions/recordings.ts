// Reads recordings back for the replay view: which sessions have one, and a session's chunks in
// pages bounded by bytes, so a 50 MB transcript crosses the boundary in ~1 MB steps and an open
// session can be followed by asking again from the last id.
import type Database from 'better-sqlite3'
import type {
  RecordingChunk,
  RecordingInfo,
  RecordingPage,
  SessionKind,
} from '../../../shared/contract'
import { NotFoundError } from '../errors'

interface SessionRow {
  id: string
  kind: SessionKind
  title: string
  cols: number
  rows: number
  started_at: number
  ended_at: number | null
  exit_code: number | null
  end_reason: string | null
  incident_id: string | null
  output_bytes: number | null
  chunk_count: number
}

const INFO_SQL = `
  SELECT s.*,
    (SELECT SUM(length(data)) FROM transcript_chunks t WHERE t.session_id = s.id AND t.direction = 'o') AS output_bytes,
    (SELECT COUNT(*) FROM transcript_chunks t WHERE t.session_id = s.id) AS chunk_count
  FROM sessions s`

function toInfo(r: SessionRow): RecordingInfo {
  return {
    sessionId: r.id,
    kind: r.kind,
    title: r.title,
    cols: r.cols,
    rows: r.rows,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    exitCode: r.exit_code,
    // Read defensively: a newer version may know reasons this one does not.
    endReason: r.end_reason === 'crash' ? 'crash' : null,
    incidentId: r.incident_id,
    outputBytes: r.output_bytes ?? 0,
    chunkCount: r.chunk_count,
  }
}

export function listRecordings(
  db: Database.Database,
  incidentId: string | null,
  limit: number,
): RecordingInfo[] {
  const where = incidentId === null ? '' : 'WHERE s.incident_id = ?'
  const rows = db
    .prepare(`${INFO_SQL} ${where} ORDER BY s.started_at DESC LIMIT ?`)
    .all(...(incidentId === null ? [limit] : [incidentId, limit])) as SessionRow[]
  return rows.map(toInfo)
}

export function readRecording(
  db: Database.Database,
  sessionId: string,
  afterId: number,
  maxBytes: number,
): RecordingPage {
  const row = db.prepare(`${INFO_SQL} WHERE s.id = ?`).get(sessionId) as SessionRow | undefined
  if (!row) throw new NotFoundError(`The recording of session ${sessionId}`)
  const chunks: RecordingChunk[] = []
  let bytes = 0
  let more = false
  const rows = db
    .prepare(
      'SELECT id, at, direction, data FROM transcript_chunks WHERE session_id = ? AND id > ? ORDER BY id',
    )
    .iterate(sessionId, afterId) as IterableIterator<{
    id: number
    at: number
    direction: 'o' | 'i' | 'r'
    data: Buffer
  }>
  for (const c of rows) {
    // Always at least one chunk per page, so a chunk larger than maxBytes still moves forward.
    if (chunks.length > 0 && bytes + c.data.byteLength > maxBytes) {
      more = true
      break
    }
    chunks.push({ id: c.id, at: c.at, direction: c.direction, data: c.data.toString('base64') })
    bytes += c.data.byteLength
  }
  const last = chunks[chunks.length - 1]
  return { info: toInfo(row), chunks, nextAfterId: more && last ? last.id : null }
}
