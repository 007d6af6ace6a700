// The KPI dashboard: MTTD, time to respond and MTTR across incidents (and for the active one),
// incidents per month, and the services that keep coming back.
import { useEffect, useState } from 'react'
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import type { IncidentKpis, KpiReport, KpiStat } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { formatDuration } from '../../ui/duration'
import { InlineError } from '../../ui/InlineError'

function Figure({ label, stat }: { label: string; stat: KpiStat }): React.JSX.Element {
  const t = useT()
  const fmt = (ms: number | null): string => (ms === null ? t('kpi.none') : formatDuration(ms))
  return (
    <div className="kpi-figure" data-testid="kpi-figure">
      <span className="kpi-label">{label}</span>
      <strong className="kpi-value">{fmt(stat.meanMs)}</strong>
      <span className="muted">
        {t('kpi.median', { value: fmt(stat.medianMs) })} · {t('kpi.samples', { count: stat.count })}
      </span>
    </div>
  )
}

export function KpiDashboard(): React.JSX.Element {
  const t = useT()
  const activeId = useIncidents((s) => s.activeId)
  const [report, setReport] = useState<KpiReport | null>(null)
  const [mine, setMine] = useState<IncidentKpis | null>(null)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    let live = true
    api
      .call('incidents.kpis', {})
      .then((r) => live && setReport(r))
      .catch((err: unknown) => live && setError(err))
    if (activeId)
      api
        .call('incidents.incidentKpis', { incidentId: activeId })
        .then((k) => live && setMine(k))
        .catch(() => undefined)
    return () => {
      live = false
    }
  }, [activeId])

  const fmt = (ms: number | null): string => (ms === null ? t('kpi.none') : formatDuration(ms))
  return (
    <div className="kpis" data-testid="kpis">
      <InlineError error={error} />
      {report ? (
        <>
          <div className="kpi-figures">
            <div className="kpi-figure">
              <span className="kpi-label">{t('kpi.incidents')}</span>
              <strong className="kpi-value" data-testid="kpi-count">
                {report.incidents}
              </strong>
            </div>
            <Figure label={t('kpi.mttd')} stat={report.mttd} />
            <Figure label={t('kpi.ttr')} stat={report.timeToRespond} />
            <Figure label={t('kpi.mttr')} stat={report.mttr} />
          </div>
          {mine ? (
            <p className="muted" data-testid="kpi-this">
              {t('kpi.thisIncident')}: MTTD {fmt(mine.mttdMs)} · {t('kpi.ttr')}{' '}
              {fmt(mine.timeToRespondMs)} · MTTR {fmt(mine.mttrMs)}
            </p>
          ) : null}
          <h3>{t('kpi.perMonth')}</h3>
          <div className="kpi-chart">
            <ResponsiveContainer width="100%" height={180}>
              <BarChart data={report.perMonth}>
                <CartesianGrid strokeDasharray="3 3" stroke="#252b36" />
                <XAxis dataKey="month" stroke="#8a93a3" fontSize={11} />
                <YAxis allowDecimals={false} stroke="#8a93a3" fontSize={11} width={30} />
                <Tooltip contentStyle={{ background: '#1b2029', border: '1px solid #343c4a' }} />
                <Bar dataKey="count" fill="#e8c872" name={t('kpi.incidents')} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <h3>{t('kpi.byService')}</h3>
          <table className="kpi-table">
            <thead>
              <tr>
                <th>{t('kpi.service')}</th>
                <th>{t('kpi.incidents')}</th>
                <th>{t('kpi.recurrences')}</th>
              </tr>
            </thead>
            <tbody>
              {report.byService.slice(0, 15).map((s) => (
                <tr key={s.service}>
                  <td>{s.service}</td>
                  <td>{s.incidents}</td>
                  <td>{s.recurrences}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  )
}
