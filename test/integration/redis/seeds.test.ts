// The seeds' Redis checks, as written, against what the Redis source reports. Seed 000 (RefNet)
// checks `redis-cli info | grep -E "connected_clients|used_memory|keyspace"` and `redis-cli llen
// celery`: its commands run here with redis-cli against a real redis-server holding a backed-up
// celery queue, and the source must show the same queue length and key count. Seed 004's
// threshold table gives the memory lines the source's default threshold uses. Needs the seed
// folder (../shared/seeds) and redis-cli; says so when either is missing (CI fails instead).
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RedisCollector } from '../../../src/main/core/metrics/collectors/redisCollector'
import { DEFAULT_THRESHOLDS } from '../../../src/main/core/metrics/thresholds'
import { parseInfo } from '../../../src/main/core/redis/infoMetrics'
import { REDIS_REQUIREMENT, startRedis, type RedisServer } from '../../helpers/services/redis'
import { requireBinaries } from '../../helpers/services/require'
import { readSeed, seedsPresent } from '../../unit/runbooks/seedFiles'

const run = promisify(execFile)

const missing = !seedsPresent
  ? 'the seed runbooks are not beside the repo (../shared/seeds)'
  : requireBinaries([
      REDIS_REQUIREMENT,
      { name: 'redis-cli', path: '/usr/bin/redis-cli', aptPackage: 'redis-tools' },
    ])

/** The seed's redis-cli commands, without the `docker-compose exec redis` in front. */
function seedRedisCommands(text: string): string[][] {
  return [...text.matchAll(/docker-compose exec redis redis-cli ([^|\n]+)/g)].map((m) =>
    (m[1] as string).trim().split(/\s+/),
  )
}

describe.skipIf(missing)(
  `seed 000 and 004: Redis checks as the runbooks write them${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let redis: RedisServer
    beforeAll(async () => {
      redis = await startRedis()
    })
    afterAll(async () => {
      await redis?.stop()
    })

    it("shows the queue length and keyspace seed 000's redis-cli commands print", async () => {
      const seed = readSeed('000').bytes.toString('utf8')
      const commands = seedRedisCommands(seed)
      expect(commands).toEqual([['info'], ['llen', 'celery']])
      const cli = (args: string[]) =>
        run('/usr/bin/redis-cli', ['-h', redis.host, '-p', String(redis.port), ...args], {
          env: { PATH: '/usr/bin:/bin', HOME: redis.dir },
        }).then((r) => r.stdout)
      // A backed-up queue: the summarizer stopped taking tasks.
      await cli(['rpush', 'celery', ...Array.from({ length: 420 }, (_, i) => `task-${i}`)])
      await cli(['set', 'refnet:cache:1', 'x'])

      const [info, llen] = [await cli(commands[0] as string[]), await cli(commands[1] as string[])]
      const collector = new RedisCollector(null, {
        host: redis.host,
        port: redis.port,
        tls: false,
        tlsCaPath: '',
        user: '',
        password: null,
        db: 0,
        // The source's default queue is the seed's.
        keys: ['celery'],
        via: null,
      })
      try {
        const polled = await collector.poll({
          signal: new AbortController().signal,
          timeoutMs: 5_000,
          now: Date.now,
        })
        const samples = Array.isArray(polled) ? polled : polled.samples
        const value = (m: string) => samples.find((s) => s.metric === m)?.value
        expect(value('redis.queue.celery')).toBe(Number(llen.trim()))
        expect(value('redis.queue.celery')).toBe(420)
        const seen = parseInfo(info)
        const keys = Number(/keys=(\d+)/.exec(seen.get('db0') ?? '')?.[1])
        expect(value('redis.keys')).toBe(keys)
        // used_memory moves a little between two INFOs; the same order of magnitude is the check.
        const used = Number(seen.get('used_memory'))
        expect(Math.abs(value('redis.used_memory_bytes')! - used) / used).toBeLessThan(0.2)
      } finally {
        collector.close()
      }
    })

    it("uses seed 004's memory lines for Redis memory", () => {
      const seed = readSeed('004').bytes.toString('utf8')
      const row =
        /\|\s*メモリ使用率\s*\|\s*<\s*(\d+)%\s*\|\s*>\s*(\d+)%\s*\|\s*>\s*(\d+)%\s*\|/.exec(seed)
      expect(row, 'the memory row of the threshold table').not.toBeNull()
      const [normal, warning, critical] = (row as RegExpExecArray).slice(1).map(Number)
      expect(DEFAULT_THRESHOLDS.find((t) => t.metric === 'redis.memory_percent')).toMatchObject({
        normal,
        warning,
        critical,
        direction: 'above',
      })
    })
  },
)
