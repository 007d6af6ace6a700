// One source on the dashboard: its state (the error in place, with the retry countdown), the
// metrics whose own query failed (each with its error), a metric picker and the chart of that
// metric.
import { memo, useEffect, useState } from 'react'
import type { MetricSource } from '../../../../shared/contract'
import { api } from '../../api'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/useT'
import { useMetrics } from '../../stores/metricsStore'
import { reportError } from '../../stores/toastStore'
import { InlineError } from '../../ui/InlineError'
import { AwsLogTail } from './AwsLogTail'
import { LogSourcePanel } from './LogSourcePanel'
import { primaryMetric } from './format'
import { MetricChart } from './MetricChart'
import { RedisConsoleButton } from './RedisConsoleButton'

interface Props {
  source: MetricSource
  onEdit(id: string): void
}

export const SourceCard = memo(function SourceCard({ source, onEdit }: Props): React.JSX.Element {
  const t = useT()
  const { config, status } = source
  const windowMs = useMetrics((s) => s.windowMs)
  const [names, setNames] = useState<string[]>([])
  const [metric, setMetric] = useState<string | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [removeError, setRemoveError] = useState<unknown>(null)
  const latestNames = source.latest.map((v) => v.metric).join('\n')
  const tick = status.lastSampleAt ?? 0

  useEffect(() => {
    let live = true
    api
      .call('metrics.metricNames', { sourceId: config.id })
      .then((list) => {
        if (!live) return
        const all = [...new Set([...list, ...latestNames.split('\n').filter(Boolean)])].sort()
        setNames(all)
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [config.id, latestNames])

  const shown = metric ?? primaryMetric(config.kind, names) ?? null
  const retryAt = status.nextPollAt ? new Date(status.nextPollAt).toLocaleTimeString() : '—'

  const remove = async (): Promise<void> => {
    try {
      await api.call('metrics.removeSource', { id: config.id })
    } catch (err) {
      setRemoveError(err)
      setConfirming(false)
    }
  }

  return (
    <article
      className={`metric-card state-${status.state}`}
      data-testid="metric-card"
      data-source-id={config.id}
    >
      <header className="metric-card-head">
        <span className={`metric-dot state-${status.state}`} aria-hidden />
        <strong className="metric-card-name" title={config.name}>
          {config.name}
        </strong>
        <span className="muted">{t(`metrics.kind.${config.kind}` as MessageKey)}</span>
        <span className="metric-card-state" data-testid="metric-card-state">
          {t(`metrics.state.${status.state}` as MessageKey)}
        </span>
        <span className="metric-card-tools">
          {names.length > 0 ? (
            <select
              aria-label={t('metrics.metric')}
              data-testid="metric-select"
              value={shown ?? ''}
              onChange={(e) => setMetric(e.target.value)}
            >
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          ) : null}
          {config.kind === 'redis' ? <RedisConsoleButton sourceId={config.id} /> : null}
          <button type="button" className="inc-btn" onClick={() => onEdit(config.id)}>
            {t('metrics.edit')}
          </button>
          {confirming ? (
            <>
              <span>{t('metrics.remove.confirm', { name: config.name })}</span>
              <button type="button" className="inc-btn danger" onClick={() => void remove()}>
                {t('metrics.remove.yes')}
              </button>
              <button type="button" className="inc-btn" onClick={() => setConfirming(false)}>
                {t('metrics.remove.no')}
              </button>
            </>
          ) : (
            <button type="button" className="inc-btn" onClick={() => setConfirming(true)}>
              {t('metrics.remove')}
            </button>
          )}
        </span>
      </header>
      <InlineError error={removeError} />
      {status.state === 'error' ? (
        <div className="metric-card-error" role="alert" data-testid="metric-card-error">
          <p>{status.lastError}</p>
          <p className="muted">
            {t('metrics.retryAt', { time: retryAt, failures: status.failures })}{' '}
            <button
              type="button"
              className="inc-btn"
              onClick={() =>
                void api
                  .call('metrics.pollNow', { id: config.id })
                  .catch((err: unknown) => reportError('action.failed.pollNow', err))
              }
            >
              {t('metrics.retryNow')}
            </button>
          </p>
        </div>
      ) : null}
      {status.state !== 'error' && status.metricErrors.length > 0 ? (
        // The source answers; only these metrics' own queries failed (the others keep sampling).
        <div className="metric-card-query-errors" role="status" data-testid="metric-query-errors">
          <p>{t('metrics.queryErrors', { count: status.metricErrors.length })}</p>
          <ul>
            {status.metricErrors.map((e) => (
              <li key={e.metric} data-testid="metric-query-error" data-metric={e.metric}>
                <strong className="metric-query-error-name">{e.metric}</strong>: {e.error}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {shown ? <MetricChart sourceId={config.id} metric={shown} windowMs={windowMs} /> : null}
      {config.kind === 'aws-logs' ? <AwsLogTail sourceId={config.id} tick={tick} /> : null}
      {config.kind === 'access-log' || config.kind === 'error-log' ? (
        <LogSourcePanel sourceId={config.id} path={config.path} tick={tick} />
      ) : null}
    </article>
  )
})
