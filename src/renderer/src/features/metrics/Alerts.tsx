// Threshold crossings as they happen: the newest first, loud for critical, with the severity
// suggestion when a threshold asks for it. The timeline already has each one; these go away.
import type { JsonObject } from '../../../../shared/contract'
import { crossingText } from '../../../../shared/eventText'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useMetrics } from '../../stores/metricsStore'

export function Alerts(): React.JSX.Element | null {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const alerts = useMetrics((s) => s.alerts)
  if (alerts.length === 0) return null
  return (
    <ul className="metric-alerts" aria-live="polite" data-testid="metric-alerts">
      {alerts.slice(0, 3).map((a) => (
        <li
          key={a.key}
          className={`metric-alert level-${a.to}`}
          data-testid="metric-alert"
          role="alert"
        >
          <span>{crossingText(a as unknown as JsonObject, locale)}</span>
          {a.suggestSeverity ? (
            <strong className="metric-alert-suggest" data-testid="metric-alert-suggest">
              {t('metrics.alert.suggest')}
            </strong>
          ) : null}
          <button
            type="button"
            className="inc-icon-btn"
            aria-label={t('metrics.alert.dismiss')}
            title={t('metrics.alert.dismiss')}
            onClick={() => useMetrics.getState().dismissAlert(a.key)}
          >
            ×
          </button>
        </li>
      ))}
      {alerts.length > 3 ? (
        <li>
          <button
            type="button"
            className="inc-btn"
            onClick={() => useMetrics.getState().clearAlerts()}
          >
            {t('metrics.alerts.clear')} ({alerts.length})
          </button>
        </li>
      ) : null}
    </ul>
  )
}
