// One bad Prometheus query no longer stops its source: against a real Prometheus scraping a real
// node_exporter, a source with a good query, a query with a PromQL typo and one returning many
// series keeps sampling the good one (and backfills it), shows each bad query's error on its own
// metric, and picks a fixed query up at the next save. Prometheus itself stopping is still an
// error of the whole source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import type { HttpService } from '../../helpers/services/prometheus'
import {
  latest,
  prometheusMissing as missing,
  startCore,
  startScrapedPrometheus,
  until,
  type ScrapedPrometheus,
} from './helpers'

describe.skipIf(missing)('prometheus: each query keeps its error to itself', () => {
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

  it('samples the good query while the bad ones show their own errors', async () => {
    core = startCore()
    const good = { metric: 'up', promql: 'up{job="node"}' }
    const typo = { metric: 'cpu.idle_rate', promql: 'sum(rate(node_cpu_seconds_total[5s]' }
    const many = { metric: 'cpu.seconds', promql: 'node_cpu_seconds_total' }
    const input = {
      kind: 'prometheus' as const,
      name: 'node',
      url: prom.url,
      backfillMinutes: 1,
      intervalSec: 0.5,
      timeoutSec: 3,
    }
    const source = await core.metrics().save({ ...input, queries: [good, typo, many] })
    const id = source.config.id
    await until(() => latest(core, id, 'up') === 1, 'up == 1 beside two bad queries', 20_000)
    const status = await until(() => {
      const s = core.metrics().get(id).status
      return s.metricErrors.length === 2 ? s : null
    }, 'both query errors')
    // The source works; only the two metrics carry errors, each its own.
    expect(status).toMatchObject({ state: 'ok', lastError: null, failures: 0 })
    const byMetric = new Map(status.metricErrors.map((e) => [e.metric, e.error]))
    expect([...byMetric.keys()].sort()).toEqual(['cpu.idle_rate', 'cpu.seconds'])
    expect(byMetric.get('cpu.idle_rate')).toMatch(/Prometheus refused "sum\(rate/)
    expect(byMetric.get('cpu.seconds')).toMatch(/returns \d+ series; .* sum\(\.\.\.\)/)
    expect(latest(core, id, 'cpu.idle_rate')).toBeUndefined()

    // The good query keeps sampling poll after poll (and its chart was backfilled).
    const first = core.metrics().get(id).status.lastSampleAt ?? 0
    const stored = (): number => core.metrics().series(id, 'up', 0, Date.now() + 1, 1000).stored
    const storedBefore = stored()
    await until(
      () =>
        (core.metrics().get(id).status.lastSampleAt ?? 0) > first + 1_000 &&
        stored() > storedBefore,
      'more polls of the good query',
    )
    expect(core.metrics().get(id).status.metricErrors).toHaveLength(2)

    // Fixing the typo: its metric samples, only the many-series query is left with an error.
    const fixed = { ...typo, promql: 'sum(rate(node_cpu_seconds_total{mode="idle"}[5s]))' }
    await core.metrics().save({ ...input, id, queries: [good, fixed, many] })
    const rate = await until(() => latest(core, id, 'cpu.idle_rate'), 'the fixed query', 20_000)
    expect(rate).toBeGreaterThan(0)
    await until(
      () =>
        core
          .metrics()
          .get(id)
          .status.metricErrors.map((e) => e.metric)
          .join() === 'cpu.seconds',
      'only the many-series error left',
    )

    // Every query failing is the source's error, with each query's error still listed.
    const allBad = await core.metrics().save({
      ...input,
      name: 'all bad',
      queries: [typo, many],
    })
    const failed = await until(() => {
      const s = core.metrics().get(allBad.config.id).status
      return s.state === 'error' ? s : null
    }, 'the all-bad source to fail')
    expect(failed.lastError).toMatch(/^All 2 queries failed\. cpu\.idle_rate: Prometheus refused/)
    expect(failed.metricErrors.map((e) => e.metric).sort()).toEqual([
      'cpu.idle_rate',
      'cpu.seconds',
    ])

    // Prometheus down: the whole source fails (not one query), and no query is blamed.
    await prom.stop()
    const down = await until(() => {
      const s = core.metrics().get(id).status
      return s.state === 'error' ? s : null
    }, 'the source error once Prometheus stopped')
    expect(down.lastError).toMatch(/did not answer/)
    expect(down.metricErrors).toEqual([])
  }, 90_000)
})
