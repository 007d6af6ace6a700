// Threshold levels with hysteresis, driven by a fake clock of samples: a metric hovering at a line
// must not flap, and every real crossing is reported once, in both directions.
import { describe, expect, it } from 'vitest'
import type { Threshold } from '../../../src/shared/contract'
import {
  DEFAULT_THRESHOLDS,
  LevelTracker,
  nextLevel,
  thresholdFor,
} from '../../../src/main/core/metrics/thresholds'

const cpu = DEFAULT_THRESHOLDS.find((t) => t.metric === 'cpu.percent') as Threshold

describe('thresholds', () => {
  it('defaults to the seed 004 table', () => {
    const lines = Object.fromEntries(
      DEFAULT_THRESHOLDS.map((t) => [t.metric, [t.normal, t.warning, t.critical]]),
    )
    expect(lines).toMatchObject({
      'latency.p95_ms': [500, 1000, 3000],
      'error.rate_percent': [0.1, 1, 5],
      'cpu.percent': [60, 80, 95],
      'mem.percent': [70, 85, 95],
      'pg.connections_percent': [70, 80, 90],
    })
  })

  it('goes up at the line and comes down only past the normal line (warning) or the margin (critical)', () => {
    expect(nextLevel(cpu, 'normal', 80)).toBe('normal')
    expect(nextLevel(cpu, 'normal', 80.1)).toBe('warning')
    expect(nextLevel(cpu, 'warning', 70)).toBe('warning')
    expect(nextLevel(cpu, 'warning', 59.9)).toBe('normal')
    expect(nextLevel(cpu, 'normal', 96)).toBe('critical')
    expect(nextLevel(cpu, 'critical', 91)).toBe('critical') // within 5 % of 95
    expect(nextLevel(cpu, 'critical', 90)).toBe('warning')
    expect(nextLevel(cpu, 'critical', 10)).toBe('normal')
  })

  it('reports each crossing once while a metric hovers at the line (fake clock)', () => {
    const tracker = new LevelTracker()
    const changes: { at: number; from: string; to: string; threshold: number }[] = []
    // One sample a second: hovering around 80 (the warning line) for a minute, then a spike.
    let at = 0
    const feed = (v: number) => {
      at += 1000
      const c = tracker.observe(cpu, 'host-1', 'cpu.percent', v)
      if (c) changes.push({ at, ...c })
    }
    for (let i = 0; i < 60; i++) feed(i % 2 ? 79.5 : 80.5)
    expect(changes).toEqual([{ at: 1000, from: 'normal', to: 'warning', threshold: 80 }])
    for (let i = 0; i < 20; i++) feed(i % 2 ? 94.5 : 95.5)
    expect(changes.slice(1)).toEqual([
      { at: 61_000, from: 'warning', to: 'critical', threshold: 95 },
    ])
    feed(50)
    expect(changes.slice(2)).toEqual([
      { at: 81_000, from: 'critical', to: 'normal', threshold: 60 },
    ])
    expect(tracker.level('host-1', 'cpu.percent')).toBe('normal')
  })

  it('handles lower-is-worse metrics (ready replicas) the same way', () => {
    const ready: Threshold = {
      metric: 'k8s.deploy.*',
      sourceId: null,
      direction: 'below',
      normal: 3,
      warning: 2,
      critical: 1,
      hysteresis: 0,
      suggestSeverity: true,
    }
    const tracker = new LevelTracker()
    expect(tracker.observe(ready, 's', 'k8s.deploy.api.ready', 3)).toBeNull()
    expect(tracker.observe(ready, 's', 'k8s.deploy.api.ready', 1.5)).toEqual({
      from: 'normal',
      to: 'warning',
      threshold: 2,
    })
    expect(tracker.observe(ready, 's', 'k8s.deploy.api.ready', 0)).toMatchObject({ to: 'critical' })
    expect(tracker.observe(ready, 's', 'k8s.deploy.api.ready', 2.5)).toMatchObject({
      to: 'warning',
    })
    expect(tracker.observe(ready, 's', 'k8s.deploy.api.ready', 3)).toMatchObject({ to: 'normal' })
  })

  it('picks the most specific threshold: this source over all, exact over prefix', () => {
    const list: Threshold[] = [
      { ...cpu, metric: 'cpu.*', critical: 99 },
      cpu,
      { ...cpu, sourceId: 'db-1', critical: 90 },
    ]
    expect(thresholdFor(list, 'web-1', 'cpu.percent')).toBe(cpu)
    expect(thresholdFor(list, 'db-1', 'cpu.percent')?.critical).toBe(90)
    expect(thresholdFor(list, 'web-1', 'cpu.steal')?.critical).toBe(99)
    expect(thresholdFor(list, 'web-1', 'mem.percent')).toBeNull()
  })
})
