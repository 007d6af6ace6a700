// What a Redis source reports, read from `INFO` (the seeds' `redis-cli info`): memory against
// maxmemory, clients, rejected connections, ops/s, keyspace hit ratio, evicted and expired keys/s,
// replication role and lag, persistence status. Rates are counter deltas between two polls;
// Sitrep's own commands are taken out of them so a quiet server reads 0 ops/s, not the poller.
/** One reading, as the metrics domain's collectors return them. */
export interface Sample {
  metric: string
  value: number
}

export type Info = Map<string, string>

/** `# Section` headers and `key:value` lines; the keyspace's `db0:keys=1,...` kept as text. */
export function parseInfo(text: string): Info {
  const out: Info = new Map()
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const i = line.indexOf(':')
    if (i > 0) out.set(line.slice(0, i), line.slice(i + 1))
  }
  return out
}

/** `a=1,b=two` (keyspace and replica lines) as a map. */
export function parseFields(value: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of value.split(',')) {
    const i = part.indexOf('=')
    if (i > 0) out.set(part.slice(0, i), part.slice(i + 1))
  }
  return out
}

function num(info: Info, key: string): number | null {
  const v = info.get(key)
  if (v === undefined || v.trim() === '') return null
  const n = Number(v)
  return Number.isFinite(n) ? n : null
}

/** The counters rates are computed from, and Sitrep's own share of them since the last poll. */
export interface Counters {
  at: number
  commands: number
  hits: number
  misses: number
  evicted: number
  expired: number
  rejected: number
}

export interface OwnTraffic {
  /** Commands Sitrep sent since the previous INFO, that INFO included (it counts itself after). */
  commands: number
  hits: number
  misses: number
}

export function countersOf(info: Info, at: number): Counters {
  return {
    at,
    commands: num(info, 'total_commands_processed') ?? 0,
    hits: num(info, 'keyspace_hits') ?? 0,
    misses: num(info, 'keyspace_misses') ?? 0,
    evicted: num(info, 'evicted_keys') ?? 0,
    expired: num(info, 'expired_keys') ?? 0,
    rejected: num(info, 'rejected_connections') ?? 0,
  }
}

/**
 * The samples of one INFO. `prev` is the previous poll's counters (null on the first poll, or
 * after a restart of the server, when counters went backwards): rates start at the second poll.
 */
export function infoSamples(
  info: Info,
  now: Counters,
  prev: Counters | null,
  own: OwnTraffic,
): Sample[] {
  const s: Sample[] = []
  const put = (metric: string, value: number | null): void => {
    if (value !== null && Number.isFinite(value)) s.push({ metric, value })
  }

  // Memory: against maxmemory when one is set; without a limit Redis grows until the machine's
  // memory runs out, so the share of the machine's memory is what the responder watches then.
  const used = num(info, 'used_memory')
  const max = num(info, 'maxmemory') ?? 0
  const system = num(info, 'total_system_memory') ?? 0
  put('redis.used_memory_bytes', used)
  put('redis.maxmemory_bytes', max)
  if (used !== null && (max > 0 || system > 0)) {
    put('redis.memory_percent', (100 * used) / (max > 0 ? max : system))
  }

  put('redis.clients_connected', num(info, 'connected_clients'))
  put('redis.clients_blocked', num(info, 'blocked_clients'))
  put('redis.rejected_connections', num(info, 'rejected_connections'))

  let keys = 0
  for (const [k, v] of info) {
    if (/^db\d+$/.test(k)) keys += Number(parseFields(v).get('keys') ?? 0) || 0
  }
  put('redis.keys', keys)

  const restarted =
    prev !== null &&
    (now.commands < prev.commands || now.hits < prev.hits || now.evicted < prev.evicted)
  if (prev && !restarted && now.at > prev.at) {
    const sec = (now.at - prev.at) / 1000
    const rate = (d: number): number => Math.max(0, d) / sec
    put('redis.ops_per_sec', rate(now.commands - prev.commands - own.commands))
    put('redis.evicted_keys_per_sec', rate(now.evicted - prev.evicted))
    put('redis.expired_keys_per_sec', rate(now.expired - prev.expired))
    put('redis.rejected_connections_per_sec', rate(now.rejected - prev.rejected))
    const hits = now.hits - prev.hits - own.hits
    const misses = now.misses - prev.misses - own.misses
    // No lookups in the interval: the ratio is undefined, and the chart shows a gap, not 0 %.
    if (hits + misses > 0)
      put('redis.hit_ratio_percent', (100 * Math.max(0, hits)) / (hits + misses))
  } else if (now.hits + now.misses > 0) {
    // First poll: the ratio since the server started, until there is an interval to measure.
    put('redis.hit_ratio_percent', (100 * now.hits) / (now.hits + now.misses))
  }

  // Replication: role, replicas and lag seen from either side.
  const role = info.get('role')
  put('redis.replica', role === 'slave' ? 1 : 0)
  if (role === 'slave') {
    put('redis.master_link_up', info.get('master_link_status') === 'up' ? 1 : 0)
    put('redis.replication_lag_s', num(info, 'master_last_io_seconds_ago'))
  } else {
    put('redis.connected_replicas', num(info, 'connected_slaves'))
    let lag: number | null = null
    for (const [k, v] of info) {
      if (!/^slave\d+$/.test(k)) continue
      const l = Number(parseFields(v).get('lag'))
      if (Number.isFinite(l)) lag = Math.max(lag ?? 0, l)
    }
    put('redis.replication_lag_s', lag)
  }

  // Persistence: the last RDB save and AOF rewrite worked (1) or failed (0).
  const bgsave = info.get('rdb_last_bgsave_status')
  if (bgsave) put('redis.rdb_last_bgsave_ok', bgsave === 'ok' ? 1 : 0)
  put('redis.rdb_changes_since_last_save', num(info, 'rdb_changes_since_last_save'))
  put('redis.rdb_bgsave_in_progress', num(info, 'rdb_bgsave_in_progress'))
  const aofEnabled = num(info, 'aof_enabled')
  put('redis.aof_enabled', aofEnabled)
  if (aofEnabled === 1) {
    const rewrite = info.get('aof_last_bgrewrite_status')
    if (rewrite) put('redis.aof_last_rewrite_ok', rewrite === 'ok' ? 1 : 0)
    const write = info.get('aof_last_write_status')
    if (write) put('redis.aof_last_write_ok', write === 'ok' ? 1 : 0)
    put('redis.aof_rewrite_in_progress', num(info, 'aof_rewrite_in_progress'))
  }
  return s
}

/** A key name as part of a metric name: characters a metric name cannot hold become `_`. */
export function keyMetric(prefix: string, key: string): string {
  return `${prefix}.${key.replace(/[^A-Za-z0-9_.:/-]/g, '_').slice(0, 100)}`
}
