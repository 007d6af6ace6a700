// The sync engine: push this laptop's events, pull everyone else's, over plain connections to
// the team's PostgreSQL. One cycle at a time: stamp → push → pull → project.
//
// - Push: batches in the order events were written, `ON CONFLICT DO NOTHING`, one statement
//   (one transaction, one round trip) each; marked pushed only after it returned committed. A
//   kill or a cut between the commit and the mark re-pushes the batch, and the server skips it
//   by (origin, uid).
// - Pull: from the persisted cursor over server_seq, which the server hands out in commit order
//   (serverSchema.ts), so a cursor can never pass an event that commits later.
// - Wake-ups: LISTEN on a second connection; a NOTIFY says only which team (and incidents) moved
//   and up to which seq. Delivery is best effort, so polling is what correctness rests on and
//   NOTIFY only makes it fast. LISTEN is tested once per connection with a probe NOTIFY: a pooler
//   in transaction mode (PgBouncer) takes LISTEN and never delivers; then it is polling only,
//   and the status says so.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { ClientConfig } from 'pg'
import type { TeamStatus, TeamSyncState } from '../../../shared/teamSchemas'
import { clientConfig, serverKey, TeamConfigError, type TeamSettings } from './connection'
import {
  connectTeamConnection,
  identityCheck,
  type TeamConnection,
  type TeamQueryable,
} from './connectionThread'
import { HybridClock } from './hlc'
import type { PulledEvent, TeamLocal, WireEvent } from './local'
import { checkServerSchema, TeamSchemaError } from './serverSchema'

export const NOTIFY_CHANNEL = 'sitrep_team'

export interface SyncEngineOptions {
  local: TeamLocal
  /**
   * The saved settings, null when no team is configured; `password()` unseals the saved password
   * only when connecting (it throws while saved passwords are locked).
   */
  settings: () => { settings: TeamSettings; password: () => string | null } | null
  now: () => number
  onStatus: (s: TeamStatus) => void
  /** Incidents whose event set changed (own events stamped, others' pulled). */
  onTouched: (incidentIds: string[]) => void
  /** Poll interval while NOTIFY works (a safety net); default 5 s. */
  pollMs?: number
  /** Poll interval when LISTEN does not work; default 1 s. */
  pollOnlyMs?: number
  /** How long the LISTEN probe waits for its own NOTIFY; default 2 s. */
  probeMs?: number
  batchSize?: number
  /** Tests: connection settings for the LISTEN connection only (overrides). */
  listenOverride?: Partial<ClientConfig>
  /**
   * How long one statement may take before the cycle gives up on the connection (default 15 s:
   * a black-holed link must not hold a push forever).
   */
  queryTimeoutMs?: number
  /** While local appends stream, the least time between two cycles they ask for; default 150 ms. */
  appendGapMs?: number
  /** Opens a tunnel through an SSH target (the pooled connection); for `viaSshTargetId`. */
  tunnel?: TeamTunnelOpener
  /** After this laptop's events are pushed, on the cycle's connection (shared transcripts). */
  afterPush?: (client: TeamQueryable, s: TeamSettings) => Promise<void>
  /** The sync connection in a thread of its own (default); false keeps it on the main thread. */
  threaded?: boolean
  /** A connection was made (presence beats at once instead of at its next tick). */
  onConnected?: () => void
}

export type TeamTunnelOpener = (
  targetId: string,
  host: string,
  port: number,
) => Promise<{ localPort: number; close(): void }>

/**
 * Where the sockets go: the server itself, or the local end of a tunnel through the SSH host the
 * settings name. The tunnel lives as long as the connections that use it.
 */
export async function teamRoute(
  s: TeamSettings,
  open: TeamTunnelOpener | undefined,
): Promise<{ route: { host: string; port: number } | null; close: () => void }> {
  const via = s.viaSshTargetId ?? null
  if (!via) return { route: null, close: () => undefined }
  if (!open) throw new TeamConfigError('SSH tunnels are not available in this build.')
  let t: { localPort: number; close(): void }
  try {
    t = await open(via, s.host, s.port)
  } catch (err) {
    throw new Error(`The SSH tunnel to ${s.host}:${s.port} could not be opened: ${message(err)}`, {
      cause: err,
    })
  }
  return { route: { host: '127.0.0.1', port: t.localPort }, close: () => t.close() }
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
])

/** Failures that retrying soon will not fix: the responder or an admin must act. */
function refusal(err: unknown, s: TeamSettings | null): string | null {
  if (err instanceof TeamSchemaError || err instanceof TeamConfigError) return err.message
  const code = typeof err === 'object' && err && 'code' in err ? String(err.code) : ''
  if (TLS_CODES.has(code))
    return `The server's certificate was refused (${code}): it is not signed by the CA file ${s?.caFile ?? ''} or not issued for ${s?.host ?? 'this host'}. Nothing was sent.`
  // The server's TLS alert about our side: with a client certificate, it did not accept it.
  if (/^ERR_SSL_(TLSV1|SSLV3)_ALERT_/.test(code))
    return s?.certFile
      ? `The server refused this laptop's client certificate ${s.certFile} (${code}): it is not signed by a CA the server trusts (its ssl_ca_file), has expired, or is not for client use. Nothing was sent.`
      : `The server broke off the TLS handshake (${code}). Nothing was sent.`
  if (code === '28P01' || code === '28000')
    return `The server refused the login of ${s?.user ?? 'this user'}: ${(err as Error).message}`
  if (code === '42501') return `The server refused a write: ${(err as Error).message}`
  if (code === '3D000') return (err as Error).message
  return null
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err))

/**
 * Ends a connection politely, but not at any price: on a socket that went silent (a network
 * change, NAT state dropped) pg's end() waits for an answer that never comes, and the engine,
 * which runs one cycle at a time, would wait with it instead of connecting again. After a second
 * the socket is destroyed.
 */
async function endWithin(c: pg.Client | TeamConnection | null, ms = 1_000): Promise<void> {
  if (!c) return
  let timer: ReturnType<typeof setTimeout> | undefined
  const ended = c.end().then(
    () => true,
    () => true,
  )
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  const polite = await Promise.race([ended, late])
  clearTimeout(timer)
  if (polite) return
  if ('destroy' in c) c.destroy()
  else
    (
      c as unknown as { connection?: { stream?: { destroy(): void } } }
    ).connection?.stream?.destroy()
}

export class SyncEngine {
  private client: TeamConnection | null = null
  private listener: pg.Client | null = null
  private wakeups: TeamStatus['wakeups'] = null
  private wakeupNote: string | null = null
  private readonly clock: HybridClock
  private running: Promise<void> | null = null
  private again = false
  private stopped = false
  private timer: ReturnType<typeof setTimeout> | null = null
  private timerAt = 0
  private failures = 0
  private lastSyncAt: number | null = null
  private state: TeamSyncState = 'local-only'
  private error: string | null = null
  private lastSent = ''
  private probe: { token: string; resolve: () => void } | null = null
  private closeRoute: (() => void) | null = null
  private againForAppend = false
  /** When the last cycle started (kickForAppend spaces cycles while appends stream). */
  private lastCycleAt = 0

  constructor(private readonly opts: SyncEngineOptions) {
    this.clock = new HybridClock(opts.local.savedClock())
  }

  /** The cycle's connection while connected (presence and shared-transcript reads use it). */
  connection(): TeamConnection | null {
    return this.client
  }

  status(): TeamStatus {
    const cfg = this.opts.settings()
    let waiting = 0
    try {
      // Without a team nothing waits for one (and counting every event of a big store cost each
      // status ~20 ms, in the app's first round of calls).
      if (cfg) waiting = this.opts.local.waiting()
    } catch {
      // The database was closed under a running cycle (the app is switching files).
    }
    return {
      state: cfg ? this.state : 'local-only',
      waiting,
      wakeups: cfg ? this.wakeups : null,
      wakeupNote: cfg ? this.wakeupNote : null,
      error: cfg ? this.error : null,
      lastSyncAt: this.lastSyncAt,
      server: cfg ? serverKey(cfg.settings) : null,
      team: cfg?.settings.team ?? null,
    }
  }

  private emit(): void {
    const s = this.status()
    const text = JSON.stringify(s)
    if (text === this.lastSent) return
    this.lastSent = text
    this.opts.onStatus(s)
  }

  private setState(state: TeamSyncState, error: string | null = null): void {
    this.state = state
    this.error = error
    this.emit()
  }

  /** Asks for a cycle soon; cycles never overlap, and kicks during one run one more after it. */
  kick(delayMs = 0): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    // A cycle already due sooner stays: a steady stream of appends must not postpone the push.
    const at = Date.now() + delayMs
    if (this.timer && this.timerAt <= at) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(() => {
      this.timer = null
      // A manual cycle (syncNow) may have started since: never two cycles on one connection.
      if (this.running) {
        this.again = true
        return
      }
      this.running = this.cycle()
        .catch(() => undefined)
        .finally(() => this.afterCycle())
    }, delayMs)
  }

  /**
   * A local append wants a push: soon after a quiet spell (20 ms gathers a burst), but while
   * appends stream in (a runbook's output, a flood of notes), at most one cycle per
   * `appendGapMs`. Each cycle costs this laptop a stamp commit and two round trips; run back to
   * back they halved the append rate a laptop sustains. Wake-ups from other laptops are not
   * spaced this way: they keep the team's propagation fast.
   */
  kickForAppend(): void {
    if (this.stopped) return
    if (this.running) {
      this.againForAppend = true
      return
    }
    const gap = this.opts.appendGapMs ?? 150
    this.kick(Math.max(20, this.lastCycleAt + gap - Date.now()))
  }

  private afterCycle(): void {
    this.running = null
    if (this.stopped) return
    if (this.again) {
      this.again = false
      this.againForAppend = false
      this.kick()
    } else if (this.againForAppend) {
      this.againForAppend = false
      this.kickForAppend()
    }
  }

  /** Runs one cycle now and waits for it (tests, and a manual "sync now"). */
  async syncNow(): Promise<TeamStatus> {
    while (this.running) await this.running.catch(() => undefined)
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    // A manual cycle reports its failure in the status, like any other.
    this.running = this.cycle().finally(() => this.afterCycle())
    await this.running
    return this.status()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    while (this.running) await this.running.catch(() => undefined)
    await this.disconnect()
  }

  /** Forget the connections (settings changed); the next cycle connects again. */
  async disconnect(): Promise<void> {
    const c = this.client
    const l = this.listener
    const closeRoute = this.closeRoute
    this.client = null
    this.listener = null
    this.closeRoute = null
    this.wakeups = null
    this.wakeupNote = null
    await Promise.all([endWithin(c), endWithin(l)])
    closeRoute?.()
  }

  private async cycle(): Promise<void> {
    this.lastCycleAt = Date.now()
    const cfg = this.opts.settings()
    if (!cfg) {
      this.state = 'local-only'
      this.emit()
      return
    }
    const { settings } = cfg
    // Stamped first, before this cycle's pull, so an event's clock is what this laptop had seen
    // by the cycle after it was written (see local.ts): one commit for every event appended
    // since the last cycle. Stamping each append in its own commit instead (until #18's third
    // round) added the stamp's row and index page to every append's commit and kept appends
    // with sync on at 0.85-0.87x of appends without a team; this way 0.91-1.05x, alternating
    // runs of 12 000 one-by-one notes. A laptop writing one event now and then pays one more
    // commit per push.
    const touched = this.opts.local.stamp(this.clock, settings.user)
    try {
      if (!this.client) {
        this.setState('connecting', this.error)
        let password: string | null
        try {
          password = cfg.password()
        } catch (err) {
          // Saved passwords locked (a sealed key file not opened yet) or unreadable: the
          // responder acts; nothing to retry soon.
          throw new TeamConfigError(`The team password cannot be read: ${message(err)}`)
        }
        await this.connect(cfg.settings, password)
      }
      if (this.opts.local.waiting() > 0) this.setState('syncing')
      await this.push(settings)
      if (this.opts.afterPush && this.client) await this.opts.afterPush(this.client, settings)
      for (const id of await this.pull(settings)) touched.add(id)
      this.failures = 0
      this.lastSyncAt = this.opts.now()
      this.setState('synced')
      this.schedulePoll()
    } catch (err) {
      this.failures++
      const refused = refusal(err, settings)
      await this.disconnect()
      this.setState(refused ? 'refused' : 'offline', refused ?? message(err))
      // Offline: 0.5, 1, 2, 4 s, then every 5 s. Refused: every 30 s (an admin may fix it).
      this.kickLater(refused ? 30_000 : Math.min(5_000, 250 * 2 ** Math.min(this.failures, 5)))
    } finally {
      // What was appended while this cycle waited on the server is stamped before the touched
      // incidents are folded again: a fold without those events is older than the incident row
      // their appends wrote, and writing it back set the incident back (converge.test.ts).
      try {
        for (const id of this.opts.local.stamp(this.clock, settings.user)) touched.add(id)
      } catch {
        // The database was closed under this cycle (the app is switching files).
      }
      if (touched.size) this.opts.onTouched([...touched])
    }
  }

  private kickLater(ms: number): void {
    if (this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = Date.now() + ms
    this.timer = setTimeout(() => {
      this.timer = null
      this.kick()
    }, ms)
  }

  private schedulePoll(): void {
    const every =
      this.wakeups === 'notify' ? (this.opts.pollMs ?? 5_000) : (this.opts.pollOnlyMs ?? 1_000)
    this.kickLater(every)
  }

  private timeouts(): Partial<ClientConfig> {
    return this.opts.queryTimeoutMs ? { query_timeout: this.opts.queryTimeoutMs } : {}
  }

  private async connect(s: TeamSettings, password: string | null): Promise<void> {
    // The tunnel first (when there is one): a failed one is an offline cycle like any other.
    this.closeRoute?.()
    const { route, close } = await teamRoute(s, this.opts.tunnel)
    this.closeRoute = close
    // Its own thread unless told otherwise: pg's encoding, TLS and the sockets' system calls
    // stay off the thread that appends the responder's events (connectionThread.ts).
    const client = await connectTeamConnection(
      clientConfig(s, password, this.timeouts(), route),
      identityCheck(s),
      this.opts.threaded ?? true,
    )
    client.on('error', () => {
      if (this.client === client) this.client = null
      // Nothing else ends a connection dropped between cycles: its thread (an isolate and a pg
      // client) would outlive it, one per server restart or cut connection.
      void endWithin(client)
    })
    try {
      await checkServerSchema(client)
    } catch (err) {
      await client.end().catch(() => undefined)
      throw err
    }
    this.client = client
    await this.reconcile(s)
    await this.listen(s, password, route)
    this.opts.onConnected?.()
  }

  /**
   * A server restored from a backup (or failed over to a lagging replica) may have lost what it
   * once committed. Checked once per connection: this laptop's events the server no longer has
   * are pushed again, and when the event the cursor stands on is no longer at that seq (lost, or
   * its number handed out again) the cursor starts over; the re-pull skips what is stored.
   */
  private async reconcile(s: TeamSettings): Promise<void> {
    const client = this.client
    if (!client) return
    const origin = this.opts.local.origin().id
    const key = serverKey(s)
    const cursor = this.opts.local.cursor(key)
    const r = await client.query<{ n: string; at_cursor: string | null }>(
      `SELECT (SELECT count(*) FROM sitrep.events WHERE team = $1 AND origin = $2) AS n,
              (SELECT uid FROM sitrep.events WHERE team = $1 AND server_seq = $3) AS at_cursor`,
      [s.team, origin, cursor],
    )
    const onServer = Number(r.rows[0]?.n ?? 0)
    if (onServer < this.opts.local.pushedCount()) {
      const uids = await client.query<{ uid: string }>(
        'SELECT uid FROM sitrep.events WHERE team = $1 AND origin = $2',
        [s.team, origin],
      )
      this.opts.local.unmarkMissing(new Set(uids.rows.map((x) => x.uid)))
    }
    const expected = this.opts.local.cursorUid(key)
    // Cursors saved before the uid was kept have none: they are checked from their next pull on.
    if (cursor > 0 && expected !== null && r.rows[0]?.at_cursor !== expected)
      this.opts.local.resetCursor(key)
  }

  private async listen(
    s: TeamSettings,
    password: string | null,
    route: { host: string; port: number } | null,
  ): Promise<void> {
    const own = this.opts.local.origin().id
    const listener = new pg.Client(
      clientConfig(s, password, { ...this.timeouts(), ...this.opts.listenOverride }, route),
    )
    listener.on('error', () => {
      void endWithin(listener)
      if (this.listener === listener) {
        this.listener = null
        this.wakeups = 'polling'
        this.wakeupNote = 'The LISTEN connection dropped; polling until the next connect.'
      }
    })
    listener.on('notification', (n) => {
      if (n.channel !== NOTIFY_CHANNEL || !n.payload) return
      let p: { team?: string; probe?: string; origin?: string }
      try {
        p = JSON.parse(n.payload) as typeof p
      } catch {
        return
      }
      if (p.probe && this.probe?.token === p.probe) this.probe.resolve()
      // Not for this laptop's own pushes: each woke its own engine for a cycle at once, so a
      // laptop appending steadily ran cycles back to back (~20 ms apart) instead of one per
      // appendGapMs, each paying a stamp read, a batch, two round trips and a fold.
      else if (p.team === s.team && p.origin !== own) this.kick()
    })
    try {
      await listener.connect()
      await listener.query(`LISTEN ${NOTIFY_CHANNEL}`)
      const token = randomUUID()
      const heard = new Promise<boolean>((resolve) => {
        const t = setTimeout(() => resolve(false), this.opts.probeMs ?? 2_000)
        this.probe = {
          token,
          resolve: () => {
            clearTimeout(t)
            resolve(true)
          },
        }
      })
      await this.client?.query('SELECT pg_notify($1, $2)', [
        NOTIFY_CHANNEL,
        JSON.stringify({ probe: token }),
      ])
      const ok = await heard
      this.probe = null
      if (ok) {
        this.listener = listener
        this.wakeups = 'notify'
        this.wakeupNote = null
        return
      }
      this.wakeupNote =
        'LISTEN did not receive a test NOTIFY (a connection pooler in transaction mode?): pulling by polling only.'
    } catch (err) {
      this.wakeupNote = `LISTEN failed (${message(err)}): pulling by polling only.`
    }
    this.wakeups = 'polling'
    await listener.end().catch(() => undefined)
  }

  private async push(s: TeamSettings): Promise<void> {
    const client = this.client
    if (!client) throw new Error('not connected')
    const limit = this.opts.batchSize ?? 500
    for (;;) {
      const batch = this.opts.local.nextBatch(limit)
      if (!batch.length) return
      const incidents = [...new Set(batch.map((e) => e.incidentId))].slice(0, 20)
      // One statement, so one implicit transaction and one round trip: the team's counter row
      // is locked only while it runs. Its NOTIFY (no event content) goes out at its commit.
      await client.query(PUSH_SQL, [s.team, ...columns(batch), incidents])
      // Only now: the server has committed them.
      this.opts.local.markPushed(
        batch.map((e) => e.id),
        this.opts.now(),
      )
      // A short batch was all that waited: what was appended during its round trip waits for the
      // next cycle, which kickForAppend spaces. Looping on it pushed a laptop's steady appends
      // ~20 at a time, each batch paying a statement, a round trip and a pushed mark (577 pushes
      // for 12 000 appends, issue #18 profile); full batches (a backlog) still go back to back.
      if (batch.length < limit) return
    }
  }

  private async pull(s: TeamSettings): Promise<Set<string>> {
    const client = this.client
    if (!client) throw new Error('not connected')
    const key = serverKey(s)
    const own = this.opts.local.origin().id
    const touched = new Set<string>()
    const limit = 1_000
    for (;;) {
      const cursor = this.opts.local.cursor(key)
      const r = await client.query<Record<string, string | number | null>>(PULL_SQL, [
        s.team,
        cursor,
        limit,
        own,
      ])
      const last = r.rows[r.rows.length - 1]
      if (!last) return touched
      // This laptop's own events come back as their place in the server's order only.
      const events = r.rows.filter((row) => row.origin !== own).map(pulledFromRow)
      const through = { seq: Number(last.server_seq), uid: String(last.uid) }
      for (const id of this.opts.local.storePulled(events, key, through, this.clock))
        touched.add(id)
      if (r.rows.length < limit) return touched
    }
  }
}

const WIRE_COLUMNS: [keyof WireEvent, string][] = [
  ['origin', 'text'],
  ['originName', 'text'],
  ['author', 'text'],
  ['uid', 'text'],
  ['incidentId', 'text'],
  ['seq', 'int4'],
  ['at', 'int8'],
  ['recordedAt', 'int8'],
  ['tz', 'text'],
  ['kind', 'text'],
  ['actor', 'text'],
  ['payload', 'text'],
  ['amends', 'text'],
  ['prevHash', 'text'],
  ['hash', 'text'],
  ['hashVersion', 'int4'],
  ['hlc', 'int8'],
]

function columns(batch: readonly WireEvent[]): unknown[] {
  return WIRE_COLUMNS.map(([k]) => batch.map((e) => e[k]))
}

// The author column is not sent: it defaults to current_user and row-level security checks it.
const SERVER_COLUMNS = `origin, origin_name, uid, incident_id, seq, at, recorded_at, tz, kind,
  actor, payload, amends, prev_hash, hash, hash_version, hlc`

const PUSH_SQL = `
  WITH ins AS (
    INSERT INTO sitrep.events (team, ${SERVER_COLUMNS})
    SELECT $1, origin, origin_name, uid, incident_id, seq, at, recorded_at, tz, kind, actor,
           payload, amends, prev_hash, hash, hash_version, hlc
    FROM unnest(${WIRE_COLUMNS.map(([, t], i) => `$${i + 2}::${t}[]`).join(', ')})
      WITH ORDINALITY AS b(origin, origin_name, author, uid, incident_id, seq, at, recorded_at,
        tz, kind, actor, payload, amends, prev_hash, hash, hash_version, hlc, n)
    ORDER BY n
    ON CONFLICT DO NOTHING
    RETURNING server_seq)
  SELECT count(*)::int AS inserted,
         pg_notify('${NOTIFY_CHANNEL}', json_build_object('team', $1::text,
           'incidents', $${WIRE_COLUMNS.length + 2}::text[], 'seq', max(server_seq),
           'origin', ($2::text[])[1])::text)
  FROM ins`

/**
 * A page of the team's events after the cursor. Rows this laptop wrote ($4, its origin) come with
 * their place only (server_seq, uid, origin): it holds them already, and sending their payloads
 * and hashes back made every cycle of a laptop that writes fast carry its own writes twice
 * through the server, TLS and the connection thread (~9 µs of the appending thread per append
 * in a profile of 12 000 appends with sync on, issue #18).
 */
export const PULL_SQL = `
  SELECT server_seq, uid, origin, ${['author', ...SERVER_COLUMNS.split(',').map((c) => c.trim())]
    .filter((c) => c !== 'uid' && c !== 'origin')
    .map((c) => `CASE WHEN origin <> $4 THEN ${c} END AS ${c}`)
    .join(', ')}
  FROM sitrep.events
  WHERE team = $1 AND server_seq > $2 ORDER BY server_seq LIMIT $3`

function pulledFromRow(r: Record<string, string | number | null>): PulledEvent {
  const s = (k: string): string => String(r[k] ?? '')
  const n = (k: string): number => Number(r[k])
  return {
    serverSeq: n('server_seq'),
    origin: s('origin'),
    originName: s('origin_name'),
    author: s('author'),
    uid: s('uid'),
    incidentId: s('incident_id'),
    seq: n('seq'),
    at: n('at'),
    recordedAt: n('recorded_at'),
    tz: s('tz'),
    kind: s('kind'),
    actor: r.actor === null ? null : s('actor'),
    payload: s('payload'),
    amends: r.amends === null ? null : s('amends'),
    prevHash: s('prev_hash'),
    hash: s('hash'),
    hashVersion: n('hash_version'),
    hlc: n('hlc'),
  }
}
