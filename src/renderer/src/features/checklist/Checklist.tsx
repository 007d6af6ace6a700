// The runbook checklist column. Empty until a runbook is loaded.
import { useT } from '../../i18n/useT'
import { Area } from '../../ui/Area'

export function Checklist(): React.JSX.Element {
  const t = useT()
  return (
    <Area testId="checklist" title={t('checklist.title')} className="checklist-area">
      <p className="empty-state">{t('checklist.empty')}</p>
    </Area>
  )
}
