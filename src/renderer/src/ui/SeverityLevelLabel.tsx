// One severity level as responders pick it: badge, name, definition and response target, the
// same in the declare form and in the header's severity menu.
import type { SeverityLevel } from '../../../shared/contract'
import { useLocale } from '../i18n/locale'
import { useT } from '../i18n/useT'
import { formatMinutes } from './duration'

export function SeverityLevelLabel({
  level,
  rank,
}: {
  level: SeverityLevel
  /** Position in the scheme: the badge colour, most severe first. */
  rank: number
}): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  return (
    <>
      <span className={`severity-badge sev-rank-${Math.min(rank, 3)}`}>{level.id}</span>
      <span className="severity-text">
        <strong>{level.name[locale]}</strong>
        <span>{level.definition[locale]}</span>
        <span className="muted">
          {t('incident.response', { target: formatMinutes(level.responseMinutes) })}
        </span>
      </span>
    </>
  )
}
