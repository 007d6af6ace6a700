// The runbook checklist column: pick and start runbooks for the active incident, import new
// ones, and work through phases and steps, running commands on chosen targets. The column
// widens while a runbook is open so results can stand side by side.
import { useState } from 'react'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useRunbooks } from '../../stores/runbooksStore'
import { Area } from '../../ui/Area'
import { ImportPanel } from './ImportPanel'
import { RunbookPicker } from './RunbookPicker'
import { RunbookView } from './RunbookView'
import { emptySelection, type TargetSelection } from './targetSelection'
import './checklist.css'

export function Checklist(): React.JSX.Element {
  const t = useT()
  const incidentId = useIncidents((s) => s.activeId)
  const checklist = useRunbooks((s) => s.checklist)
  const [importing, setImporting] = useState(false)
  const [selection, setSelection] = useState<TargetSelection>(emptySelection)
  const runbooks = checklist && checklist.incidentId === incidentId ? checklist.runbooks : []
  return (
    <Area
      testId="checklist"
      title={t('checklist.title')}
      className={`checklist-area rb-area ${runbooks.length > 0 ? 'rb-wide' : ''}`}
    >
      {incidentId ? (
        <>
          <RunbookPicker onImport={() => setImporting(!importing)} />
          {importing ? <ImportPanel onClose={() => setImporting(false)} /> : null}
          {runbooks.length === 0 ? <p className="empty-state">{t('checklist.empty')}</p> : null}
          {runbooks.map((rb) => (
            <RunbookView
              key={rb.summary.id}
              rb={rb}
              remembered={checklist?.parameters ?? {}}
              selection={selection}
              onSelection={setSelection}
            />
          ))}
        </>
      ) : (
        <p className="empty-state">{t('runbook.noIncident')}</p>
      )}
    </Area>
  )
}
