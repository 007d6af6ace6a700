// Who of the team sends a shared channel's message: a claim on the team's PostgreSQL
// (sitrep.deliveries, server migration 3). INSERT … ON CONFLICT DO NOTHING makes exactly one
// laptop the sender; its lease runs on the server's clock, so a laptop that claimed and died is
// replaced by another once the lease is over (and a skewed laptop clock cannot stretch it). The
// sender renews the lease before each try and records the outcome; the others read it and show
// the message as sent (or failed) without sending.
import pg from 'pg'
import type { ClientConfig } from 'pg'

export interface ServerConnection {
  team: string
  origin: string
  originName: string
  /** Which server, role and route: a cached connection with another key is replaced. */
  key: string
  /** Opens the route (an SSH tunnel when the team is reached through one) and the settings. */
  connect(): Promise<{ config: ClientConfig; close(): void }>
}

export type ClaimResult =
  /** This laptop sends; `attempts` is how many tries the team made before (for the numbering). */
  | { kind: 'mine'; attempts: number; leaseMs: number }
  | { kind: 'sent'; by: string; attempts: number }
  | { kind: 'failed'; by: string; reason: string }
  /** Another laptop holds a live lease: look again after `retryInMs`. */
  | { kind: 'held'; by: string; retryInMs: number }

interface Row {
  origin: string
  origin_name: string
  state: 'sending' | 'sent' | 'failed'
  attempts: number
  reason: string | null
  left_ms: number
}

export class DeliveryClaims {
  private client: pg.Client | null = null
  private connecting: Promise<pg.Client> | null = null
  private configKey = ''

  constructor(private readonly leaseMs: number) {}

  private async connection(s: ServerConnection): Promise<pg.Client> {
    if (this.client && this.configKey === s.key) return this.client
    if (this.configKey !== s.key) await this.close()
    this.configKey = s.key
    this.connecting ??= (async () => {
      const { config, close } = await s.connect()
      const c = new pg.Client({ ...config, application_name: 'sitrep-notify' })
      // A dropped connection is forgotten (and its tunnel closed); the next call connects again.
      c.on('error', () => {
        if (this.client === c) this.client = null
      })
      c.on('end', close)
      try {
        await c.connect()
      } catch (err) {
        close()
        throw err
      }
      this.client = c
      return c
    })().finally(() => {
      this.connecting = null
    })
    return this.connecting
  }

  /** Drops the connection after a failure, so the next call starts clean. */
  private async reset(): Promise<void> {
    const c = this.client
    this.client = null
    await c?.end().catch(() => undefined)
  }

  private async run<T>(s: ServerConnection, fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = await this.connection(s)
    try {
      return await fn(c)
    } catch (err) {
      await this.reset()
      throw err
    }
  }

  /** Claims `key` for this laptop, or says who has it and how it went. */
  claim(s: ServerConnection, key: string, incidentId: string): Promise<ClaimResult> {
    return this.run(s, async (c) => {
      const lease = `${this.leaseMs} milliseconds`
      const inserted = await c.query(
        `INSERT INTO sitrep.deliveries (team, key, incident_id, origin, origin_name, state, lease_until)
         VALUES ($1, $2, $3, $4, $5, 'sending', now() + $6::interval)
         ON CONFLICT DO NOTHING RETURNING attempts`,
        [s.team, key, incidentId, s.origin, s.originName, lease],
      )
      if (inserted.rowCount) return { kind: 'mine', attempts: 0, leaseMs: this.leaseMs }
      // Ours already (a restart), or a lease that ran out: take it, as this responder.
      const taken = await c.query<{ attempts: number }>(
        `UPDATE sitrep.deliveries SET claimed_by = current_user, origin = $3, origin_name = $4,
           lease_until = now() + $5::interval, claimed_at = now()
         WHERE team = $1 AND key = $2 AND state = 'sending'
           AND (origin = $3 OR lease_until < now())
         RETURNING attempts`,
        [s.team, key, s.origin, s.originName, lease],
      )
      if (taken.rowCount)
        return { kind: 'mine', attempts: taken.rows[0]?.attempts ?? 0, leaseMs: this.leaseMs }
      const r = await c.query<Row>(
        `SELECT origin, origin_name, state, attempts, reason,
           greatest(0, extract(epoch FROM lease_until - now()) * 1000)::bigint AS left_ms
         FROM sitrep.deliveries WHERE team = $1 AND key = $2`,
        [s.team, key],
      )
      const row = r.rows[0]
      if (!row) throw new Error('the delivery claim vanished (was the server restored?)')
      if (row.state === 'sent') return { kind: 'sent', by: row.origin_name, attempts: row.attempts }
      if (row.state === 'failed')
        return { kind: 'failed', by: row.origin_name, reason: row.reason ?? 'failed' }
      return { kind: 'held', by: row.origin_name, retryInMs: Number(row.left_ms) + 50 }
    })
  }

  /**
   * Renews this laptop's lease before a try and counts the try; false when the claim is no
   * longer this laptop's (its lease ran out and another took it over).
   */
  renew(s: ServerConnection, key: string): Promise<number | null> {
    return this.run(s, async (c) => {
      const r = await c.query<{ attempts: number }>(
        `UPDATE sitrep.deliveries SET lease_until = now() + $4::interval, attempts = attempts + 1
         WHERE team = $1 AND key = $2 AND origin = $3 AND state = 'sending'
         RETURNING attempts`,
        [s.team, key, s.origin, `${this.leaseMs} milliseconds`],
      )
      return r.rowCount ? (r.rows[0]?.attempts ?? null) : null
    })
  }

  /** Records the outcome for the team; false when the row is not this laptop's any more. */
  finish(
    s: ServerConnection,
    key: string,
    state: 'sent' | 'failed',
    reason: string | null,
  ): Promise<boolean> {
    return this.run(s, async (c) => {
      const r = await c.query(
        `UPDATE sitrep.deliveries SET state = $4, reason = $5
         WHERE team = $1 AND key = $2 AND origin = $3 AND state = 'sending'`,
        [s.team, key, s.origin, state, reason?.slice(0, 500) ?? null],
      )
      return (r.rowCount ?? 0) > 0
    })
  }

  async close(): Promise<void> {
    await this.connecting?.catch(() => undefined)
    await this.reset()
  }
}
