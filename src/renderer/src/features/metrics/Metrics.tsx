// The metrics strip along the bottom: one tile per source (state, key values coloured by level,
// the error in place), the threshold alerts, and the button that opens the dashboard.
import { memo, Suspense, useEffect } from 'react'
import type { MetricSource } from '../../../../shared/contract'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/useT'
import { useApp } from '../../stores/appStore'
import { useCommand } from '../../stores/commandsStore'
import { sparkKey, useMetrics } from '../../stores/metricsStore'
import { Area } from '../../ui/Area'
import './metrics.css'
import { formatValue, primaryMetric } from './format'
import { lazyPart, PartLoading } from '../../ui/lazyPart'
import { Sparkline } from '../../ui/Sparkline'

// recharts and the charts load with the dashboard, not with the first screen (issue #20).
const MetricsDashboard = lazyPart(() => import('./MetricsDashboard'), 'MetricsDashboard')

const SourceTile = memo(function SourceTile({
  source,
}: {
  source: MetricSource
}): React.JSX.Element {
  const t = useT()
  const { config, status, latest } = source
  const main = primaryMetric(
    config.kind,
    latest.map((v) => v.metric),
  )
  const spark = useMetrics((s) => (main ? s.spark[sparkKey(config.id, main)] : undefined))
  // The worst levels first, then the primary metric: what needs attention is what shows.
  const rank = { critical: 0, warning: 1, normal: 2 } as const
  const shown = [...latest]
    .sort(
      (a, b) =>
        (a.level ? rank[a.level] : 3) - (b.level ? rank[b.level] : 3) ||
        Number(b.metric === main) - Number(a.metric === main),
    )
    .slice(0, 3)
  return (
    <li
      className={`metric-tile state-${status.state}`}
      data-testid="metric-tile"
      data-source-id={config.id}
      title={status.lastError ?? config.name}
    >
      <div className="metric-tile-head">
        <span className={`metric-dot state-${status.state}`} aria-hidden />
        <strong className="metric-tile-name">{config.name}</strong>
        <span className="metric-tile-state">
          {t(`metrics.state.${status.state}` as MessageKey)}
        </span>
      </div>
      {status.state === 'error' && status.lastError ? (
        <p className="metric-tile-error" data-testid="metric-tile-error">
          {status.lastError}
        </p>
      ) : (
        <div className="metric-tile-values">
          {shown.map((v) => (
            <span
              key={v.metric}
              className={`metric-value level-${v.level ?? 'none'}`}
              title={v.metric}
            >
              <span className="metric-value-name">{v.metric}</span>{' '}
              <span className="metric-value-num" data-testid="metric-tile-value">
                {formatValue(v.metric, v.value)}
              </span>
            </span>
          ))}
          {spark && spark.length > 1 ? <Sparkline points={spark} width={80} height={18} /> : null}
          {status.metricErrors.length > 0 ? (
            <span
              className="metric-tile-query-errors"
              data-testid="metric-tile-query-errors"
              title={status.metricErrors.map((e) => `${e.metric}: ${e.error}`).join('\n')}
            >
              {t('metrics.queryErrors.short', { count: status.metricErrors.length })}
            </span>
          ) : null}
        </div>
      )}
    </li>
  )
})

export function Metrics(): React.JSX.Element {
  const t = useT()
  const sources = useMetrics((s) => s.sources)
  const loaded = useMetrics((s) => s.loaded)
  const open = useMetrics((s) => s.dashboardOpen)

  // Read again when another database file was opened or the connection came back: events
  // missed meanwhile (a removed source) would otherwise leave stale tiles.
  const storePath = useApp((s) => (s.status?.state === 'ready' ? s.status.path : null))
  const connection = useApp((s) => s.connection)
  useCommand('panel.dashboard', () => useMetrics.getState().setDashboardOpen(true))
  useEffect(() => {
    if (storePath && connection !== 'disconnected') void useMetrics.getState().load()
  }, [storePath, connection])

  return (
    <Area testId="metrics" title={t('metrics.title')} className="metrics-area">
      <div className="metrics-strip">
        <button
          type="button"
          className="inc-btn metrics-open"
          data-testid="metrics-open"
          title={t('metrics.dashboard.tooltip')}
          aria-pressed={open}
          onClick={() => useMetrics.getState().setDashboardOpen(!open)}
        >
          {t('metrics.dashboard')}
        </button>
        {loaded && sources.length === 0 ? (
          <p className="empty-state">{t('metrics.empty')}</p>
        ) : (
          <ul className="metric-tiles">
            {sources.map((s) => (
              <SourceTile key={s.config.id} source={s} />
            ))}
          </ul>
        )}
      </div>
      {open ? (
        <Suspense fallback={<PartLoading />}>
          <MetricsDashboard />
        </Suspense>
      ) : null}
    </Area>
  )
}
