// Reads what an export needs from the database in pages (keyset pagination), never with an open
// iterator: an export awaits the disk between pages, and an open better-sqlite3 iterator would
// make every other statement on the connection (a responder typing a note) fail meanwhile.
import type Database from 'better-sqlite3'
import type { TimelineEvent } from '../../../shared/contract'
import { eventFromRow, type EventRow } from '../store/timeline'

export interface SessionRecord {
  id: string
  kind: string
  title: string
  cols: number
  rows: number
  startedAt: number
  endedAt: number | null
  exitCode: number | null
}

export interface ChunkRecord {
  id: number
  at: number
  direction: 'o' | 'i' | 'r'
  data: Buffer
}

export interface MetricSample {
  sourceId: string
  metric: string
  at: number
  value: number
}

const PAGE_EVENTS = 1000
/**
 * Transcript pages stop after about this many bytes. A page's blobs live until it is written, so
 * they outlive young collections: 4 MB pages left most of an export's GC to full collections
 * (bench export-large-incident: JSON 2.7x, asciicast 5.6x of the floor; 1 MB: 2.3x and 3.8-4.8x).
 */
const PAGE_BYTES = 1024 * 1024

export class ExportData {
  private chunkRows: Database.Statement | undefined

  constructor(private readonly db: Database.Database) {}

  eventCount(incidentId: string): number {
    return (
      this.db
        .prepare('SELECT count(*) AS n FROM timeline_events WHERE incident_id = ?')
        .get(incidentId) as { n: number }
    ).n
  }

  /** Events in seq order, one page per step; `afterSeq` continues a walk. */
  eventPage(incidentId: string, afterSeq: number, limit = PAGE_EVENTS): TimelineEvent[] {
    return (
      this.db
        .prepare(
          'SELECT * FROM timeline_events WHERE incident_id = ? AND seq > ? ORDER BY seq LIMIT ?',
        )
        .all(incidentId, afterSeq, limit) as EventRow[]
    ).map(eventFromRow)
  }

  /** Every event (for documents that need them all at once: at most a few MB of text). */
  allEvents(incidentId: string): TimelineEvent[] {
    const out: TimelineEvent[] = []
    for (let page = this.eventPage(incidentId, 0); page.length;) {
      out.push(...page)
      page = this.eventPage(incidentId, (page[page.length - 1] as TimelineEvent).seq)
    }
    return out
  }

  sessions(incidentId: string): SessionRecord[] {
    return this.db
      .prepare(
        `SELECT id, kind, title, cols, rows, started_at AS startedAt, ended_at AS endedAt,
                exit_code AS exitCode
         FROM sessions WHERE incident_id = ? ORDER BY started_at, id`,
      )
      .all(incidentId) as SessionRecord[]
  }

  session(sessionId: string): SessionRecord | undefined {
    return this.db
      .prepare(
        `SELECT id, kind, title, cols, rows, started_at AS startedAt, ended_at AS endedAt,
                exit_code AS exitCode
         FROM sessions WHERE id = ?`,
      )
      .get(sessionId) as SessionRecord | undefined
  }

  transcriptBytes(sessionIds: readonly string[]): number {
    const stmt = this.db.prepare(
      'SELECT coalesce(sum(length(data)), 0) AS n FROM transcript_chunks WHERE session_id = ?',
    )
    return sessionIds.reduce((n, id) => n + (stmt.get(id) as { n: number }).n, 0)
  }

  /** The next chunks of a session after chunk `afterId`, about PAGE_BYTES at most. */
  chunkPage(sessionId: string, afterId: number): ChunkRecord[] {
    // Read row by row and stop at PAGE_BYTES: a page of 500 rows of 64 KB read 32 MB of blobs to
    // keep a few. The iterator is closed (by the break, or at its end) before this returns.
    // Prepared once: an export reads a page per megabyte.
    this.chunkRows ??= this.db.prepare(
      `SELECT id, at, direction, data FROM transcript_chunks
       WHERE session_id = ? AND id > ? ORDER BY id LIMIT 500`,
    )
    const rows = this.chunkRows.iterate(sessionId, afterId) as IterableIterator<ChunkRecord>
    let bytes = 0
    const out: ChunkRecord[] = []
    for (const r of rows) {
      out.push(r)
      bytes += r.data.byteLength
      if (bytes >= PAGE_BYTES) break
    }
    return out
  }

  /** Metric samples in a time window, for the charts around key events. */
  metricSamples(from: number, to: number, maxRows = 200_000): MetricSample[] {
    // Charts are titled by the source's name where the metrics tables know it.
    const named = this.db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'metric_sources'")
      .get()
    return this.db
      .prepare(
        named
          ? `SELECT coalesce(s.name, m.source_id) AS sourceId, m.metric, m.at, m.value
             FROM metric_samples m LEFT JOIN metric_sources s ON s.id = m.source_id
             WHERE m.at BETWEEN ? AND ? ORDER BY m.source_id, m.metric, m.at LIMIT ?`
          : `SELECT source_id AS sourceId, metric, at, value FROM metric_samples
             WHERE at BETWEEN ? AND ? ORDER BY source_id, metric, at LIMIT ?`,
      )
      .all(from, to, maxRows) as MetricSample[]
  }
}
