// The rollback rule's suggestion (seed 004), loud in the header's alert stack next to fired
// timers and threshold crossings: what crossed, after which deploy, and the runbook's rollback
// step one click away. The timeline keeps the event; the alert goes when dismissed.
import { describeEvent } from '../../../../shared/eventText'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useRollback } from '../../stores/rollbackStore'
import { reportError, reportProblem } from '../../stores/toastStore'
import { openRollbackStep, RollbackStepMissingError } from './openRollbackStep'
import './deploys.css'

export function RollbackAlerts(): React.JSX.Element | null {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const activeId = useIncidents((s) => s.activeId)
  const alerts = useRollback((s) => s.alerts).filter((a) => a.incidentId === activeId)
  if (alerts.length === 0) return null
  return (
    <ul className="rollback-alerts" data-testid="rollback-alerts">
      {alerts.map((a) => (
        <li key={a.key} className="rollback-alert" role="alert" data-testid="rollback-alert">
          <strong className="rollback-alert-title">{t('rollback.title')}</strong>
          <span className="rollback-alert-text">
            {describeEvent(a.event, { lang: locale }).summary}
          </span>
          <button
            type="button"
            className="inc-btn primary rollback-alert-open"
            data-testid="rollback-open"
            title={t('rollback.open.tooltip', { step: a.step, runbook: a.runbook })}
            onClick={() =>
              void openRollbackStep({ ...a, lang: locale }).catch((err: unknown) => {
                if (err instanceof RollbackStepMissingError)
                  reportProblem('rollback.notFound', { runbook: a.runbook, step: a.step })
                else reportError('rollback.open', err, { step: a.step })
              })
            }
          >
            {t('rollback.open', { step: a.step })}
          </button>
          <button
            type="button"
            className="inc-icon-btn"
            aria-label={t('rollback.dismiss')}
            title={t('rollback.dismiss')}
            onClick={() => useRollback.getState().dismiss(a.key)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  )
}
