// The Redis metrics source against Debian's real redis-server: the figures match what INFO says
// after known load (LPUSH to celery, GETs that hit and miss, SETs past maxmemory that evict), a
// stream's pending entries, thresholds crossing onto an open incident's timeline, password and
// ACL auth with the password sealed, TLS with the server's CA, and a source through an SSH host.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import type { Sample } from '../../../src/main/core/metrics/collector'
import { RedisCollector } from '../../../src/main/core/metrics/collectors/redisCollector'
import { parseInfo } from '../../../src/main/core/redis/infoMetrics'
import type { ThresholdCrossing } from '../../../src/shared/contract'
import { saveSshHost } from '../../helpers/core'
import { startRedis, REDIS_REQUIREMENT, type RedisServer } from '../../helpers/services/redis'
import { requireBinaries } from '../../helpers/services/require'
import { startSshd, type Sshd } from '../../helpers/services/sshd'
import { latest, startCore, until } from '../metrics/helpers'

const missing = requireBinaries([
  REDIS_REQUIREMENT,
  { name: 'sshd', path: '/usr/sbin/sshd', aptPackage: 'openssh-server' },
  { name: 'openssl', path: '/usr/bin/openssl', aptPackage: 'openssl' },
])

const value = (samples: Sample[], metric: string): number | undefined =>
  samples.find((s) => s.metric === metric)?.value

/** The part of a node-redis client the load side uses. */
interface Client {
  sendCommand(args: string[]): Promise<unknown>
  close(): Promise<void>
}

async function clientFor(
  server: RedisServer,
  auth: { username?: string; password?: string } = {},
): Promise<Client> {
  const c = createClient({ socket: { host: server.host, port: server.port }, RESP: 3, ...auth })
  c.on('error', () => undefined)
  await c.connect()
  return c
}

async function infoOf(c: Client): Promise<Map<string, string>> {
  return parseInfo(String(await c.sendCommand(['INFO'])))
}

describe.skipIf(missing)('redis source (real redis-server)', () => {
  let plain: RedisServer
  let authed: RedisServer
  let sshd: Sshd
  const clients: Client[] = []
  beforeAll(async () => {
    ;[plain, authed, sshd] = await Promise.all([
      startRedis({ config: ['maxmemory-policy allkeys-lru'] }),
      startRedis({ password: 'default-pw-1', aclUsers: { celery: 'acl-pw-2' }, tls: true }),
      startSshd(),
    ])
  })
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close().catch(() => undefined)))
    await Promise.all([plain?.stop(), authed?.stop(), sshd?.stop()])
  })

  it('reports what INFO says: queue lengths, hit ratio, ops/s, evictions, memory, persistence', async () => {
    const load = await clientFor(plain)
    clients.push(load)
    let clock = 1_000_000
    const collector = new RedisCollector(null, {
      host: plain.host,
      port: plain.port,
      tls: false,
      tlsCaPath: '',
      user: '',
      password: null,
      db: 0,
      keys: ['celery', 'jobs', 'absent-queue', 'a-hash'],
      via: null,
    })
    const poll = async () => {
      const r = await collector.poll({
        signal: new AbortController().signal,
        timeoutMs: 5_000,
        now: () => clock,
      })
      return Array.isArray(r)
        ? { samples: r, errors: [] }
        : { samples: r.samples, errors: r.metricErrors }
    }
    try {
      // Seed 000's backed-up Celery queue, a stream with a group that has read 3 of 5 entries.
      for (let i = 0; i < 250; i++) await load.sendCommand(['LPUSH', 'celery', `task-${i}`])
      for (let i = 0; i < 5; i++) await load.sendCommand(['XADD', 'jobs', '*', 'n', String(i)])
      await load.sendCommand(['XGROUP', 'CREATE', 'jobs', 'workers', '0'])
      await load.sendCommand([
        'XREADGROUP',
        'GROUP',
        'workers',
        'w1',
        'COUNT',
        '3',
        'STREAMS',
        'jobs',
        '>',
      ])
      await load.sendCommand(['HSET', 'a-hash', 'f', 'v'])
      await load.sendCommand(['SET', 'present', 'x'])

      const first = await poll()
      expect(value(first.samples, 'redis.queue.celery')).toBe(250)
      expect(value(first.samples, 'redis.queue.jobs')).toBe(5)
      expect(value(first.samples, 'redis.stream_pending.jobs')).toBe(3)
      expect(value(first.samples, 'redis.queue.absent-queue')).toBe(0)
      // A hash has no queue length: that metric says why, the others keep sampling.
      expect(first.errors).toEqual([expect.objectContaining({ metric: 'redis.queue.a-hash' })])
      expect(value(first.samples, 'redis.ops_per_sec')).toBeUndefined() // a rate needs two polls
      expect(value(first.samples, 'redis.replica')).toBe(0)
      expect(value(first.samples, 'redis.rdb_last_bgsave_ok')).toBe(1)
      expect(value(first.samples, 'redis.keys')).toBe(4)

      // Exactly 40 commands in 2 s, 30 hits and 10 misses: Sitrep's own TYPE/LLEN/XLEN/XINFO
      // are taken out, so the figures are the load's alone.
      for (let i = 0; i < 30; i++) await load.sendCommand(['GET', 'present'])
      for (let i = 0; i < 10; i++) await load.sendCommand(['GET', `missing-${i}`])
      clock += 2_000
      const second = await poll()
      expect(value(second.samples, 'redis.ops_per_sec')).toBe(20)
      expect(value(second.samples, 'redis.hit_ratio_percent')).toBe(75)
      expect(value(second.samples, 'redis.evicted_keys_per_sec')).toBe(0)

      // Past maxmemory with allkeys-lru: keys are evicted, and the rate says how many per second.
      const before = await infoOf(load)
      const used = Number(before.get('used_memory'))
      await load.sendCommand(['CONFIG', 'SET', 'maxmemory', String(used + 512 * 1024)])
      const big = 'x'.repeat(10_000)
      for (let i = 0; i < 200; i++) await load.sendCommand(['SET', `fill-${i}`, big])
      clock += 4_000
      const third = await poll()
      const info = await infoOf(load)
      const evicted = Number(info.get('evicted_keys'))
      expect(evicted).toBeGreaterThan(0)
      expect(value(third.samples, 'redis.evicted_keys_per_sec')).toBe(evicted / 4)
      expect(value(third.samples, 'redis.maxmemory_bytes')).toBe(Number(info.get('maxmemory')))
      const percent = (100 * Number(info.get('used_memory'))) / Number(info.get('maxmemory'))
      expect(Math.abs(value(third.samples, 'redis.memory_percent')! - percent)).toBeLessThan(2)
      expect(value(third.samples, 'redis.memory_percent')).toBeGreaterThan(80)
      expect(value(third.samples, 'redis.clients_connected')).toBe(
        Number(info.get('connected_clients')),
      )
    } finally {
      collector.close()
      await load.sendCommand(['CONFIG', 'SET', 'maxmemory', '0'])
      await load.sendCommand(['FLUSHALL'])
    }
  })

  it('crosses thresholds onto the open incident: the Celery queue backs up, memory nears maxmemory', async () => {
    const core: Core = startCore()
    const load = await clientFor(plain)
    clients.push(load)
    try {
      const incident = core.incidents().incidents.declare({
        title: 'RefNet: summaries not generated',
        severity: 'P2',
        services: ['summarizer'],
        impactScope: 'core',
        detection: 'monitoring-alert',
      })
      const crossings: ThresholdCrossing[] = []
      core.events.on('metrics.threshold', (c) => crossings.push(c))
      const saved = await core.metrics().save({
        kind: 'redis',
        name: 'refnet redis',
        host: plain.host,
        port: plain.port,
        intervalSec: 0.25,
        timeoutSec: 3,
      })
      const id = saved.config.id
      expect(saved.config).toMatchObject({
        keys: ['celery'],
        production: false,
        hasPassword: false,
      })
      await until(() => latest(core, id, 'redis.queue.celery') === 0, 'an empty celery queue')

      // The seed's default line for a queue: warning above 1 000 waiting tasks.
      await load.sendCommand([
        'LPUSH',
        'celery',
        ...Array.from({ length: 1_500 }, (_, i) => `t${i}`),
      ])
      const queue = await until(
        () => crossings.find((c) => c.metric === 'redis.queue.celery' && c.to === 'warning'),
        'the queue crossing',
      )
      expect(queue).toMatchObject({ value: 1_500, threshold: 1_000, incidentIds: [incident.id] })

      // Memory at about 90 % of maxmemory (noeviction): the seed's 85 % warning line.
      const used = Number((await infoOf(load)).get('used_memory'))
      await load.sendCommand(['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'])
      await load.sendCommand(['CONFIG', 'SET', 'maxmemory', String(Math.round(used / 0.9))])
      await until(
        () => crossings.find((c) => c.metric === 'redis.memory_percent' && c.to === 'warning'),
        'the memory crossing',
      )
      const events = core.data
        .require()
        .timeline.list(incident.id, { limit: 1000 })
        .filter((e) => e.kind === 'metric.threshold')
      expect(events.map((e) => e.payload.metric)).toEqual(
        expect.arrayContaining(['redis.queue.celery', 'redis.memory_percent']),
      )
      expect(core.data.require().timeline.verify(incident.id).intact).toBe(true)
    } finally {
      core.close()
      await load.sendCommand(['CONFIG', 'SET', 'maxmemory', '0'])
      await load.sendCommand(['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'])
      await load.sendCommand(['FLUSHALL'])
    }
  })

  it('authenticates with a password or an ACL user over TLS; the password is sealed, a wrong one is said plainly', async () => {
    const core = startCore()
    try {
      const common = {
        kind: 'redis' as const,
        host: 'localhost',
        port: authed.tlsPort!,
        tls: true,
        tlsCaPath: authed.caPath!,
        intervalSec: 0.25,
        timeoutSec: 3,
      }
      const acl = await core
        .metrics()
        .save({ ...common, name: 'acl', user: 'celery', password: 'acl-pw-2' })
      const requirepass = await core
        .metrics()
        .save({ ...common, name: 'default user', password: 'default-pw-1' })
      const wrong = await core
        .metrics()
        .save({ ...common, name: 'wrong', user: 'celery', password: 'nope' })
      await until(
        () => latest(core, acl.config.id, 'redis.clients_connected'),
        'the ACL user reading',
      )
      await until(
        () => latest(core, requirepass.config.id, 'redis.clients_connected'),
        'the requirepass reading',
      )
      const failed = await until(() => {
        const s = core.metrics().get(wrong.config.id).status
        return s.state === 'error' ? s : undefined
      }, 'the wrong password failing')
      expect(failed.lastError).toMatch(/WRONGPASS|invalid username-password/)
      expect(failed.lastError).toMatch(/Check the user and password/)

      // The password is in the sealed secrets table, never in the source's row or its view.
      expect(acl.config).toMatchObject({ hasPassword: true, user: 'celery' })
      expect(JSON.stringify(core.metrics().list())).not.toContain('acl-pw-2')
      const rows = core.data.require().db.prepare('SELECT config FROM metric_sources').all() as {
        config: string
      }[]
      expect(rows.map((r) => r.config).join('\n')).not.toMatch(/acl-pw-2|default-pw-1/)

      // Without the CA, the server's certificate is refused: TLS is really checked.
      const untrusted = await core
        .metrics()
        .save({ ...common, tlsCaPath: '', name: 'no CA', password: 'default-pw-1' })
      const refused = await until(() => {
        const s = core.metrics().get(untrusted.config.id).status
        return s.state === 'error' ? s : undefined
      }, 'the unknown CA refused')
      expect(refused.lastError).toMatch(/certificate/i)
    } finally {
      core.close()
    }
  })

  it('reaches a Redis through an SSH host (a tunnel from the pooled connection)', async () => {
    const core = startCore({ trustUnknownHosts: true })
    const load = await clientFor(plain)
    clients.push(load)
    try {
      const target = saveSshHost(core, sshd, 'cache-host')
      await load.sendCommand(['LPUSH', 'celery', 'a', 'b', 'c'])
      const saved = await core.metrics().save({
        kind: 'redis',
        name: 'redis via ssh',
        host: '127.0.0.1',
        port: plain.port,
        via: target.id,
        intervalSec: 0.25,
        timeoutSec: 5,
      })
      await until(
        () => latest(core, saved.config.id, 'redis.queue.celery') === 3,
        'the tunnelled reading',
        20_000,
      )
      // The connection came through sshd's login, named as Sitrep's poller on the Redis side.
      expect(readFileSync(sshd.logPath, 'utf8')).toMatch(/Accepted publickey/)
      const list = String(await load.sendCommand(['CLIENT', 'LIST']))
      expect(list).toMatch(/name=sitrep-metrics/)
    } finally {
      core.close()
      await load.sendCommand(['FLUSHALL'])
    }
  })
})

describe.skipIf(missing)('redis source: replication and persistence (real redis-servers)', () => {
  let primary: RedisServer
  let replica: RedisServer
  beforeAll(async () => {
    primary = await startRedis()
    replica = await startRedis({ config: [`replicaof 127.0.0.1 ${primary.port}`] })
  })
  afterAll(async () => {
    await Promise.all([replica?.stop(), primary?.stop()])
  })

  const collectorFor = (server: RedisServer) =>
    new RedisCollector(null, {
      host: server.host,
      port: server.port,
      tls: false,
      tlsCaPath: '',
      user: '',
      password: null,
      db: 0,
      keys: [],
      via: null,
    })
  const pollOnce = async (c: RedisCollector): Promise<Sample[]> => {
    const r = await c.poll({
      signal: new AbortController().signal,
      timeoutMs: 5_000,
      now: Date.now,
    })
    return Array.isArray(r) ? r : r.samples
  }

  /** Polls until `probe` gives a value (the shared `until` takes synchronous probes). */
  const untilPolled = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    const start = Date.now()
    for (;;) {
      const v = await probe()
      if (v !== undefined) return v
      if (Date.now() - start > 15_000) throw new Error(`timed out waiting for ${what}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  it('reports the role, the replica link and the lag from both sides', async () => {
    const onPrimary = collectorFor(primary)
    const onReplica = collectorFor(replica)
    try {
      const linked = await untilPolled(async () => {
        const s = await pollOnce(onReplica)
        return value(s, 'redis.master_link_up') === 1 ? s : undefined
      }, 'the replica linked')
      expect(value(linked, 'redis.replica')).toBe(1)
      expect(value(linked, 'redis.replication_lag_s')).toBeGreaterThanOrEqual(0)
      const p = await untilPolled(async () => {
        const s = await pollOnce(onPrimary)
        return value(s, 'redis.connected_replicas') === 1 ? s : undefined
      }, 'the primary seeing its replica')
      expect(value(p, 'redis.replica')).toBe(0)
      expect(value(p, 'redis.replication_lag_s')).toBeGreaterThanOrEqual(0)
    } finally {
      onPrimary.close()
      onReplica.close()
    }
  })

  it('crosses to critical on the timeline when a background save fails', async () => {
    // Redis saves into a folder of its own that then disappears (a full or unmounted volume in
    // real life): the next BGSAVE fails and INFO says rdb_last_bgsave_status:err.
    const saveDir = mkdtempSync(join(tmpdir(), 'sitrep-redis-save-'))
    const saver = await startRedis({ config: [`dir ${saveDir}`] })
    const core = startCore()
    const admin = await clientFor(saver)
    try {
      const incident = core.incidents().incidents.declare({
        title: 'Shodo: Redis cannot save',
        severity: 'P3',
        services: ['shodo'],
        impactScope: 'auxiliary',
        detection: 'monitoring-alert',
      })
      const saved = await core.metrics().save({
        kind: 'redis',
        name: 'shodo redis',
        host: saver.host,
        port: saver.port,
        keys: [],
        intervalSec: 0.25,
        timeoutSec: 3,
      })
      await until(
        () => latest(core, saved.config.id, 'redis.rdb_last_bgsave_ok') === 1,
        'a good save status',
      )
      rmSync(saveDir, { recursive: true })
      await admin.sendCommand(['SET', 'k', 'v'])
      await admin.sendCommand(['BGSAVE'])
      const crossing = await until(
        () =>
          core.data
            .require()
            .timeline.list(incident.id, { limit: 100 })
            .find(
              (e) =>
                e.kind === 'metric.threshold' && e.payload.metric === 'redis.rdb_last_bgsave_ok',
            ),
        'the failed save on the timeline',
      )
      expect(crossing.payload).toMatchObject({ from: 'normal', to: 'critical', value: 0 })
      expect(String((await infoOf(admin)).get('rdb_last_bgsave_status'))).toBe('err')
    } finally {
      core.close()
      await admin.close()
      await saver.stop()
      rmSync(saveDir, { recursive: true, force: true })
    }
  })
})
