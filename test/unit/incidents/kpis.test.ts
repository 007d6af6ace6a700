import { describe, expect, it } from 'vitest'
import { byService, incidentKpis, kpiReport, stat } from '../../../src/main/core/incidents/kpis'
import { baseIncident } from '../../../src/main/core/incidents/projection'
import type { Incident } from '../../../src/shared/incidents'

const MIN = 60_000
const JAN = Date.UTC(2024, 0, 10, 0, 0)
const FEB = Date.UTC(2024, 1, 5, 0, 0)

function incident(id: string, over: Partial<Incident>): Incident {
  const base = baseIncident({
    id,
    title: id,
    severity: 'P2',
    status: 'resolved',
    created_at: JAN,
    updated_at: JAN,
  })
  return { ...base, ...over }
}

// Occurred 09:50, detected 10:00, declared 10:02, response 10:05, resolved 11:00.
const a = incident('a', {
  services: ['api'],
  occurredAt: JAN - 10 * MIN,
  detectedAt: JAN,
  declaredAt: JAN + 2 * MIN,
  responseStartedAt: JAN + 5 * MIN,
  resolvedAt: JAN + 60 * MIN,
})
// Start unknown: MTTR counts from detection and says so.
const b = incident('b', {
  services: ['API', 'postgres'],
  occurredAt: null,
  detectedAt: FEB,
  declaredAt: FEB,
  responseStartedAt: FEB + 15 * MIN,
  resolvedAt: FEB + 30 * MIN,
})
// Still open, response not started.
const c = incident('c', {
  status: 'declared',
  services: ['redis'],
  occurredAt: FEB - 4 * MIN,
  detectedAt: FEB,
  declaredAt: FEB + MIN,
  responseStartedAt: null,
  resolvedAt: null,
})

describe('KPIs', () => {
  it('per incident: MTTD, time to respond, MTTR', () => {
    expect(incidentKpis(a)).toEqual({
      incidentId: 'a',
      mttdMs: 10 * MIN,
      timeToRespondMs: 5 * MIN,
      mttrMs: 70 * MIN,
      mttrFrom: 'occurred',
    })
    expect(incidentKpis(b)).toEqual({
      incidentId: 'b',
      mttdMs: null,
      timeToRespondMs: 15 * MIN,
      mttrMs: 30 * MIN,
      mttrFrom: 'detected',
    })
    expect(incidentKpis(c)).toEqual({
      incidentId: 'c',
      mttdMs: 4 * MIN,
      timeToRespondMs: null,
      mttrMs: null,
      mttrFrom: null,
    })
  })

  it('across incidents: means and medians over the incidents that have each figure', () => {
    const r = kpiReport([a, b, c], 'UTC')
    expect(r.incidents).toBe(3)
    expect(r.mttd).toEqual({ count: 2, meanMs: 7 * MIN, medianMs: 7 * MIN })
    expect(r.timeToRespond).toEqual({ count: 2, meanMs: 10 * MIN, medianMs: 10 * MIN })
    expect(r.mttr).toEqual({ count: 2, meanMs: 50 * MIN, medianMs: 50 * MIN })
    expect(r.perMonth).toEqual([
      { month: '2024-01', count: 1 },
      { month: '2024-02', count: 2 },
    ])
  })

  it('medians of odd and even counts; empty is null', () => {
    expect(stat([5, 1, 3])).toEqual({ count: 3, meanMs: 3, medianMs: 3 })
    expect(stat([4, 1, null, 3, 10])).toEqual({ count: 4, meanMs: 4.5, medianMs: 3.5 })
    expect(stat([null])).toEqual({ count: 0, meanMs: null, medianMs: null })
  })

  it('counts months in the responder time zone', () => {
    // 2024-01-31 20:00 UTC is already February in Tokyo.
    const late = incident('d', { declaredAt: Date.UTC(2024, 0, 31, 20, 0) })
    expect(kpiReport([late], 'UTC').perMonth).toEqual([{ month: '2024-01', count: 1 }])
    expect(kpiReport([late], 'Asia/Tokyo').perMonth).toEqual([{ month: '2024-02', count: 1 }])
  })

  it('recurrence by service ignores case and counts repeats', () => {
    expect(byService([a, b, c])).toEqual([
      { service: 'api', incidents: 2, recurrences: 1, lastAt: FEB },
      { service: 'postgres', incidents: 1, recurrences: 0, lastAt: FEB },
      { service: 'redis', incidents: 1, recurrences: 0, lastAt: FEB + MIN },
    ])
  })
})
