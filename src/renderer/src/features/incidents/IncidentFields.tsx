// Form fields an incident has both when it is declared and when it is edited later: impact scope,
// how it was detected, and the earlier times. One place, so the two forms cannot drift apart.
import { detectionMethods, impactScopes } from '../../../../shared/incidents'
import type { DetectionMethod, ImpactScope } from '../../../../shared/contract'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/useT'
import { SelectField, TextField } from '../../ui/fields'

export function ScopeField(p: {
  value: ImpactScope
  onChange(v: ImpactScope): void
  testId: string
}): React.JSX.Element {
  const t = useT()
  return (
    <SelectField
      label={t('incident.field.scope')}
      testId={p.testId}
      value={p.value}
      onChange={(e) => p.onChange(e.target.value as ImpactScope)}
      options={impactScopes.map((s) => ({ value: s, label: t(`scope.${s}`) }))}
    />
  )
}

export function DetectionField(p: {
  value: DetectionMethod
  onChange(v: DetectionMethod): void
  testId: string
}): React.JSX.Element {
  const t = useT()
  return (
    <SelectField
      label={t('incident.field.detection')}
      testId={p.testId}
      value={p.value}
      onChange={(e) => p.onChange(e.target.value as DetectionMethod)}
      options={detectionMethods.map((d) => ({ value: d, label: t(`detection.${d}`) }))}
    />
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
    <TextField
      label={t(p.label)}
      type="datetime-local"
      testId={p.testId}
      value={p.value}
      onChange={(e) => p.onChange(e.target.value)}
    />
  )
}
