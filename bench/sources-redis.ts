// 20 Redis sources polled at 1 Hz through the whole core (collector, runner, sample store,
// thresholds, the celery queue's length) against one local redis-server, vs. the same commands
// sent bare with node-redis by 20 clients on 1 s timers (INFO, TYPE celery, LLEN celery). Both
// run in this process one after the other, measured with process.cpuUsage() over the same
// window after a warm-up. SITREP_BENCH_REDIS_SECONDS shortens or lengthens the window.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createClient } from 'redis'
import { Core } from '../src/main/core/core'
import { startRedis } from '../test/helpers/services/redis'
import { type Benchmark, type Figure, median, withTempDirAsync } from './harness'

const SOURCES = 20
const SECONDS = Number(process.env.SITREP_BENCH_REDIS_SECONDS ?? 30)
/** Ours and the bare clients alternate, so a busy moment of the machine hits both alike. */
const ROUNDS = Number(process.env.SITREP_BENCH_REDIS_ROUNDS ?? 3)
const WARMUP_MS = 5_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** CPU of this process over `seconds`, as % of one core. */
async function cpuOver(seconds: number): Promise<{ percent: number; from: number; to: number }> {
  await sleep(WARMUP_MS)
  const from = Date.now()
  const c0 = process.cpuUsage()
  await sleep(seconds * 1000)
  const c = process.cpuUsage(c0)
  const to = Date.now()
  return { percent: (100 * (c.user + c.system)) / 1000 / (to - from), from, to }
}

export const sourcesRedis: Benchmark = {
  name: 'sources-redis-20',
  description: `${SOURCES} Redis sources at 1 Hz in the core (node-redis over loopback to Debian's redis-server with a backed-up celery list of 10 000 tasks): INFO plus the celery queue's TYPE and LLEN per poll, samples stored, thresholds judged. Raw baseline: the same three commands sent bare by ${SOURCES} node-redis clients on 1 s timers, nothing parsed or stored. CPU of the measuring process (process.cpuUsage) over ${SECONDS} s after a ${WARMUP_MS / 1000} s warm-up, in one process; ${ROUNDS} rounds of ours then bare, medians with the range. Polls stored per second (the celery queue's samples) vs. the 20/s the sources should make.`,
  howToRead:
    'The ratio is what Sitrep adds over bare client calls (parsing INFO, rates, SQLite writes, thresholds); read the absolute % of a core too — both are small. Polls per second near 20 means no source fell behind.',
  async run(): Promise<Figure[]> {
    const redis = await startRedis()
    try {
      const seed = createClient({ socket: { host: redis.host, port: redis.port } })
      seed.on('error', () => undefined)
      await seed.connect()
      for (let i = 0; i < 10; i++) {
        await seed.sendCommand([
          'LPUSH',
          'celery',
          ...Array.from({ length: 1_000 }, (_, k) => `task-${i}-${k}`),
        ])
      }
      await seed.close()

      const ours = async () =>
        withTempDirAsync(async (dir) => {
          const core = new Core({
            dataDir: dir,
            shell: 'headless',
            version: 'bench',
            backupIntervalMs: 0,
            userKnownHosts: join(dir, 'none'),
          })
          core.start()
          try {
            for (let i = 0; i < SOURCES; i++) {
              await core.metrics().save({
                kind: 'redis',
                name: `cache-${i}`,
                host: redis.host,
                port: redis.port,
                intervalSec: 1,
                timeoutSec: 2,
              })
            }
            const cpu = await cpuOver(SECONDS)
            core.metrics().samples.flush()
            const db = new Database(join(dir, 'sitrep.db'), { readonly: true })
            const polls = db
              .prepare(
                "SELECT count(*) AS n FROM metric_samples WHERE metric = 'redis.queue.celery' AND at BETWEEN ? AND ?",
              )
              .get(cpu.from, cpu.to) as { n: number }
            db.close()
            return { cpu: cpu.percent, pollsPerSec: polls.n / ((cpu.to - cpu.from) / 1000) }
          } finally {
            core.close()
          }
        })

      const bare = async (): Promise<number> => {
        const clients = await Promise.all(
          Array.from({ length: SOURCES }, async () => {
            const c = createClient({ socket: { host: redis.host, port: redis.port }, RESP: 3 })
            c.on('error', () => undefined)
            await c.connect()
            return c
          }),
        )
        const timers = clients.map((c, i) =>
          setTimeout(
            function tick() {
              void (async () => {
                await c.sendCommand(['INFO'])
                await c.sendCommand(['TYPE', 'celery'])
                await c.sendCommand(['LLEN', 'celery'])
              })()
              timers[i] = setTimeout(tick, 1_000)
            },
            (i * 1000) / SOURCES,
          ),
        )
        try {
          return (await cpuOver(SECONDS)).percent
        } finally {
          for (const t of timers) clearTimeout(t)
          await Promise.all(clients.map((c) => c.close()))
        }
      }

      const oursCpu: number[] = []
      const oursPolls: number[] = []
      const bareCpu: number[] = []
      for (let r = 0; r < ROUNDS; r++) {
        const o = await ours()
        oursCpu.push(o.cpu)
        oursPolls.push(o.pollsPerSec)
        bareCpu.push(await bare())
      }
      return [
        {
          label: `CPU with ${SOURCES} Redis sources at 1 Hz`,
          value: median(oursCpu),
          unit: '% of a core',
          baselineLabel: `the same INFO/TYPE/LLEN sent bare by ${SOURCES} node-redis clients`,
          baselineValue: median(bareCpu),
          higherIsBetter: false,
          samples: oursCpu,
          baselineSamples: bareCpu,
        },
        {
          label: 'polls stored per second (celery queue samples)',
          value: median(oursPolls),
          unit: 'polls/s',
          baselineLabel: `expected (${SOURCES} sources × 1 Hz)`,
          baselineValue: SOURCES,
          higherIsBetter: true,
          samples: oursPolls,
        },
      ]
    } finally {
      await redis.stop()
    }
  },
}
