// The incident panels that open over the war room: declare, list, status update, KPIs. One at a
// time, Esc closes; a side sheet rather than a modal so the terminals stay in view.
import { Suspense, useRef } from 'react'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/useT'
import {
  askNotificationPermission,
  useIncidents,
  type IncidentPanel,
} from '../../stores/incidentsStore'
import { useCommand } from '../../stores/commandsStore'
import { useDialogFocus } from '../../ui/useDialogFocus'
import { DeclareDialog } from './DeclareDialog'
import { IncidentDetails } from './IncidentDetails'
import { IncidentList } from './IncidentList'
import { lazyPart, PartLoading } from '../../ui/lazyPart'
import { ResponseRules } from './rules/ResponseRules'
import { StatusUpdateComposer } from './StatusUpdateComposer'
import './incidents.css'

// The KPI charts bring recharts: loaded when the panel first opens (issue #20).
const KpiDashboard = lazyPart(() => import('./KpiDashboard'), 'KpiDashboard')

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

  const hasIncident = (): boolean => useIncidents.getState().activeId !== null
  useCommand('incident.declare', () => {
    askNotificationPermission()
    setPanel('declare')
  })
  useCommand('incident.list', () => setPanel('list'))
  useCommand('incident.statusUpdate', () => setPanel('statusUpdate'), hasIncident)
  useCommand('incident.details', () => setPanel('details'), hasIncident)
  useCommand('panel.kpis', () => setPanel('kpis'))
  useCommand('panel.rules', () => setPanel('rules'))

  if (panel === 'none') return null
  let body: React.JSX.Element | null = null
  if (panel === 'declare') body = <DeclareDialog onClose={close} />
  else if (panel === 'list') body = <IncidentList onPicked={close} />
  else if (panel === 'kpis') body = <KpiDashboard />
  else if (panel === 'rules') body = <ResponseRules />
  else if (panel === 'details')
    body = incident ? <IncidentDetails key={incident.id} incident={incident} /> : null
  else if (activeId) body = <StatusUpdateComposer key={activeId} incidentId={activeId} />

  // Around the whole sheet: while a lazy body loads, the sheet is not mounted yet, so it takes
  // focus once its controls are there (useDialogFocus), not before.
  return (
    <Suspense fallback={<PartLoading />}>
      <Sheet key={panel} panel={panel} label={t(titles[panel])} onClose={close}>
        {body}
      </Sheet>
    </Suspense>
  )
}

/** One panel as a side sheet: takes focus, keeps Tab inside, Escape closes and gives it back. */
function Sheet({
  panel,
  label,
  onClose,
  children,
}: {
  panel: Exclude<IncidentPanel, 'none'>
  label: string
  onClose(): void
  children: React.ReactNode
}): React.JSX.Element {
  const t = useT()
  const ref = useRef<HTMLElement>(null)
  useDialogFocus(ref, { onEscape: onClose })
  return (
    <section
      className={`side-sheet incident-panel panel-${panel}`}
      data-testid={`panel-${panel}`}
      role="dialog"
      aria-label={label}
      ref={ref}
    >
      <header className="side-sheet-head">
        <h2>{label}</h2>
        <button
          type="button"
          className="inc-icon-btn"
          aria-label={t('incident.close')}
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <div className="side-sheet-body" data-dialog-body>
        {children}
      </div>
    </section>
  )
}
