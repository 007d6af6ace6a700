// Form fields an incident has both when it is declared and when it is edited later: impact scope,
// how it was detected, and the earlier times. One place, so the two forms cannot drift apart.
import {
  detectionMethods,
  impactScopes,
  type DetectionMethod,
  type ImpactScope,
} from '../../../../shared/contract'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/useT'

export function ScopeField(p: {
  value: ImpactScope
  onChange(v: ImpactScope): void
  testId: string
}): React.JSX.Element {
  const t = useT()
  return (
    <label className="field">
      {t('incident.field.scope')}
      <select
        data-testid={p.testId}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value as ImpactScope)}
      >
        {impactScopes.map((s) => (
          <option key={s} value={s}>
            {t(`scope.${s}`)}
          </option>
        ))}
      </select>
    </label>
  )
}

export function DetectionField(p: {
  value: DetectionMethod
  onChange(v: DetectionMethod): void
  testId: string
}): React.JSX.Element {
  const t = useT()
  return (
    <label className="field">
      {t('incident.field.detection')}
      <select
        data-testid={p.testId}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value as DetectionMethod)}
      >
        {detectionMethods.map((d) => (
          <option key={d} value={d}>
            {t(`detection.${d}`)}
          </option>
        ))}
      </select>
    </label>
  )
}

/** A local date-time (the responder's zone), as a datetime-local input shows it. */
export function TimeField(p: {
  label: MessageKey
  value: string
  onChange(v: string): void
  testId: string
}): React.JSX.Element {
  const t = useT()
  return (
    <label className="field">
      {t(p.label)}
      <input
        type="datetime-local"
        data-testid={p.testId}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </label>
  )
}
