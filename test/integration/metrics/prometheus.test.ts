// Prometheus scraping a real node_exporter: instant queries (`up`, a rate) through the collector
// in the core, and a range query through the client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { PrometheusClient } from '../../../src/main/core/metrics/collectors/prometheusCollector'
import type { HttpService } from '../../helpers/services/prometheus'
import {
  latest,
  prometheusMissing as missing,
  startCore,
  startScrapedPrometheus,
  until,
  type ScrapedPrometheus,
} from './helpers'

describe.skipIf(missing)('prometheus source (real Prometheus + node_exporter)', () => {
  let stack: ScrapedPrometheus | undefined
  let prom: HttpService
  let core: Core
  beforeAll(async () => {
    stack = await startScrapedPrometheus()
    prom = stack.prom
  })
  afterAll(async () => {
    core?.close()
    await stack?.stop()
  })

  it('polls up and a CPU rate, and shows a bad query as the source error', async () => {
    core = startCore()
    const source = await core.metrics().save({
      kind: 'prometheus',
      name: 'node',
      url: prom.url,
      queries: [
        { metric: 'up', promql: 'up{job="node"}' },
        { metric: 'cpu.idle_rate', promql: 'sum(rate(node_cpu_seconds_total{mode="idle"}[5s]))' },
      ],
      backfillMinutes: 0,
      intervalSec: 0.5,
      timeoutSec: 3,
    })
    const id = source.config.id
    // The first scrape lands after ~1 s and a rate needs two: wait for both values.
    await until(() => latest(core, id, 'up') === 1, 'up == 1', 20_000)
    const rate = await until(() => latest(core, id, 'cpu.idle_rate'), 'a CPU idle rate', 20_000)
    // Idle seconds per second over all CPUs: between 0 and the number of CPUs (with slack).
    expect(rate).toBeGreaterThan(0)
    expect(rate).toBeLessThan(64)
    expect(core.metrics().get(id).status).toMatchObject({ state: 'ok', lastError: null })

    const bad = await core.metrics().save({
      kind: 'prometheus',
      name: 'typo',
      url: prom.url,
      queries: [{ metric: 'x', promql: 'sum(rate(node_cpu_seconds_total[5s]' }],
      backfillMinutes: 0,
      intervalSec: 0.5,
      timeoutSec: 3,
    })
    const err = await until(
      () => core.metrics().get(bad.config.id).status.lastError,
      'the query error',
    )
    expect(err).toMatch(/Prometheus refused "sum\(rate/)
    const many = await core.metrics().save({
      kind: 'prometheus',
      name: 'many series',
      url: prom.url,
      queries: [{ metric: 'x', promql: 'node_cpu_seconds_total' }],
      backfillMinutes: 0,
      intervalSec: 0.5,
      timeoutSec: 3,
    })
    expect(
      await until(() => core.metrics().get(many.config.id).status.lastError, 'the series error'),
    ).toMatch(/returns \d+ series; .* sum\(\.\.\.\)/)
  })

  it('answers range queries over the HTTP API; a new source backfills its chart', async () => {
    const client = new PrometheusClient(null, prom.url, null)
    // Prometheus starts scraping a few seconds after it is ready: ask until history exists.
    let to = Date.now()
    let points: { at: number; value: number }[] = []
    for (let i = 0; i < 30 && points.length < 4; i++) {
      if (i) await new Promise((r) => setTimeout(r, 500))
      to = Date.now()
      points = await client.range('up{job="node"}', to - 10_000, to, 1, AbortSignal.timeout(5_000))
    }
    expect(points.length).toBeGreaterThanOrEqual(4)
    expect(points.every((p) => p.value === 1)).toBe(true)
    expect(points[0]!.at).toBeGreaterThanOrEqual(to - 10_000)
    client.close()

    // A new source fills its chart from a range query: points from before it existed.
    core ??= startCore()
    const created = Date.now()
    const backfilled = await core.metrics().save({
      kind: 'prometheus',
      name: 'node (backfilled)',
      url: prom.url,
      queries: [{ metric: 'up', promql: 'up{job="node"}' }],
      backfillMinutes: 1,
      intervalSec: 1,
      timeoutSec: 3,
    })
    await until(() => latest(core, backfilled.config.id, 'up') === 1, 'the first poll')
    const history = core.metrics().series(backfilled.config.id, 'up', 0, created - 1, 1000)
    expect(history.stored).toBeGreaterThanOrEqual(3)
    expect(history.points.every((p) => p.value === 1)).toBe(true)
  })
})
