// The incident panels that open over the war room: declare, list, status update, KPIs. One at a
// time, Esc closes; a side sheet rather than a modal so the terminals stay in view.
import { useEffect } from 'react'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/useT'
import { useIncidents, type IncidentPanel } from '../../stores/incidentsStore'
import { DeclareDialog } from './DeclareDialog'
import { IncidentDetails } from './IncidentDetails'
import { IncidentList } from './IncidentList'
import { KpiDashboard } from './KpiDashboard'
import { ResponseRules } from './rules/ResponseRules'
import { StatusUpdateComposer } from './StatusUpdateComposer'
import './incidents.css'

const titles: Record<Exclude<IncidentPanel, 'none'>, MessageKey> = {
  declare: 'incident.declare.title',
  details: 'details.title',
  list: 'incident.list',
  statusUpdate: 'statusUpdate.title',
  kpis: 'kpi.title',
  rules: 'rules.title',
}

export function IncidentPanels(): React.JSX.Element | null {
  const t = useT()
  const panel = useIncidents((s) => s.panel)
  const activeId = useIncidents((s) => s.activeId)
  const incident = useIncidents((s) => s.incident)
  const setPanel = useIncidents((s) => s.setPanel)
  const close = (): void => setPanel('none')

  useEffect(() => {
    if (panel === 'none') return
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') useIncidents.getState().setPanel('none')
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [panel])

  if (panel === 'none') return null
  let body: React.JSX.Element | null = null
  if (panel === 'declare') body = <DeclareDialog onClose={close} />
  else if (panel === 'list') body = <IncidentList onPicked={close} />
  else if (panel === 'kpis') body = <KpiDashboard />
  else if (panel === 'rules') body = <ResponseRules />
  else if (panel === 'details')
    body = incident ? <IncidentDetails key={incident.id} incident={incident} /> : null
  else if (activeId) body = <StatusUpdateComposer key={activeId} incidentId={activeId} />

  return (
    <aside
      className={`side-sheet incident-panel panel-${panel}`}
      data-testid={`panel-${panel}`}
      aria-label={t(titles[panel])}
    >
      <header className="side-sheet-head">
        <h2>{t(titles[panel])}</h2>
        <button
          type="button"
          className="inc-icon-btn"
          aria-label={t('incident.close')}
          onClick={close}
        >
          ×
        </button>
      </header>
      <div className="side-sheet-body">{body}</div>
    </aside>
  )
}
