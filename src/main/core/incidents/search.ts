// Full-text search over incident titles, timeline events and terminal transcripts (SQLite FTS5,
// trigram tokens: any substring of 3+ characters, in any script). Titles and events are indexed
// by triggers (migration 2) as they are written; transcripts are fed in by indexTranscript.
import type Database from 'better-sqlite3'
import { NotFoundError } from '../errors'
import { guardWrite } from '../store/writeGuard'
import { decodeChunks, splitText, stripAnsi } from './transcriptText'
import type { SearchSnippet } from '../../../shared/incidents'

/** Transcripts are indexed in pieces so a hit's snippet comes from a nearby passage. */
const TRANSCRIPT_PIECE_CHARS = 16_000
const SNIPPETS_PER_INCIDENT = 3
// Private-use characters mark hits inside snippets; they are turned into parts before returning.
const HIT_START = '\uE000'
const HIT_END = '\uE001'

/**
 * A search as typed: words of 3+ characters go to FTS5 as quoted phrases (so operators and
 * quotes in the text are never syntax); shorter words (DB, 障害) cannot use trigrams and are
 * matched as substrings of the documents FTS5 found, or of all documents if nothing else.
 */
export interface ParsedSearch {
  match: string | null
  short: string[]
}

export function parseSearch(text: string): ParsedSearch | null {
  const words = text.split(/[\s\u3000]+/u).filter(Boolean)
  if (words.length === 0) return null
  const long = words.filter((w) => [...w].length >= 3)
  const short = words.filter((w) => [...w].length < 3).map((w) => w.toLowerCase())
  const match = long.length ? long.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ') : null
  return { match, short }
}

/** SQL (and its parameters) selecting `id, score` of matching incidents; lower score = better. */
export function matchingIncidentsSql(q: ParsedSearch): {
  sql: string
  params: Record<string, string>
} {
  const params: Record<string, string> = {}
  const shortFilter = q.short
    .map((w, i) => {
      params[`short${i}`] = w
      return ` AND instr(lower(d.body), @short${i}) > 0`
    })
    .join('')
  if (q.match) {
    params.match = q.match
    return {
      sql: `SELECT d.incident_id AS id, min(search_fts.rank) AS score
            FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
            WHERE search_fts MATCH @match${shortFilter} GROUP BY d.incident_id`,
      params,
    }
  }
  return {
    sql: `SELECT d.incident_id AS id, 0 AS score FROM search_docs d
          WHERE 1${shortFilter} GROUP BY d.incident_id`,
    params,
  }
}

export function snippetParts(marked: string): SearchSnippet['parts'] {
  const parts: SearchSnippet['parts'] = []
  let hit = false
  for (const piece of marked.split(/([\uE000\uE001])/u)) {
    if (piece === HIT_START) hit = true
    else if (piece === HIT_END) hit = false
    else if (piece) parts.push({ text: piece, hit })
  }
  return parts
}

/** A snippet around the first short word, for searches FTS5 cannot highlight. */
function manualSnippet(body: string, words: string[]): string {
  const lower = body.toLowerCase()
  const first = Math.max(0, lower.indexOf(words[0] ?? ''))
  const start = Math.max(0, first - 30)
  const end = Math.min(body.length, first + 40)
  let text = body.slice(start, end)
  for (const w of words) {
    text = text.replace(new RegExp(escapeRegExp(w), 'giu'), (m) => `${HIT_START}${m}${HIT_END}`)
  }
  return `${start > 0 ? '…' : ''}${text}${end < body.length ? '…' : ''}`
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

interface SnippetRow {
  incident_id: string
  source: SearchSnippet['source']
  ref: string | null
  kind: string | null
  marked: string
}

/** Ids of the best few matching documents of each incident. */
function bestDocs(
  db: Database.Database,
  q: ParsedSearch,
  params: Record<string, string>,
  shortFilter: string,
): number[] {
  const rows = db
    .prepare(
      q.match
        ? `SELECT d.incident_id AS incident, d.id FROM search_fts
           JOIN search_docs d ON d.id = search_fts.rowid
           WHERE search_fts MATCH @match${shortFilter}
             AND d.incident_id IN (SELECT value FROM json_each(@ids))
           ORDER BY search_fts.rank`
        : `SELECT d.incident_id AS incident, d.id FROM search_docs d
           WHERE d.incident_id IN (SELECT value FROM json_each(@ids))${shortFilter}
           ORDER BY d.id`,
    )
    .all(params) as { incident: string; id: number }[]
  // SQLite refuses snippet() under a window function, so the top few per incident are picked
  // here; these rows carry no text, so even many of them are cheap.
  const taken = new Map<string, number>()
  const ids: number[] = []
  for (const r of rows) {
    const n = taken.get(r.incident) ?? 0
    if (n >= SNIPPETS_PER_INCIDENT) continue
    taken.set(r.incident, n + 1)
    ids.push(r.id)
  }
  return ids
}

/** The best few matching passages of each of the given incidents, best first. */
export function snippetsFor(
  db: Database.Database,
  q: ParsedSearch,
  incidentIds: string[],
): Map<string, SearchSnippet[]> {
  const out = new Map<string, SearchSnippet[]>()
  if (incidentIds.length === 0) return out
  const params = { ...matchingIncidentsSql(q).params, ids: JSON.stringify(incidentIds) }
  const shortFilter = q.short.map((_w, i) => ` AND instr(lower(d.body), @short${i}) > 0`).join('')
  const docIds = bestDocs(db, q, params, shortFilter)
  const docs = JSON.stringify(docIds)
  const rows: SnippetRow[] = q.match
    ? (db
        .prepare(
          `SELECT d.id, d.incident_id, d.source, d.ref, d.kind,
             snippet(search_fts, 0, '${HIT_START}', '${HIT_END}', '…', 64) AS marked
           FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
           WHERE search_fts MATCH @match
             AND search_fts.rowid IN (SELECT value FROM json_each(@docs))`,
        )
        .all({ match: q.match, docs }) as (SnippetRow & { id: number })[])
    : (
        db
          .prepare(
            `SELECT d.id, d.incident_id, d.source, d.ref, d.kind, d.body FROM search_docs d
             WHERE d.id IN (SELECT value FROM json_each(@docs))`,
          )
          .all({ docs }) as (Omit<SnippetRow, 'marked'> & { id: number; body: string })[]
      ).map(({ body, ...r }) => ({ ...r, marked: manualSnippet(body, q.short) }))
  const order = new Map(docIds.map((id, i) => [id, i]))
  const sorted = (rows as (SnippetRow & { id: number })[]).sort(
    (a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0),
  )
  for (const r of sorted) {
    const list = out.get(r.incident_id) ?? []
    list.push({ source: r.source, ref: r.ref, kind: r.kind, parts: snippetParts(r.marked) })
    out.set(r.incident_id, list)
  }
  return out
}

/**
 * Adds transcript text of a session to an incident's search index. The text may be raw terminal
 * output: escape sequences are stripped here. Each call adds; reindexSession replaces.
 */
export function indexTranscript(
  db: Database.Database,
  sessionId: string,
  incidentId: string,
  text: string,
  path = db.name,
): number {
  const pieces = splitText(stripAnsi(text), TRANSCRIPT_PIECE_CHARS)
  if (!db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(incidentId)) {
    throw new NotFoundError(`Incident ${incidentId}`)
  }
  const insert = db.prepare(
    `INSERT INTO search_docs (incident_id, source, ref, body) VALUES (?, 'transcript', ?, ?)`,
  )
  guardWrite(path, () =>
    db
      .transaction(() => {
        for (const p of pieces) insert.run(incidentId, sessionId, p)
      })
      .immediate(),
  )
  return pieces.length
}

/**
 * Re-reads a session's whole recorded output (not its input: typed passwords must never become
 * searchable) and replaces its transcript entries. For sessions linked to an incident only.
 */
export function reindexSession(db: Database.Database, sessionId: string, path = db.name): number {
  const session = db.prepare('SELECT incident_id FROM sessions WHERE id = ?').get(sessionId) as
    { incident_id: string | null } | undefined
  if (!session) throw new NotFoundError(`Session ${sessionId}`)
  if (!session.incident_id) return 0
  const chunks = db
    .prepare(
      "SELECT data FROM transcript_chunks WHERE session_id = ? AND direction = 'o' ORDER BY id",
    )
    .pluck()
    .iterate(sessionId) as IterableIterator<Buffer>
  const text = decodeChunks(chunks)
  const incidentId = session.incident_id
  return guardWrite(path, () =>
    db
      .transaction(() => {
        db.prepare("DELETE FROM search_docs WHERE source = 'transcript' AND ref = ?").run(sessionId)
        return indexTranscript(db, sessionId, incidentId, text, path)
      })
      .immediate(),
  )
}
