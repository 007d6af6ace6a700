// The response rules panel: severity scheme, timers and escalation, and the impact helper's
// thresholds. Settings of this laptop's database, not of one incident; every open incident's
// timers follow a change at once.
import { useState } from 'react'
import type { ImpactThresholds } from '../../../../../shared/contract'
import { api } from '../../../api'
import { useT } from '../../../i18n/useT'
import { useIncidents } from '../../../stores/incidentsStore'
import { useAction } from '../../../ui/useAction'
import { InlineError } from '../InlineError'
import { SeveritySchemeEditor } from './SeveritySchemeEditor'
import { TimerPolicyEditor } from './TimerPolicyEditor'

function ImpactThresholdsEditor({ current }: { current: ImpactThresholds }): React.JSX.Element {
  const t = useT()
  // Shown as percentages, stored as shares (0..1) as the impact helper computes them.
  const [critical, setCritical] = useState(String(Math.round(current.critical * 100)))
  const [medium, setMedium] = useState(String(Math.round(current.medium * 100)))
  const [saved, setSaved] = useState(false)
  const save = useAction(async (): Promise<void> => {
    await api.call('incidents.setImpactThresholds', {
      thresholds: { critical: Number(critical) / 100, medium: Number(medium) / 100 },
    })
    await useIncidents.getState().loadSettings()
    setSaved(true)
  })
  return (
    <section className="rules-section" data-testid="rules-impact">
      <h3>{t('rules.impact')}</h3>
      <label className="field">
        {t('rules.impact.critical')}
        <input
          type="number"
          min={0}
          max={100}
          className="rules-minutes"
          value={critical}
          onChange={(e) => {
            setSaved(false)
            setCritical(e.target.value)
          }}
        />
      </label>
      <label className="field">
        {t('rules.impact.medium')}
        <input
          type="number"
          min={0}
          max={100}
          className="rules-minutes"
          value={medium}
          onChange={(e) => {
            setSaved(false)
            setMedium(e.target.value)
          }}
        />
      </label>
      <InlineError error={save.error} testId="rules-impact-error" />
      <div className="form-actions">
        {saved ? <span className="details-saved">{t('rules.saved')}</span> : null}
        <button
          type="button"
          className="declare-button"
          disabled={save.busy}
          onClick={() => void save.run()}
        >
          {t('rules.save')}
        </button>
      </div>
    </section>
  )
}

export function ResponseRules(): React.JSX.Element {
  const t = useT()
  const settings = useIncidents((s) => s.settings)
  if (!settings) return <p className="empty-state">{t('app.loading')}</p>
  return (
    <div className="response-rules" data-testid="response-rules">
      {settings.problems.length > 0 ? (
        <ul className="rules-problems" role="alert">
          {settings.problems.map((p) => (
            <li key={p.key}>{p.message}</li>
          ))}
        </ul>
      ) : null}
      <SeveritySchemeEditor current={settings.severityScheme} builtIn={settings.builtInSchemes} />
      <TimerPolicyEditor current={settings.timerPolicy} />
      <ImpactThresholdsEditor current={settings.impactThresholds} />
    </div>
  )
}
