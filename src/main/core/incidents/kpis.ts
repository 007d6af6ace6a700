// Incident KPIs (seed 001's list): MTTD, time to respond, MTTR, incidents per month and
// recurrence by service. Pure functions over incident projections, whose times the timeline set.
//   MTTD            = detected − occurred        (only when the start is known)
//   time to respond = response started − detected (response start = first move off 'declared')
//   MTTR            = resolved − occurred; when the start is unknown, resolved − detected, and
//                     the result says so (mttrFrom), since that understates the outage.
// A reopened incident counts from its latest resolution. Months and "last seen" use the
// declaration time, like the incident list's date filter, in the given time zone.
import { monthOf } from './format'
import type { Incident, IncidentKpis, KpiReport, KpiStat } from '../../../shared/incidents'

const nonNegative = (ms: number): number => Math.max(0, ms)

export function incidentKpis(inc: Incident): IncidentKpis {
  const start = inc.occurredAt ?? inc.detectedAt
  return {
    incidentId: inc.id,
    mttdMs: inc.occurredAt === null ? null : nonNegative(inc.detectedAt - inc.occurredAt),
    timeToRespondMs:
      inc.responseStartedAt === null ? null : nonNegative(inc.responseStartedAt - inc.detectedAt),
    mttrMs: inc.resolvedAt === null ? null : nonNegative(inc.resolvedAt - start),
    mttrFrom: inc.resolvedAt === null ? null : inc.occurredAt === null ? 'detected' : 'occurred',
  }
}

export function stat(values: readonly (number | null)[]): KpiStat {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b)
  if (v.length === 0) return { count: 0, meanMs: null, medianMs: null }
  const mid = Math.floor(v.length / 2)
  const median =
    v.length % 2 ? (v[mid] as number) : ((v[mid - 1] as number) + (v[mid] as number)) / 2
  return { count: v.length, meanMs: v.reduce((a, b) => a + b, 0) / v.length, medianMs: median }
}

export function perMonth(incidents: readonly Incident[], timeZone: string): KpiReport['perMonth'] {
  const counts = new Map<string, number>()
  for (const i of incidents) {
    const m = monthOf(i.declaredAt, timeZone)
    counts.set(m, (counts.get(m) ?? 0) + 1)
  }
  return [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, count]) => ({ month, count }))
}

/** Services by how often they were hit; names that differ only in case are one service. */
export function byService(incidents: readonly Incident[]): KpiReport['byService'] {
  const seen = new Map<string, { service: string; incidents: number; lastAt: number }>()
  for (const i of incidents) {
    for (const name of new Set(i.services.map((s) => s.toLowerCase()))) {
      const entry = seen.get(name)
      const display = i.services.find((s) => s.toLowerCase() === name) ?? name
      if (!entry) seen.set(name, { service: display, incidents: 1, lastAt: i.declaredAt })
      else {
        entry.incidents++
        entry.lastAt = Math.max(entry.lastAt, i.declaredAt)
      }
    }
  }
  return [...seen.values()]
    .map((e) => ({ ...e, recurrences: e.incidents - 1 }))
    .sort((a, b) => b.incidents - a.incidents || a.service.localeCompare(b.service))
}

export function kpiReport(incidents: readonly Incident[], timeZone = 'UTC'): KpiReport {
  const each = incidents.map(incidentKpis)
  return {
    incidents: incidents.length,
    mttd: stat(each.map((k) => k.mttdMs)),
    timeToRespond: stat(each.map((k) => k.timeToRespondMs)),
    mttr: stat(each.map((k) => k.mttrMs)),
    perMonth: perMonth(incidents, timeZone),
    byService: byService(incidents),
  }
}
