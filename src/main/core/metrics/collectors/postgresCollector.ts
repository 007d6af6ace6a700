// PostgreSQL through the `pg` driver, optionally through an SSH tunnel: connections against
// max_connections, connections by state, queries running longer than the long-query line (seed:
// 30 s), replication lag and database size. One connection is kept and reused; the poll's own
// backend is left out of every count.
import pg from 'pg'
import {
  MetricSourceError,
  TunnelledAddress,
  errorText,
  type Collector,
  type PollContext,
  type Sample,
  type SshAccess,
} from '../collector'

export interface PostgresSettings {
  host: string
  port: number
  database: string
  user: string
  password: string | null
  longQuerySec: number
  via: string | null
}

const OVERVIEW = `
  SELECT
    (SELECT count(*) FROM pg_stat_activity
       WHERE backend_type = 'client backend' AND pid <> pg_backend_pid())::int AS connections,
    current_setting('max_connections')::int AS max_connections,
    (SELECT count(*) FROM pg_stat_activity
       WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND state = 'active'
         AND now() - query_start > make_interval(secs => $1))::int AS long_queries,
    (SELECT coalesce(max(extract(epoch FROM now() - query_start)), 0) FROM pg_stat_activity
       WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND state = 'active')::float8
       AS longest_query_s,
    pg_database_size(current_database())::float8 AS db_size,
    pg_is_in_recovery() AS replica,
    CASE WHEN pg_is_in_recovery()
      THEN coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)::float8
      ELSE (SELECT max(extract(epoch FROM replay_lag))::float8 FROM pg_stat_replication)
    END AS replication_lag_s`

const BY_STATE = `
  SELECT coalesce(state, 'unknown') AS state, count(*)::int AS n FROM pg_stat_activity
  WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1`

interface OverviewRow {
  connections: number
  max_connections: number
  long_queries: number
  longest_query_s: number
  db_size: number
  replica: boolean
  replication_lag_s: number | null
}

/** `idle in transaction (aborted)` → `idle_in_transaction_aborted`. */
export function stateMetric(state: string): string {
  return `pg.state.${state
    .replace(/[^a-z]+/gi, '_')
    .replace(/^_|_$/g, '')
    .toLowerCase()}`
}

export class PostgresCollector implements Collector {
  private client: pg.Client | null = null
  private readonly address: TunnelledAddress

  constructor(
    ssh: SshAccess | null,
    private readonly s: PostgresSettings,
  ) {
    this.address = new TunnelledAddress(ssh, s.via, s.host, s.port)
  }

  private async connect(timeoutMs: number): Promise<pg.Client> {
    if (this.client) return this.client
    const { host, port } = await this.address.address()
    const client = new pg.Client({
      host,
      port,
      database: this.s.database,
      user: this.s.user,
      ...(this.s.password !== null ? { password: this.s.password } : {}),
      connectionTimeoutMillis: timeoutMs,
      statement_timeout: timeoutMs,
      application_name: 'sitrep-metrics',
    })
    // A dropped connection emits 'error' on the client: without a listener it would crash the app.
    client.on('error', () => this.drop())
    try {
      await client.connect()
    } catch (err) {
      void client.end().catch(() => undefined)
      throw new MetricSourceError(
        `Could not connect to PostgreSQL ${this.s.user}@${this.s.host}:${this.s.port}/${this.s.database}: ${errorText(err)}`,
        { cause: err },
      )
    }
    this.client = client
    return client
  }

  private drop(): void {
    const c = this.client
    this.client = null
    void c?.end().catch(() => undefined)
  }

  async poll(ctx: PollContext): Promise<Sample[]> {
    const client = await this.connect(ctx.timeoutMs)
    const onAbort = (): void => this.drop()
    ctx.signal.addEventListener('abort', onAbort, { once: true })
    try {
      const [overview, byState] = [
        (await client.query<OverviewRow>(OVERVIEW, [this.s.longQuerySec])).rows[0],
        (await client.query<{ state: string; n: number }>(BY_STATE)).rows,
      ]
      if (!overview) throw new MetricSourceError('PostgreSQL returned no statistics row.')
      const samples: Sample[] = [
        { metric: 'pg.connections', value: overview.connections },
        { metric: 'pg.max_connections', value: overview.max_connections },
        {
          metric: 'pg.connections_percent',
          value: (100 * overview.connections) / Math.max(1, overview.max_connections),
        },
        { metric: 'pg.long_queries', value: overview.long_queries },
        { metric: 'pg.longest_query_s', value: overview.longest_query_s },
        { metric: 'pg.db_size_bytes', value: overview.db_size },
      ]
      if (overview.replication_lag_s !== null) {
        samples.push({ metric: 'pg.replication_lag_s', value: overview.replication_lag_s })
      }
      // Every usual state is reported, 0 included, so a chart line drops to 0 instead of stopping.
      const counts = new Map<string, number>([
        ['active', 0],
        ['idle', 0],
        ['idle in transaction', 0],
      ])
      for (const r of byState) counts.set(r.state, r.n)
      for (const [state, n] of counts) samples.push({ metric: stateMetric(state), value: n })
      return samples
    } catch (err) {
      this.drop()
      if (ctx.signal.aborted) throw ctx.signal.reason
      if (err instanceof MetricSourceError) throw err
      throw new MetricSourceError(`PostgreSQL statistics query failed: ${errorText(err)}`, {
        cause: err,
      })
    } finally {
      ctx.signal.removeEventListener('abort', onAbort)
    }
  }

  close(): void {
    this.drop()
    this.address.close()
  }
}
