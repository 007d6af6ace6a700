// The response rules panel: severity scheme, timers and escalation, and the impact helper's
// thresholds. Settings of this laptop's database, not of one incident; every open incident's
// timers follow a change at once.
import type { ImpactThresholds } from '../../../../../shared/contract'
import { api } from '../../../api'
import { useT } from '../../../i18n/useT'
import type { MessageKey } from '../../../i18n/en'
import { useIncidents } from '../../../stores/incidentsStore'
import { RulesSaveBar, useRulesDraft } from './rulesDraft'
import { RollbackRuleEditor } from './RollbackRuleEditor'
import { SeveritySchemeEditor } from './SeveritySchemeEditor'
import { TimerPolicyEditor } from './TimerPolicyEditor'
import { TextField } from '../../../ui/fields'

function ImpactThresholdsEditor({ current }: { current: ImpactThresholds }): React.JSX.Element {
  const t = useT()
  // Shown as percentages, stored as shares (0..1) as the impact helper computes them.
  const rules = useRulesDraft(
    {
      critical: String(Math.round(current.critical * 100)),
      medium: String(Math.round(current.medium * 100)),
    },
    (d) =>
      api.call('incidents.setImpactThresholds', {
        thresholds: { critical: Number(d.critical) / 100, medium: Number(d.medium) / 100 },
      }),
  )
  const field = (key: 'critical' | 'medium', label: MessageKey): React.JSX.Element => (
    <TextField
      label={t(label)}
      type="number"
      min={0}
      max={100}
      controlClassName="rules-minutes"
      value={rules.draft[key]}
      onChange={(e) => {
        const value = e.target.value
        rules.edit((d) => ({ ...d, [key]: value }))
      }}
    />
  )
  return (
    <section className="rules-section" data-testid="rules-impact">
      <h3>{t('rules.impact')}</h3>
      {field('critical', 'rules.impact.critical')}
      {field('medium', 'rules.impact.medium')}
      <RulesSaveBar rules={rules} testId="rules-impact" />
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
      <RollbackRuleEditor />
    </div>
  )
}
