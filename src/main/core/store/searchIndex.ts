// Full-text indexing of timeline events, off the commit path (issue #20). An append commits the
// event and its chain only; this indexer feeds committed events into search_docs (and through its
// trigger the FTS5 trigram index) in batches, in the main process's idle time, from a persisted
// high-water mark: the highest timeline_events id already indexed, kept in settings.
//
// Each batch indexes its events and moves the mark in one transaction, so a SIGKILL anywhere
// leaves either both or neither: no event is lost or indexed twice, and the next start carries on
// from the mark. Event ids only grow (Timeline and the bundle import both take max(id) + 1 under
// the write lock), so "id > mark" is exactly the events not yet indexed.
//
// Why the main thread and not a worker with its own connection: SQLite has one writer at a time.
// A worker's index transaction would hold the write lock while an append on the main connection
// waits for it synchronously (busy_timeout), blocking the main event loop; in idle time between
// appends the two never meet, and a batch costs one commit for hundreds of events.
import type Database from 'better-sqlite3'
import { SEARCH_INDEXED_THROUGH_KEY, UNSEARCHED_KEYS_SQL } from './migrations'
import { guardWrite } from './writeGuard'

export { SEARCH_INDEXED_THROUGH_KEY }

/**
 * Events per transaction: ~5 ms of work on these cores, so one idle-time slice stays short (the
 * timeline-100k bench saw 500-event batches hold contract calls up by tens of ms).
 */
export const INDEX_BATCH = 250

interface Statements {
  mark: Database.Statement
  setMark: Database.Statement
  batchEnd: Database.Statement
  index: Database.Statement
  pending: Database.Statement
  batch: Database.Transaction<(limit: number) => number>
}

// Prepared once per connection: the indexer and every search reuse them.
const prepared = new WeakMap<Database.Database, Statements>()

function statements(db: Database.Database): Statements {
  const known = prepared.get(db)
  if (known) return known
  const mark = db.prepare('SELECT value FROM settings WHERE key = ?').pluck()
  const setMark = db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)')
  const batchEnd = db
    .prepare(
      'SELECT max(id) FROM (SELECT id FROM timeline_events WHERE id > ? ORDER BY id LIMIT ?)',
    )
    .pluck()
  // The same document migration 2's trigger wrote for each event: its text values, not ids,
  // hashes, enumerated codes or the declared title. json_valid keeps one unreadable payload (a
  // damaged row) from stopping the indexer forever: it is skipped like an event without text.
  const index = db.prepare(
    `INSERT INTO search_docs (incident_id, source, ref, kind, body)
       SELECT e.incident_id, 'event', e.uid, e.kind, group_concat(t.value, char(10))
       FROM timeline_events e, json_tree(e.payload) t
       WHERE e.id > @from AND e.id <= @through AND json_valid(e.payload)
         AND t.type = 'text' AND (t.key IS NULL OR t.key NOT IN ${UNSEARCHED_KEYS_SQL})
       GROUP BY e.id
       ORDER BY e.id`,
  )
  const pending = db.prepare('SELECT count(*) FROM timeline_events WHERE id > ?').pluck()
  const readMark = (): number => Number(mark.get(SEARCH_INDEXED_THROUGH_KEY) ?? 0) || 0
  const batch = db.transaction((limit: number): number => {
    const from = readMark()
    const through = batchEnd.get(from, limit) as number | null
    if (through === null) return 0
    index.run({ from, through })
    setMark.run(SEARCH_INDEXED_THROUGH_KEY, String(through))
    return through - from
  })
  const s = { mark, setMark, batchEnd, index, pending, batch }
  prepared.set(db, s)
  return s
}

/** The highest event id already searchable. */
export function indexedThrough(db: Database.Database): number {
  return Number(statements(db).mark.get(SEARCH_INDEXED_THROUGH_KEY) ?? 0) || 0
}

/** Committed events whose text is not searchable yet. */
export function pendingEvents(db: Database.Database): number {
  return statements(db).pending.get(indexedThrough(db)) as number
}

/** Indexes up to `limit` events in one transaction; returns how far the mark moved (0: none left). */
export function indexBatch(db: Database.Database, limit = INDEX_BATCH): number {
  const { batch } = statements(db)
  // No fsync for index batches (WAL with synchronous=NORMAL for this transaction only): the
  // documents and the mark commit together, so a power cut that loses the batch loses both and
  // the next start indexes those events again; the next durable append's fsync writes it out
  // anyway. A SIGKILL loses nothing committed either way. Keeps the main thread's slice short.
  db.pragma('synchronous = NORMAL')
  try {
    // IMMEDIATE: the mark is read under the write lock, so two connections never index the same
    // events (a second Sitrep on the file, a test's second handle).
    return guardWrite(db.name, () => batch.immediate(limit))
  } finally {
    db.pragma('synchronous = FULL')
  }
}

/**
 * Indexes pending events until none are left or `budgetMs` is spent (at least one batch runs);
 * returns how many are still pending. A search calls this first, so what was just written is
 * found when the backlog is small, and says how many are not yet searchable when it is not.
 */
export function indexPending(db: Database.Database, budgetMs: number): number {
  const end = performance.now() + budgetMs
  do {
    if (indexBatch(db) === 0) return 0
  } while (performance.now() < end)
  return pendingEvents(db)
}

export interface SearchIndexerOptions {
  /**
   * How long after an append the indexer waits before its batch: appends that come together (a
   * runbook's events, a burst of threshold crossings) share one commit. Well under the 1 s
   * within which a new event must be searchable.
   */
  delayMs?: number
  /** Main-thread time one turn may spend before yielding to other work (setImmediate). */
  sliceMs?: number
}

/** Runs indexPending in the main process's idle time, after appends and once at open. */
export class SearchIndexer {
  private timer: ReturnType<typeof setTimeout> | null = null
  private startTimer: ReturnType<typeof setTimeout> | null = null
  private immediate: ReturnType<typeof setImmediate> | null = null
  private closed = false
  private readonly delayMs: number
  private readonly sliceMs: number
  /** The last failure (a full disk): retried at the next append or the next open. */
  lastError: unknown = null

  constructor(
    private readonly db: Database.Database,
    opts: SearchIndexerOptions = {},
  ) {
    this.delayMs = opts.delayMs ?? 100
    this.sliceMs = opts.sliceMs ?? 8
  }

  /** Something was appended: index it soon. Cheap enough to call on every append. */
  notify(): void {
    if (this.closed || this.timer || this.immediate) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.turn()
    }, this.delayMs)
    this.timer.unref?.()
  }

  /**
   * Catches up after open (a run killed between an append and its batch, a bulk import): a
   * second later, so the first screen's requests go first; a search catches up by itself.
   */
  start(delayMs = 1_000): void {
    if (this.closed || this.startTimer) return
    // Its own timer: an append meanwhile is still indexed ~100 ms after it (notify).
    this.startTimer = setTimeout(() => {
      this.startTimer = null
      if (!this.timer && !this.immediate) this.turn()
    }, delayMs)
    this.startTimer.unref?.()
  }

  private turn(): void {
    if (this.closed || !this.db.open) return
    let left: number
    try {
      left = indexPending(this.db, this.sliceMs)
      this.lastError = null
    } catch (err) {
      // The events are committed and stay pending: a search says so, and the next notify retries.
      this.lastError = err
      return
    }
    if (left > 0) {
      // More than one slice of work: yield to I/O and timers, then go on.
      this.immediate = setImmediate(() => {
        this.immediate = null
        this.turn()
      })
    }
  }

  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    if (this.startTimer) clearTimeout(this.startTimer)
    if (this.immediate) clearImmediate(this.immediate)
    this.timer = null
    this.startTimer = null
    this.immediate = null
  }
}
