// Presence (#18): who is in the war room right now. Each laptop upserts its own row in
// sitrep.presence every few seconds while connected (its name, role, and the panes it has open:
// kind, title and incident — host names and target labels, never secrets) and reads the rows of
// the team seen in the last ~20 s. Both "seen" and "now" are the server's clock, so a laptop
// whose clock is minutes off neither keeps a row alive nor drops one early. Row-level security
// makes each row writable by its author only (serverSchema.ts, version 2).
import type { TeamQueryable } from './connectionThread'
import type { PresencePane, TeamPresence, TeamPresenceEntry } from '../../../shared/teamSchemas'
import type { TeamSettings } from './connection'

export interface PresenceOptions {
  /** The sync engine's connection while it is connected (null otherwise). */
  client: () => TeamQueryable | null
  settings: () => TeamSettings | null
  origin: () => { id: string; name: string }
  /** The panes open on this laptop (the sessions facade). */
  panes: () => PresencePane[]
  now: () => number
  onChange: (p: TeamPresence) => void
  /** Heartbeat interval; default 5 s. */
  beatMs?: number
  /** A row not refreshed for this long is gone; default 20 s. */
  ttlMs?: number
}

/** Bounds what one heartbeat carries (the server refuses more than 16 KB of panes). */
const MAX_PANES = 32

const UPSERT_SQL = `
  INSERT INTO sitrep.presence (team, origin, origin_name, display_name, role, panes)
  VALUES ($1, $2, $3, $4, $5, $6::jsonb)
  ON CONFLICT (team, origin) DO UPDATE SET origin_name = excluded.origin_name,
    display_name = excluded.display_name, role = excluded.role, panes = excluded.panes`

const LIST_SQL = `
  SELECT origin, origin_name, author, display_name, role, panes,
         (extract(epoch FROM clock_timestamp() - seen_at) * 1000)::bigint AS age_ms
  FROM sitrep.presence
  WHERE team = $1 AND seen_at > clock_timestamp() - make_interval(secs => $2::float8 / 1000)
  ORDER BY display_name, origin`

export class Presence {
  private timer: ReturnType<typeof setInterval> | null = null
  private beating: Promise<void> | null = null
  private current: TeamPresence = { live: false, readAt: null, people: [] }
  /**
   * Set by leave() until the next join(): the interval's beats write nothing meanwhile. One that
   * started while the DELETE was on its way wrote the row again, and this laptop went on showing
   * itself in the war room after it had left (presence.test.ts, once in a clean-clone CI run).
   */
  private left = false

  constructor(private readonly opts: PresenceOptions) {}

  /** Connected (again): back in the war room at once. */
  join(): Promise<void> {
    this.left = false
    return this.beat()
  }

  get(): TeamPresence {
    return this.current
  }

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => void this.beat(), this.opts.beatMs ?? 5_000)
  }

  /** One heartbeat now (after a connect, so a laptop shows up at once); never overlaps one. */
  beat(): Promise<void> {
    this.beating ??= this.once().finally(() => {
      this.beating = null
    })
    return this.beating
  }

  private async once(): Promise<void> {
    if (this.left) return this.set({ live: false, readAt: null, people: [] })
    try {
      const client = this.opts.client()
      const s = this.opts.settings()
      if (!client || !s) return this.set({ live: false, readAt: null, people: [] })
      const me = this.opts.origin()
      const panes = this.opts.panes().slice(0, MAX_PANES)
      await client.query(UPSERT_SQL, [
        s.team,
        me.id,
        me.name,
        s.displayName,
        s.role,
        JSON.stringify(panes),
      ])
      const r = await client.query<{
        origin: string
        origin_name: string
        author: string
        display_name: string
        role: string
        panes: unknown
        age_ms: string
      }>(LIST_SQL, [s.team, this.opts.ttlMs ?? 20_000])
      const people: TeamPresenceEntry[] = r.rows.map((row) => ({
        origin: row.origin,
        originName: row.origin_name,
        author: row.author,
        displayName: row.display_name,
        role: row.role,
        panes: panesOf(row.panes),
        ageMs: Math.max(0, Number(row.age_ms)),
        self: row.origin === me.id,
      }))
      this.set({ live: true, readAt: this.opts.now(), people })
    } catch {
      // Offline or cut (or the database closing): the engine reports that; presence is simply
      // unknown until it is back.
      this.set({ live: false, readAt: null, people: [] })
    }
  }

  private set(p: TeamPresence): void {
    // Sent every beat, changed or not: "last seen" moves, and it is a few hundred bytes.
    const was = this.current
    this.current = p
    if (!p.live && !was.live) return
    this.opts.onChange(p)
  }

  /**
   * Removes this laptop's row (disconnect, close): the others see it leave at once. What it needs
   * is read now, synchronously: the database may close while the DELETE is on its way.
   */
  leave(): Promise<void> {
    this.left = true
    let target: { client: TeamQueryable; team: string; origin: string } | null = null
    try {
      const client = this.opts.client()
      const s = this.opts.settings()
      if (client && s) target = { client, team: s.team, origin: this.opts.origin().id }
    } catch {
      // The database is already closed: the row expires by itself.
    }
    return (async () => {
      // A heartbeat on its way would write the row again after the DELETE.
      await this.beating?.catch(() => undefined)
      // Not in the war room any more, whatever the last beat saw.
      this.set({ live: false, readAt: null, people: [] })
      if (!target) return
      await target.client
        .query('DELETE FROM sitrep.presence WHERE team = $1 AND origin = $2', [
          target.team,
          target.origin,
        ])
        .catch(() => undefined)
    })()
  }

  /** Stops the heartbeats without leaving (the row then expires by itself). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.beating?.catch(() => undefined)
  }
}

/** The panes as the server returned them, keeping only the expected shape. */
function panesOf(v: unknown): PresencePane[] {
  if (!Array.isArray(v)) return []
  return v.flatMap((p: unknown) => {
    if (typeof p !== 'object' || p === null) return []
    const { kind, title, incidentId } = p as Record<string, unknown>
    if (typeof kind !== 'string' || typeof title !== 'string') return []
    return [{ kind, title, incidentId: typeof incidentId === 'string' ? incidentId : null }]
  })
}
