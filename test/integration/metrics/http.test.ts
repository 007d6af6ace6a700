// HTTP health checks through the whole core against a real HTTP server on loopback: latency and
// error-rate thresholds with hysteresis land on an open incident's timeline and as contract
// events; a backend that hangs times out and backs off without delaying a healthy source.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import type { ThresholdCrossing } from '../../../src/shared/contract'
import { startHttpFixture, type HttpFixture } from '../../helpers/services/httpFixture'
import { latest, startCore, until } from './helpers'

describe('http health source (real HTTP server)', () => {
  let api: HttpFixture
  let hung: HttpFixture
  let core: Core
  beforeAll(async () => {
    ;[api, hung] = await Promise.all([startHttpFixture(), startHttpFixture({ hang: true })])
  })
  afterEach(() => core?.close())
  afterAll(async () => {
    await Promise.all([api?.stop(), hung?.stop()])
  })

  it('writes threshold crossings with hysteresis on the open incident, both ways', async () => {
    core = startCore()
    const incident = core.incidents().incidents.declare({
      title: 'TODO API slow',
      severity: 'P3',
      services: ['todo-api'],
      impactScope: 'core',
      detection: 'monitoring-alert',
    })
    // Lines scaled down so the test runs in seconds: normal < 60 ms, warning > 120, critical > 400.
    core.metrics().setThresholds([
      ...core
        .metrics()
        .thresholds()
        .filter((t) => t.metric !== 'http.latency_ms'),
      {
        metric: 'http.latency_ms',
        sourceId: null,
        direction: 'above',
        normal: 60,
        warning: 120,
        critical: 400,
        hysteresis: 0.05,
        suggestSeverity: true,
      },
    ])
    const crossings: ThresholdCrossing[] = []
    core.events.on('metrics.threshold', (c) => crossings.push(c))
    const source = await core.metrics().save({
      kind: 'http',
      name: 'todo-api /health',
      url: api.url,
      checkBody: true,
      intervalSec: 0.25,
      timeoutSec: 2,
    })
    const id = source.config.id
    await until(() => latest(core, id, 'health.ok') === 1, 'a healthy reading')
    expect(latest(core, id, 'http.status')).toBe(200)

    // Latency hovering at the warning line (100 / 140 ms alternately): one crossing, no flapping.
    api.set({ delayMs: (n) => (n % 2 ? 100 : 140) })
    const start = api.requests
    await until(() => api.requests - start >= 12, '12 hovering answers')
    const latencyCrossings = () => crossings.filter((c) => c.metric === 'http.latency_ms')
    expect(latencyCrossings().map((c) => [c.from, c.to])).toEqual([['normal', 'warning']])

    // 500s and slow: critical, with a severity suggestion.
    api.set({
      status: 500,
      delayMs: 450,
      body: '{"status":"unhealthy","checks":{"database":"timeout"}}',
    })
    await until(() => latencyCrossings().find((c) => c.to === 'critical'), 'latency critical')
    await until(() => latest(core, id, 'health.ok') === 0, 'the failing body check')
    expect(latest(core, id, 'health.failing_checks')).toBe(1)
    const errCritical = await until(
      () => crossings.find((c) => c.metric === 'error.rate_percent' && c.to === 'critical'),
      'error rate critical',
    )
    expect(errCritical.suggestSeverity).toBe(true)
    expect(errCritical.incidentIds).toEqual([incident.id])

    // Recovered: straight back to normal (below the normal line).
    api.set({ status: 200, delayMs: 0, body: '{"status":"healthy","checks":{"database":"ok"}}' })
    await until(() => latencyCrossings().find((c) => c.from === 'critical'), 'latency recovery')
    expect(latencyCrossings().map((c) => `${c.from}>${c.to}`)).toEqual([
      'normal>warning',
      'warning>critical',
      'critical>normal',
    ])

    const events = core.data
      .require()
      .timeline.list(incident.id, { limit: 1000 })
      .filter((e) => e.kind === 'metric.threshold')
    expect(events.length).toBe(crossings.length)
    expect(
      events.find((e) => e.payload.metric === 'http.latency_ms' && e.payload.to === 'critical')
        ?.payload,
    ).toMatchObject({
      sourceId: id,
      source: 'todo-api /health',
      from: 'warning',
      threshold: 400,
      suggestSeverity: true,
    })
    expect(core.data.require().timeline.verify(incident.id).intact).toBe(true)

    // Stored samples come back as a series, downsampled to the asked width.
    const now = Date.now()
    const series = core.metrics().series(id, 'http.latency_ms', now - 60_000, now, 5)
    expect(series.stored).toBeGreaterThan(10)
    expect(series.points).toHaveLength(5)
    expect(series.threshold?.warning).toBe(120)
    const around = core.metrics().around({ at: now - 2_000, windowMs: 60_000, maxPoints: 50 })
    expect(around.map((s) => s.metric)).toContain('error.rate_percent')
  })

  it('a source that hangs times out and backs off without delaying the healthy one', async () => {
    core = startCore()
    api.set({ status: 200, delayMs: 0, body: '{"status":"healthy","checks":{}}' })
    const stuck = await core.metrics().save({
      kind: 'http',
      name: 'hung backend',
      url: hung.url,
      intervalSec: 0.25,
      timeoutSec: 0.5,
    })
    const healthy = await core.metrics().save({
      kind: 'http',
      name: 'healthy',
      url: api.url,
      intervalSec: 0.25,
      timeoutSec: 2,
    })
    const t0 = Date.now()
    await new Promise((r) => setTimeout(r, 2_500))
    const good = core.metrics().series(healthy.config.id, 'http.status', t0, Date.now(), 1000)
    // 0.25 s interval over 2.5 s: ~10 polls; a shared await chain behind 0.5 s timeouts would give ≤ 5.
    expect(good.stored).toBeGreaterThanOrEqual(7)
    const bad = core.metrics().get(stuck.config.id)
    expect(bad.status.state).toBe('error')
    expect(bad.status.lastError).toMatch(/No answer within 0.5 s/)
    // Backoff: 0.25 s, then 1 s (floor), 2 s, 4 s … so only a few attempts in 2.5 s.
    expect(bad.status.failures).toBeGreaterThanOrEqual(2)
    expect(bad.status.failures).toBeLessThanOrEqual(4)
    expect(bad.status.nextPollAt! - Date.now()).toBeGreaterThan(0)
    expect(core.metrics().series(stuck.config.id, 'http.status', t0, Date.now(), 10).stored).toBe(0)
  })
})
