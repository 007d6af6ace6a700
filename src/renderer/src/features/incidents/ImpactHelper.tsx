// The optional impact helper: share of users, business impact and data loss in, a suggested
// severity out (the rule lives in main and is configurable there).
import { useState } from 'react'
import { businessImpacts } from '../../../../shared/incidents'
import type { BusinessImpact, SeveritySuggestion } from '../../../../shared/contract'
import { api } from '../../api'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { InlineError } from '../../ui/InlineError'

export function ImpactHelper({ onUse }: { onUse(severity: string): void }): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const [percent, setPercent] = useState(10)
  const [business, setBusiness] = useState<BusinessImpact>('medium')
  const [dataLoss, setDataLoss] = useState(false)
  const [suggestion, setSuggestion] = useState<SeveritySuggestion | null>(null)
  const [error, setError] = useState<unknown>(null)

  const suggest = async (): Promise<void> => {
    setError(null)
    try {
      setSuggestion(
        await api.call('incidents.suggestSeverity', {
          userShare: percent / 100,
          businessImpact: business,
          dataLoss,
        }),
      )
    } catch (err) {
      setError(err)
    }
  }

  return (
    <fieldset className="impact-helper" data-testid="impact-helper">
      <legend>{t('incident.helper')}</legend>
      <label>
        {t('incident.helper.userShare', { percent })}
        <input
          type="range"
          min={0}
          max={100}
          value={percent}
          onChange={(e) => setPercent(Number(e.target.value))}
        />
      </label>
      <label>
        {t('incident.helper.business')}
        <select value={business} onChange={(e) => setBusiness(e.target.value as BusinessImpact)}>
          {businessImpacts.map((b) => (
            <option key={b} value={b}>
              {t(`business.${b}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="inline">
        <input type="checkbox" checked={dataLoss} onChange={(e) => setDataLoss(e.target.checked)} />
        {t('incident.helper.dataLoss')}
      </label>
      <button type="button" className="inc-btn" onClick={() => void suggest()}>
        {t('incident.helper.suggest')}
      </button>
      {suggestion ? (
        <p className="severity-suggestion" data-testid="severity-suggestion">
          {t('incident.helper.suggestion', {
            severity: suggestion.severity,
            explanation: suggestion.explanation[locale],
          })}{' '}
          <button
            type="button"
            className="inc-btn primary"
            onClick={() => onUse(suggestion.severity)}
          >
            {t('incident.helper.use', { severity: suggestion.severity })}
          </button>
        </p>
      ) : null}
      <InlineError error={error} />
    </fieldset>
  )
}
