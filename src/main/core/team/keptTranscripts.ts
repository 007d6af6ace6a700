// This laptop's copy of transcripts other responders shared (#18), so their replay works while
// the team's server cannot be reached. The copy is what the server holds — already redacted on
// the sharing laptop — kept as it is read (a replay opened online) or pulled (each sync cycle
// tops up the transcripts of the incidents this laptop follows; sharedTranscripts.ts).
//
// Insert-only (the tables' triggers refuse UPDATE and DELETE, store migration 15): a chunk is
// kept only when it follows the last one kept, in the server's order, so the copy of a
// transcript is always a gap-free start of it. Bounded: at most PER_TRANSCRIPT_BYTES of one
// transcript and TOTAL_BYTES in all; past either, nothing more is kept (the replay reads the
// rest from the server while it is reachable, and offline ends where the copy ends).
import type Database from 'better-sqlite3'
import type { RecordingPage, SharedTranscriptInfo } from '../../../shared/contract'
import { NotFoundError } from '../errors'
import { guardWrite } from '../store/writeGuard'

export const PER_TRANSCRIPT_BYTES = 16 * 1024 * 1024
export const TOTAL_BYTES = 256 * 1024 * 1024

/** A chunk as the server holds it (data as text: output decoded, resizes as `cols rows`). */
export interface KeptChunk {
  n: number
  at: number
  direction: 'o' | 'r'
  data: string
}

/** A shared transcript's header as the server holds it. */
export type KeptHeader = Omit<SharedTranscriptInfo, 'chunks' | 'self' | 'kept' | 'offline'>

interface HeaderRow {
  origin: string
  session_id: string
  origin_name: string
  author: string
  incident_id: string
  kind: string
  title: string
  cols: number
  rows: number
  started_at: number
}

/** What is kept of one transcript: its last chunk, how many, their bytes and the output's. */
interface KeptStats {
  n: number
  count: number
  bytes: number
  outputBytes: number
}

export class KeptTranscripts {
  /** Bytes kept in all (read once, then counted as chunks are added). */
  private total: number | null = null
  /**
   * Per transcript, read once and then counted as chunks are added (this class is the only
   * writer, and nothing is ever removed): a replay reading page after page, or a cycle looking
   * at every followed transcript, does not sum the kept chunks again each time.
   */
  private readonly stats = new Map<string, KeptStats>()

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    private readonly now: () => number,
    private readonly bounds = { perTranscript: PER_TRANSCRIPT_BYTES, total: TOTAL_BYTES },
  ) {}

  private totalBytes(): number {
    this.total ??= (
      this.db
        .prepare(
          'SELECT coalesce(sum(length(CAST(data AS BLOB))), 0) AS b FROM team_transcript_chunks',
        )
        .get() as { b: number }
    ).b
    return this.total
  }

  /** The last chunk kept of a transcript, how many are kept and their bytes. */
  keptOf(team: string, origin: string, sessionId: string): Readonly<KeptStats> {
    const key = JSON.stringify([team, origin, sessionId])
    let st = this.stats.get(key)
    if (!st) {
      st = this.db
        .prepare(
          `SELECT coalesce(max(n), 0) AS n, count(*) AS count,
             coalesce(sum(length(CAST(data AS BLOB))), 0) AS bytes,
             coalesce(sum(CASE WHEN direction = 'o' THEN length(CAST(data AS BLOB)) ELSE 0 END), 0)
               AS outputBytes
           FROM team_transcript_chunks WHERE team = ? AND origin = ? AND session_id = ?`,
        )
        .get(team, origin, sessionId) as KeptStats
      this.stats.set(key, st)
    }
    return st
  }

  /** Whether there is room for more of this transcript. */
  hasRoom(team: string, origin: string, sessionId: string): boolean {
    return (
      this.totalBytes() < this.bounds.total &&
      this.keptOf(team, origin, sessionId).bytes < this.bounds.perTranscript
    )
  }

  /**
   * Keeps a run of chunks read from the server after chunk `after` (in order, nothing skipped
   * between `after` and the first): only those past what is kept, and only while the copy
   * follows on without a gap and stays within its bounds. Returns how many were kept.
   */
  keep(team: string, header: KeptHeader, after: number, chunks: readonly KeptChunk[]): number {
    if (!chunks.length) return 0
    const { origin, sessionId } = header
    const kept = this.keptOf(team, origin, sessionId)
    // Read from further on than the copy reaches: keeping these would leave a gap.
    if (after > kept.n) return 0
    let bytes = kept.bytes
    let outputBytes = kept.outputBytes
    let total = this.totalBytes()
    const fresh: KeptChunk[] = []
    for (const c of chunks) {
      if (c.n <= kept.n) continue
      const size = Buffer.byteLength(c.data)
      if (bytes + size > this.bounds.perTranscript || total + size > this.bounds.total) break
      bytes += size
      if (c.direction === 'o') outputBytes += size
      total += size
      fresh.push(c)
    }
    if (!fresh.length) return 0
    const head = this.db.prepare(
      `INSERT OR IGNORE INTO team_transcripts (team, origin, session_id, origin_name, author,
         incident_id, kind, title, cols, rows, started_at, kept_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    const ins = this.db.prepare(
      `INSERT OR IGNORE INTO team_transcript_chunks (team, origin, session_id, n, at, direction, data)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    guardWrite(this.path, () =>
      this.db.transaction(() => {
        head.run(
          team,
          origin,
          sessionId,
          header.originName,
          header.author,
          header.incidentId,
          header.kind,
          header.title,
          header.cols,
          header.rows,
          header.startedAt,
          this.now(),
        )
        for (const c of fresh) ins.run(team, origin, sessionId, c.n, c.at, c.direction, c.data)
      })(),
    )
    this.total = total
    this.stats.set(JSON.stringify([team, origin, sessionId]), {
      n: (fresh[fresh.length - 1] as KeptChunk).n,
      count: kept.count + fresh.length,
      bytes,
      outputBytes,
    })
    return fresh.length
  }

  /** The transcripts kept for an incident, as the list shows them while offline. */
  list(team: string, incidentId: string, self: string): SharedTranscriptInfo[] {
    const rows = this.db
      .prepare(
        `SELECT t.*, (SELECT count(*) FROM team_transcript_chunks c WHERE c.team = t.team
            AND c.origin = t.origin AND c.session_id = t.session_id) AS kept
         FROM team_transcripts t WHERE t.team = ? AND t.incident_id = ?
         ORDER BY t.started_at, t.origin, t.session_id`,
      )
      .all(team, incidentId) as (HeaderRow & { kept: number })[]
    return rows.map((t) => ({
      ...headerOf(t),
      chunks: t.kept,
      self: t.origin === self,
      kept: t.kept,
      offline: true,
    }))
  }

  /** How many chunks of each transcript of an incident this laptop keeps (`origin/session`). */
  keptCounts(team: string, incidentId: string): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT c.origin, c.session_id, count(*) AS kept FROM team_transcript_chunks c
         JOIN team_transcripts t ON t.team = c.team AND t.origin = c.origin
           AND t.session_id = c.session_id
         WHERE t.team = ? AND t.incident_id = ? GROUP BY c.origin, c.session_id`,
      )
      .all(team, incidentId) as { origin: string; session_id: string; kept: number }[]
    return new Map(rows.map((r) => [`${r.origin}/${r.session_id}`, r.kept]))
  }

  has(team: string, origin: string, sessionId: string): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM team_transcripts WHERE team = ? AND origin = ? AND session_id = ?')
        .get(team, origin, sessionId) !== undefined
    )
  }

  /** A page of the kept copy, in the replay view's shape (as the server's page). */
  page(
    team: string,
    origin: string,
    sessionId: string,
    afterId: number,
    maxBytes: number,
  ): RecordingPage {
    const t = this.db
      .prepare('SELECT * FROM team_transcripts WHERE team = ? AND origin = ? AND session_id = ?')
      .get(team, origin, sessionId) as HeaderRow | undefined
    if (!t) throw new NotFoundError(`The shared transcript ${sessionId} (not kept on this laptop)`)
    const totals = this.keptOf(team, origin, sessionId)
    const rows = this.db
      .prepare(
        `SELECT n, at, direction, data FROM team_transcript_chunks
         WHERE team = ? AND origin = ? AND session_id = ? AND n > ? ORDER BY n LIMIT 2000`,
      )
      .all(team, origin, sessionId, afterId) as KeptChunk[]
    const chunks: RecordingPage['chunks'] = []
    let bytes = 0
    let more = rows.length === 2000
    for (const c of rows) {
      const data = Buffer.from(c.data)
      if (chunks.length > 0 && bytes + data.length > maxBytes) {
        more = true
        break
      }
      bytes += data.length
      chunks.push({ id: c.n, at: c.at, direction: c.direction, data: data.toString('base64') })
    }
    return {
      info: {
        sessionId,
        kind: t.kind as RecordingPage['info']['kind'],
        title: t.title,
        cols: t.cols,
        rows: t.rows,
        startedAt: t.started_at,
        endedAt: null,
        exitCode: null,
        endReason: null,
        incidentId: t.incident_id,
        outputBytes: totals.outputBytes,
        chunkCount: totals.count,
      },
      chunks,
      nextAfterId: more ? (chunks[chunks.length - 1]?.id ?? afterId) : null,
    }
  }
}

/**
 * A transcript's header from its row, kept here or read from the server (where pg gives the
 * bigint `started_at` as text).
 */
export function headerOf(
  t: Omit<HeaderRow, 'started_at'> & { started_at: number | string },
): KeptHeader {
  return {
    origin: t.origin,
    originName: t.origin_name,
    author: t.author,
    sessionId: t.session_id,
    incidentId: t.incident_id,
    kind: t.kind,
    title: t.title,
    cols: t.cols,
    rows: t.rows,
    startedAt: Number(t.started_at),
  }
}
