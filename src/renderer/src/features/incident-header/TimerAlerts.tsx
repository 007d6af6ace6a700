// Fired timers, loud and in the middle of the screen until acknowledged: a missed escalation is
// worse than an interruption. (A desktop notification is shown too where the browser allows.)
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'

export function TimerAlerts(): React.JSX.Element | null {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const fired = useIncidents((s) => s.fired)
  const dismiss = useIncidents((s) => s.dismissFired)
  if (fired.length === 0) return null
  return (
    <div className="timer-alerts" role="alert" data-testid="timer-alerts">
      {fired.map((f) => (
        <div key={f.key} className="timer-alert" data-testid="timer-alert" data-kind={f.kind}>
          <strong>{t('timer.fired.title', { name: f.name[locale] })}</strong>
          <span>{new Date(f.firedAt).toLocaleTimeString(locale)}</span>
          {f.notify ? <span>{t('timer.fired.notify', { who: f.notify })}</span> : null}
          <button type="button" className="inc-btn" onClick={() => dismiss(f.key)}>
            {t('timer.fired.dismiss')}
          </button>
        </div>
      ))}
    </div>
  )
}
