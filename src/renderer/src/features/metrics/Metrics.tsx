// The metrics strip along the bottom. Empty until collectors report samples.
import { useT } from '../../i18n/useT'
import { Area } from '../../ui/Area'

export function Metrics(): React.JSX.Element {
  const t = useT()
  return (
    <Area testId="metrics" title={t('metrics.title')} className="metrics-area">
      <p className="empty-state">{t('metrics.empty')}</p>
    </Area>
  )
}
