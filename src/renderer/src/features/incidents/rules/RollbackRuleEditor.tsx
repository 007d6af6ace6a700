// Seed 004's rollback rule among the response rules: which error-rate series (any source, or
// one), the line, how long above it, how long after a deploy it applies, and which runbook step
// the alert opens. Core watches it (incidents/rollbackWatch.ts); a change applies to the next
// sample.
import { useEffect, useState } from 'react'
import type { RollbackRule } from '../../../../../shared/incidentSchemas'
import { api } from '../../../api'
import { useT } from '../../../i18n/useT'
import { useMetrics } from '../../../stores/metricsStore'
import { reportError } from '../../../stores/toastStore'
import { SelectField, TextField } from '../../../ui/fields'
import { RulesSaveBar, useRulesDraft } from './rulesDraft'

/** Minutes as the responder reads them; seconds as core stores them. */
const minutes = (sec: number): string => String(Math.round((sec / 60) * 100) / 100)
const seconds = (min: string): number => Math.max(1, Math.round(Number(min) * 60))

function Editor({ current }: { current: RollbackRule }): React.JSX.Element {
  const t = useT()
  const sources = useMetrics((s) => s.sources)
  const rules = useRulesDraft(
    {
      ...current,
      sourceId: current.sourceId ?? '',
      threshold: String(current.thresholdPercent),
      forMin: minutes(current.forSec),
      windowMin: minutes(current.windowSec),
    },
    (d) =>
      api.call('incidents.setRollbackRule', {
        rule: {
          enabled: d.enabled,
          metric: d.metric.trim(),
          sourceId: d.sourceId || null,
          thresholdPercent: Number(d.threshold),
          forSec: seconds(d.forMin),
          windowSec: seconds(d.windowMin),
          runbook: d.runbook.trim(),
          step: d.step.trim(),
        },
      }),
  )
  const { draft, edit } = rules
  const text = (
    key: 'metric' | 'threshold' | 'forMin' | 'windowMin' | 'runbook' | 'step',
    label: Parameters<typeof t>[0],
    number = false,
  ): React.JSX.Element => (
    <TextField
      label={t(label)}
      testId={`rules-rollback-${key}`}
      {...(number
        ? { type: 'number', min: 0, step: 'any', controlClassName: 'rules-minutes' }
        : {})}
      value={draft[key]}
      onChange={(e) => {
        const value = e.target.value
        edit((d) => ({ ...d, [key]: value }))
      }}
    />
  )
  return (
    <section className="rules-section" data-testid="rules-rollback">
      <h3>{t('rules.rollback')}</h3>
      <p className="hint">{t('rules.rollback.hint')}</p>
      <label className="flag-toggle">
        <input
          type="checkbox"
          checked={draft.enabled}
          data-testid="rules-rollback-enabled"
          onChange={(e) => {
            const enabled = e.target.checked
            edit((d) => ({ ...d, enabled }))
          }}
        />
        {t('rules.rollback.enabled')}
      </label>
      {text('metric', 'rules.rollback.metric')}
      <SelectField
        label={t('rules.rollback.source')}
        testId="rules-rollback-source"
        value={draft.sourceId}
        options={[
          { value: '', label: t('rules.rollback.anySource') },
          ...sources.map((s) => ({ value: s.config.id, label: s.config.name })),
        ]}
        onChange={(e) => {
          const sourceId = e.target.value
          edit((d) => ({ ...d, sourceId }))
        }}
      />
      {text('threshold', 'rules.rollback.threshold', true)}
      {text('forMin', 'rules.rollback.for', true)}
      {text('windowMin', 'rules.rollback.window', true)}
      {text('runbook', 'rules.rollback.runbook')}
      {text('step', 'rules.rollback.step')}
      <RulesSaveBar rules={rules} testId="rules-rollback" />
    </section>
  )
}

export function RollbackRuleEditor(): React.JSX.Element | null {
  const [rule, setRule] = useState<RollbackRule | null>(null)
  useEffect(() => {
    api
      .call('incidents.rollbackRule', {})
      .then(setRule)
      .catch((err: unknown) => reportError('rules.rollback', err))
  }, [])
  return rule ? <Editor current={rule} /> : null
}
