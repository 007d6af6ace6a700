// The laptop's side of team sync, in its own SQLite file (migration 11): which of this install's
// events the server has committed, the team clock stamped on each, the events other installs
// wrote, the pull cursor, and the saved connection settings. Every write is one transaction, so
// a kill at any point leaves either the old state or the new one; a push the server committed
// but this laptop did not mark is pushed again and skipped there by its uid.
import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { TeamTimelineEvent } from '../../../shared/contract'
import { eventFromRow, rowFields, type EventRow } from '../store/timeline'
import { guardWrite } from '../store/writeGuard'
import type { HybridClock } from './hlc'
import { teamOrder } from '../../../shared/teamSchemas'

/** An event as it travels to and from the server. */
export interface WireEvent {
  origin: string
  originName: string
  author: string
  uid: string
  incidentId: string
  seq: number
  at: number
  recordedAt: number
  tz: string
  kind: string
  actor: string | null
  /** The payload exactly as stored and hashed (JSON text). */
  payload: string
  amends: string | null
  prevHash: string
  hash: string
  hashVersion: number
  hlc: number
}

export interface PulledEvent extends WireEvent {
  serverSeq: number
}

/** An event of the merged timeline: the event itself and where it came from. */
export type TeamEvent = TeamTimelineEvent

// The install id bundles already use (export/exportService.ts): one identity per install.
const LAPTOP_KEY = 'export.laptopId'
const SETTINGS_KEY = 'team.settings'
const CURSOR_KEY = 'team.cursor'
const HLC_KEY = 'team.hlc'

/** This install's timeline row joined with its team columns (clock stamp, author, pushed mark). */
type OwnRow = Omit<EventRow, 'row_seal'> & {
  hlc: number
  author: string
  pushed_at: number | null
}

interface ForeignRow extends Omit<OwnRow, 'id' | 'pushed_at'> {
  origin: string
  origin_name: string
  server_seq: number
}

function toTeamEvent(
  r: Omit<OwnRow, 'id' | 'pushed_at'>,
  origin: string,
  originName: string,
  shared: boolean,
): TeamEvent {
  // The event read as the timeline reads its own rows; the team adds where it came from.
  return { ...eventFromRow(r), origin, originName, author: r.author, hlc: r.hlc, shared }
}

/**
 * An own row, stamped or not yet: unstamped sorts last (it is the newest) and waits, under the
 * responder this laptop syncs as (`user`), which its stamp will name.
 */
function ownEvent(
  r: Omit<OwnRow, 'hlc' | 'author'> & { hlc: number | null; author: string | null },
  origin: string,
  name: string,
  user: string,
): TeamEvent {
  return toTeamEvent(
    { ...r, hlc: r.hlc ?? Number.MAX_SAFE_INTEGER, author: r.author ?? user },
    origin,
    name,
    r.hlc !== null && r.pushed_at !== null,
  )
}

export class TeamLocal {
  private readonly get: Database.Statement
  private readonly put: Database.Statement
  /** Own events after the highest stamped one, in the order they were written. */
  private readonly unstamped: Database.Statement
  private readonly stampOne: Database.Statement

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
  ) {
    this.get = db.prepare('SELECT value FROM settings WHERE key = ?')
    this.put = db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)')
    this.unstamped = db.prepare(
      `SELECT e.id, e.incident_id, e.recorded_at FROM timeline_events e
       WHERE e.id > coalesce((SELECT max(event_id) FROM team_own_events), 0) ORDER BY e.id`,
    )
    this.stampOne = db.prepare(
      'INSERT OR IGNORE INTO team_own_events (event_id, hlc, author, pushed_at) VALUES (?, ?, ?, NULL)',
    )
  }

  /**
   * Each statement prepared once: a cycle runs the same dozen statements, and preparing a join
   * again each time cost more than running it (issue #18 profile of appends with sync on).
   */
  private readonly statements = new Map<string, Database.Statement>()
  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql)
    if (!s) {
      s = this.db.prepare(sql)
      this.statements.set(sql, s)
    }
    return s
  }

  private setting(key: string): string | null {
    return (this.get.get(key) as { value: string } | undefined)?.value ?? null
  }

  private write<T>(fn: () => T): T {
    return guardWrite(this.path, () => this.db.transaction(fn).immediate())
  }

  /**
   * A write whose loss on a power cut costs nothing but a repeat: without an fsync (WAL with
   * synchronous=NORMAL for this transaction only, as the search indexer does). A lost pushed mark
   * pushes again and the server skips it by uid; a lost pulled page and its cursor are pulled
   * again and skipped by (origin, uid). A SIGKILL loses nothing committed either way. Stamps are
   * not written this way: a stamp lost after its push would be stamped again with another clock.
   */
  private writeRepeatable<T>(fn: () => T): T {
    this.db.pragma('synchronous = NORMAL')
    try {
      return this.write(fn)
    } finally {
      this.db.pragma('synchronous = FULL')
    }
  }

  /** This install: the id bundles name it by, and the host name. */
  origin(): { id: string; name: string } {
    let id = this.setting(LAPTOP_KEY)
    if (!id) {
      const fresh = randomUUID()
      this.write(() =>
        this.stmt('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(
          LAPTOP_KEY,
          fresh,
        ),
      )
      id = this.setting(LAPTOP_KEY) ?? fresh
    }
    return { id, name: hostname() }
  }

  /**
   * The saved team settings, read once and kept: every append asks whether a team is configured,
   * and reading and parsing the row each time cost a few percent of an append. Only
   * saveSettings writes the row, and it drops the copy.
   */
  readSettings<T>(): T | null {
    if (this.settingsCopy === undefined) {
      const v = this.setting(SETTINGS_KEY)
      let parsed: unknown = null
      try {
        parsed = v ? JSON.parse(v) : null
      } catch {
        parsed = null
      }
      this.settingsCopy = parsed
    }
    // A copy per call (the settings are one flat object): callers may change what they get.
    return this.settingsCopy === null ? null : ({ ...(this.settingsCopy as object) } as T)
  }

  private settingsCopy: unknown = undefined

  /** The responder this laptop syncs as ('' without a team): its stamps will name them. */
  private syncingAs(): string {
    const user = this.readSettings<{ user?: unknown }>()?.user
    return typeof user === 'string' ? user : ''
  }

  /** A small JSON value of team state kept in settings (the shared sessions list). */
  readJson<T>(key: string): T | null {
    try {
      return JSON.parse(this.setting(key) ?? 'null') as T | null
    } catch {
      return null
    }
  }

  writeJson(key: string, value: unknown): void {
    this.write(() => this.put.run(key, JSON.stringify(value)))
  }

  /** Saves the settings; a different server or team starts its cursor and marks afresh. */
  saveSettings(settings: object | null, server: string | null): void {
    this.settingsCopy = undefined
    this.write(() => {
      if (settings === null) this.stmt('DELETE FROM settings WHERE key = ?').run(SETTINGS_KEY)
      else this.put.run(SETTINGS_KEY, JSON.stringify(settings))
      if (this.cursorOf().server !== server) {
        this.put.run(CURSOR_KEY, JSON.stringify({ server, seq: 0, uid: null }))
        // Pushed to another server is not pushed to this one; re-pushing is harmless.
        this.stmt('UPDATE team_own_events SET pushed_at = NULL').run()
      }
    })
  }

  private cursorOf(): { server: string | null; seq: number; uid: string | null } {
    try {
      const v = JSON.parse(this.setting(CURSOR_KEY) ?? 'null') as {
        server: string | null
        seq: number
        uid?: string | null
      } | null
      return v ? { ...v, uid: v.uid ?? null } : { server: null, seq: 0, uid: null }
    } catch {
      return { server: null, seq: 0, uid: null }
    }
  }

  /** The last server_seq pulled from `server`. */
  cursor(server: string): number {
    const c = this.cursorOf()
    return c.server === server ? c.seq : 0
  }

  /** The uid of the event at the cursor: the server must still hold it there (sync.ts). */
  cursorUid(server: string): string | null {
    const c = this.cursorOf()
    return c.server === server ? c.uid : null
  }

  /**
   * Where the team clock resumes: the saved value, or the last own stamp when that is later
   * (stores of earlier versions stamped at append time without saving the clock: stamps go in
   * id order and the clock only moves forward, so the newest own row holds the highest stamp).
   */
  savedClock(): number {
    const saved = Number(this.setting(HLC_KEY) ?? 0) || 0
    const last = this.stmt('SELECT hlc FROM team_own_events ORDER BY event_id DESC LIMIT 1')
      .pluck(true)
      .get() as number | undefined
    return Math.max(saved, last ?? 0)
  }

  /**
   * Stamps this install's events that have no team clock yet, in the order they were written,
   * and returns the incidents they belong to. Each cycle runs it before it pushes and pulls, so
   * an event's clock is what the laptop had seen by the cycle after it was written (an event
   * written during a pull may sort after what that pull brought: they were concurrent, and
   * nothing pushed can depend on an event not yet stamped).
   */
  stamp(clock: HybridClock, author: string): Set<string> {
    if (!this.unstamped.get()) return new Set()
    // Every event after the highest stamped one (appends, and rows another path inserted, such
    // as a bundle import): stamps must cover a prefix of the timeline, see eventsSince.
    return this.write(() => {
      const touched = new Set<string>()
      const rows = this.unstamped.all() as {
        id: number
        incident_id: string
        recorded_at: number
      }[]
      for (const r of rows) {
        this.stampOne.run(r.id, clock.stamp(r.recorded_at), author)
        touched.add(r.incident_id)
      }
      this.put.run(HLC_KEY, String(clock.current))
      return touched
    })
  }

  /** This install's events the server has not committed (stamped or not). */
  waiting(): number {
    const r = this.stmt(
      `SELECT (SELECT count(*) FROM team_own_events WHERE pushed_at IS NULL)
              + (SELECT count(*) FROM timeline_events
                 WHERE id > coalesce((SELECT max(event_id) FROM team_own_events), 0)) AS n`,
    ).get() as { n: number }
    return r.n
  }

  /** The next stamped events to push, oldest first. */
  nextBatch(limit: number): (WireEvent & { id: number })[] {
    const { id: origin, name } = this.origin()
    const rows = this.stmt(
      `SELECT e.*, o.hlc, o.author, o.pushed_at FROM team_own_events o
         JOIN timeline_events e ON e.id = o.event_id
         WHERE o.pushed_at IS NULL ORDER BY o.event_id LIMIT ?`,
    ).all(limit) as OwnRow[]
    return rows.map((r) => ({
      id: r.id,
      origin,
      originName: name,
      author: r.author,
      ...rowFields(r),
      hashVersion: r.hash_version,
      hlc: r.hlc,
    }))
  }

  /** Called only after the server committed these events: a batch nextBatch() returned. */
  markPushed(ids: readonly number[], at: number): void {
    // Batches are the oldest waiting rows in id order, so every waiting row between the first
    // and the last id is in the batch: one range statement instead of a statement per row.
    let lo = Infinity
    let hi = -Infinity
    for (const id of ids) {
      if (id < lo) lo = id
      if (id > hi) hi = id
    }
    if (!ids.length) return
    const upd = this.stmt(
      'UPDATE team_own_events SET pushed_at = ? WHERE event_id BETWEEN ? AND ? AND pushed_at IS NULL',
    )
    this.writeRepeatable(() => upd.run(at, lo, hi))
  }

  pushedCount(): number {
    return (
      this.stmt('SELECT count(*) AS n FROM team_own_events WHERE pushed_at IS NOT NULL').get() as {
        n: number
      }
    ).n
  }

  /** Marks as waiting again this laptop's pushed events the server does not hold. */
  unmarkMissing(onServer: ReadonlySet<string>): number {
    const rows = this.stmt(
      `SELECT o.event_id, e.uid FROM team_own_events o JOIN timeline_events e ON e.id = o.event_id
         WHERE o.pushed_at IS NOT NULL`,
    ).all() as { event_id: number; uid: string }[]
    const missing = rows.filter((r) => !onServer.has(r.uid))
    const upd = this.stmt('UPDATE team_own_events SET pushed_at = NULL WHERE event_id = ?')
    if (missing.length) this.write(() => missing.forEach((r) => upd.run(r.event_id)))
    return missing.length
  }

  resetCursor(server: string): void {
    this.write(() => this.put.run(CURSOR_KEY, JSON.stringify({ server, seq: 0, uid: null })))
  }

  /**
   * Stores pulled events of other installs (the caller leaves out this install's own, which the
   * server sends as their place in its order only) and moves the cursor to `through` (the
   * server_seq and uid of the page's last row, own or not), in one transaction; returns the
   * incidents that got new events. Repeats are skipped.
   */
  storePulled(
    events: readonly PulledEvent[],
    server: string,
    through: { seq: number; uid: string },
    clock: HybridClock,
  ): Set<string> {
    const touched = new Set<string>()
    const ins = this.stmt(
      `INSERT OR IGNORE INTO team_events (origin, uid, origin_name, author, incident_id, seq, at,
         recorded_at, tz, kind, actor, payload, amends, prev_hash, hash, hash_version, hlc, server_seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.writeRepeatable(() => {
      for (const e of events) {
        clock.observe(e.hlc)
        // Positional values: binding by name looks every key up per row, a third of a page's time.
        const changes = ins.run(
          e.origin,
          e.uid,
          e.originName,
          e.author,
          e.incidentId,
          e.seq,
          e.at,
          e.recordedAt,
          e.tz,
          e.kind,
          e.actor,
          e.payload,
          e.amends,
          e.prevHash,
          e.hash,
          e.hashVersion,
          e.hlc,
          e.serverSeq,
        ).changes
        if (changes) touched.add(e.incidentId)
      }
      this.put.run(CURSOR_KEY, JSON.stringify({ server, seq: through.seq, uid: through.uid }))
      this.put.run(HLC_KEY, String(clock.current))
    })
    return touched
  }

  /** Every event of the incident this laptop holds: its own and the ones pulled. */
  events(incidentId: string): TeamEvent[] {
    const { id: origin, name } = this.origin()
    const own = (
      this.stmt(
        `SELECT e.*, o.hlc, o.author, o.pushed_at FROM timeline_events e
           JOIN team_own_events o ON o.event_id = e.id WHERE e.incident_id = ? ORDER BY e.seq`,
      ).all(incidentId) as OwnRow[]
    ).map((r) => toTeamEvent(r, origin, name, r.pushed_at !== null))
    const foreign = (
      this.stmt('SELECT * FROM team_events WHERE incident_id = ? ORDER BY origin, seq').all(
        incidentId,
      ) as ForeignRow[]
    ).map((r) => toTeamEvent(r, r.origin, r.origin_name, true))
    return [...own, ...foreign]
  }

  /**
   * The incident's events added since a projection read it: own rows past `ownAfter` (row id)
   * and pulled rows past `foreignAfter` (rowid), with the new high-water marks.
   */
  eventsSince(
    incidentId: string,
    ownAfter: number,
    foreignAfter: number,
  ): { events: TeamEvent[]; ownMax: number; foreignMax: number } {
    const { id: origin, name } = this.origin()
    // The marks move to the top of each table, not to the incident's last row: otherwise every
    // cycle reads all rows written since this incident's last one (another incident's events,
    // 100 000 pulled ones) to find none. Stamps cover a prefix of the timeline (stamp() takes
    // every event after the highest stamped one), so everything up to the highest stamped id is
    // stamped; pulled rows up to the highest rowid are committed.
    const tops = this.stmt(
      `SELECT (SELECT coalesce(max(event_id), 0) FROM team_own_events) AS own,
                (SELECT coalesce(max(rowid), 0) FROM team_events) AS foreign_top`,
    ).get() as { own: number; foreign_top: number }
    const ownTop = Math.max(ownAfter, tops.own)
    const foreignTop = Math.max(foreignAfter, tops.foreign_top)
    const ownRows = this.stmt(
      `SELECT e.*, o.hlc, o.author, o.pushed_at FROM timeline_events e
         JOIN team_own_events o ON o.event_id = e.id
         WHERE e.id > ? AND e.id <= ? AND +e.incident_id = ? ORDER BY e.id`,
    )
      // `+incident_id`: the row id range is the index to use; the incident's index would read
      // all of the incident's events every cycle to find the few new ones.
      .all(ownAfter, ownTop, incidentId) as OwnRow[]
    const foreignRows = this.stmt(
      `SELECT rowid AS row_id, * FROM team_events WHERE rowid > ? AND rowid <= ?
         AND +incident_id = ? ORDER BY rowid`,
    ).all(foreignAfter, foreignTop, incidentId) as (ForeignRow & { row_id: number })[]
    return {
      events: [
        ...ownRows.map((r) => toTeamEvent(r, origin, name, r.pushed_at !== null)),
        ...foreignRows.map((r) => toTeamEvent(r, r.origin, r.origin_name, true)),
      ],
      ownMax: ownTop,
      foreignMax: foreignTop,
    }
  }

  /**
   * The incident's events that sort after a fold checkpoint, read per origin with an index seek:
   * one origin's events sort by seq, so they are that origin's rows above its floor (an origin
   * without a floor: all of its rows). Bounded by the marks of the read that found the late
   * events (`ownTop`, `foreignTop`), so the fold and its marks stay in step.
   */
  eventsAfter(
    incidentId: string,
    floors: ReadonlyMap<string, number>,
    ownTop: number,
    foreignTop: number,
  ): TeamEvent[] {
    const { id: origin, name } = this.origin()
    const out = (
      this.stmt(
        `SELECT e.*, o.hlc, o.author, o.pushed_at FROM timeline_events e
           JOIN team_own_events o ON o.event_id = e.id
           WHERE e.incident_id = ? AND e.seq > ? AND e.id <= ? ORDER BY e.seq`,
      ).all(incidentId, floors.get(origin) ?? -1, ownTop) as OwnRow[]
    ).map((r) => toTeamEvent(r, origin, name, r.pushed_at !== null))
    const above = this.stmt(
      `SELECT * FROM team_events WHERE incident_id = ? AND origin = ? AND seq > ?
         AND rowid <= ? ORDER BY seq`,
    )
    for (const o of this.foreignOrigins(incidentId))
      for (const r of above.all(incidentId, o, floors.get(o) ?? -1, foreignTop) as ForeignRow[])
        out.push(toTeamEvent(r, r.origin, r.origin_name, true))
    return out
  }

  /**
   * The other installs that wrote events of the incident, each found with one seek of the
   * (incident_id, origin, seq) index (a DISTINCT would read every row).
   */
  private *foreignOrigins(incidentId: string): Generator<string> {
    const next = this.stmt(
      'SELECT min(origin) AS o FROM team_events WHERE incident_id = ? AND origin > ?',
    )
    for (let o = (next.get(incidentId, '') as { o: string | null }).o; o !== null;) {
      yield o
      o = (next.get(incidentId, o) as { o: string | null }).o
    }
  }

  /**
   * The newest `limit` events of the merged timeline older than what the pane holds, for a
   * windowed view of 100 000 events. Each install stamps its events in the order it wrote them
   * and its clock only moves forward, so one origin's events are in merged order when read by
   * seq; the pane holds a suffix of the merged order, which per origin is a suffix by seq.
   * `floors` is the lowest seq the pane holds per origin (absent: none of it): each origin's
   * newest `limit` events below its floor are read with an index seek and merged, and the newest
   * `limit` of those are the page. This install's events not yet stamped (written before a team
   * was configured, until the next cycle stamps them) sort last and show as waiting.
   */
  timelinePage(
    incidentId: string,
    floors: Readonly<Record<string, number>>,
    limit: number,
  ): { events: TeamEvent[]; hasOlder: boolean; ownAfter: number; foreignAfter: number } {
    const { id: origin, name } = this.origin()
    // Watermarks first: what changes after this read comes back through timelineSince.
    const marks = this.stmt(
      `SELECT (SELECT max(rowid) FROM team_events) AS foreign_top,
                (SELECT min(event_id) FROM team_own_events WHERE pushed_at IS NULL) AS waiting,
                (SELECT min(id) FROM timeline_events
                 WHERE id > coalesce((SELECT max(event_id) FROM team_own_events), 0)) AS unstamped,
                (SELECT max(id) FROM timeline_events) AS own_top`,
    ).get() as {
      foreign_top: number | null
      waiting: number | null
      unstamped: number | null
      own_top: number | null
    }
    const firstOpen = Math.min(
      marks.waiting ?? Number.MAX_SAFE_INTEGER,
      marks.unstamped ?? Number.MAX_SAFE_INTEGER,
    )
    const ownAfter =
      firstOpen === Number.MAX_SAFE_INTEGER ? (marks.own_top ?? 0) : Math.max(0, firstOpen - 1)
    const foreignAfter = marks.foreign_top ?? 0
    const candidates: TeamEvent[] = []
    let hasOlder = false
    const ownFloor = floors[origin] ?? Number.MAX_SAFE_INTEGER
    const own = this.stmt(
      `SELECT e.*, o.hlc, o.author, o.pushed_at FROM timeline_events e
         LEFT JOIN team_own_events o ON o.event_id = e.id
         WHERE e.incident_id = ? AND e.seq < ? ORDER BY e.seq DESC LIMIT ?`,
    ).all(incidentId, ownFloor, limit + 1) as (Omit<OwnRow, 'hlc' | 'author'> & {
      hlc: number | null
      author: string | null
    })[]
    if (own.length > limit) hasOlder = true
    const user = this.syncingAs()
    for (const r of own.slice(0, limit)) candidates.push(ownEvent(r, origin, name, user))
    const page = this.stmt(
      `SELECT * FROM team_events WHERE incident_id = ? AND origin = ? AND seq < ?
       ORDER BY seq DESC LIMIT ?`,
    )
    for (const o of this.foreignOrigins(incidentId)) {
      const rows = page.all(
        incidentId,
        o,
        floors[o] ?? Number.MAX_SAFE_INTEGER,
        limit + 1,
      ) as ForeignRow[]
      if (rows.length > limit) hasOlder = true
      for (const r of rows.slice(0, limit))
        candidates.push(toTeamEvent(r, r.origin, r.origin_name, true))
    }
    candidates.sort(teamOrder)
    if (candidates.length > limit) hasOlder = true
    return { events: candidates.slice(-limit), hasOlder, ownAfter, foreignAfter }
  }

  /**
   * What changed in the incident's merged timeline since the pane read it: pulled events past
   * `foreignAfter` (rowid), and every own event past `ownAfter` (row id) — the pane passes the
   * last own row that was stamped and pushed, so events still waiting come again with their new
   * clock and mark until the server has them.
   */
  timelineSince(
    incidentId: string,
    ownAfter: number,
    foreignAfter: number,
  ): { events: TeamEvent[]; ownAfter: number; foreignAfter: number } {
    const { id: origin, name } = this.origin()
    const own = this.stmt(
      `SELECT e.*, o.hlc, o.author, o.pushed_at FROM timeline_events e
         LEFT JOIN team_own_events o ON o.event_id = e.id
         WHERE e.incident_id = ? AND e.id > ? ORDER BY e.id`,
    ).all(incidentId, ownAfter) as (Omit<OwnRow, 'hlc' | 'author'> & {
      hlc: number | null
      author: string | null
    })[]
    // `+incident_id`: the rowid range is the index to use (the incident's index would scan all).
    const foreign = this.stmt(
      'SELECT rowid AS row_id, * FROM team_events WHERE rowid > ? AND +incident_id = ? ORDER BY rowid',
    ).all(foreignAfter, incidentId) as (ForeignRow & { row_id: number })[]
    // Own rows up to the first one still waiting are settled: the next read starts after them.
    let settled = ownAfter
    for (const r of own) {
      if (r.pushed_at === null || r.hlc === null) break
      settled = r.id
    }
    const top = (
      this.stmt('SELECT max(rowid) AS m FROM team_events').get() as {
        m: number | null
      }
    ).m
    const user = this.syncingAs()
    return {
      events: [
        ...own.map((r) => ownEvent(r, origin, name, user)),
        ...foreign.map((r) => toTeamEvent(r, r.origin, r.origin_name, true)),
      ],
      ownAfter: settled,
      foreignAfter: Math.max(foreignAfter, top ?? 0),
    }
  }

  /** Incidents that have events from other installs. */
  sharedIncidents(): string[] {
    return (
      this.stmt('SELECT DISTINCT incident_id FROM team_events').all() as {
        incident_id: string
      }[]
    ).map((r) => r.incident_id)
  }
}
