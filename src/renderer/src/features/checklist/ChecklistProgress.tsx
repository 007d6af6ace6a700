// "Checklist 4/12" in the incident header: where the response stands.
import { useT } from '../../i18n/useT'
import { useRunbooks } from '../../stores/runbooksStore'
import { checklistProgress } from './progress'

export function ChecklistProgress(): React.JSX.Element | null {
  const t = useT()
  const checklist = useRunbooks((s) => s.checklist)
  const { done, total } = checklistProgress(checklist)
  if (total === 0) return null
  return (
    <span
      className={`rb-header-progress ${done === total ? 'complete' : ''}`}
      data-testid="header-checklist-progress"
    >
      {t('runbook.progress.header', { done, total })}
    </span>
  )
}
