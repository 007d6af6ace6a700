// The incident timeline column. Empty until the incidents feature declares one.
import { useT } from '../../i18n/useT'
import { Area } from '../../ui/Area'

export function Timeline(): React.JSX.Element {
  const t = useT()
  return (
    <Area testId="timeline" title={t('timeline.title')} className="timeline-area">
      <p className="empty-state">{t('timeline.empty')}</p>
    </Area>
  )
}
