// "More": the header actions a responder needs between incidents or at the end of one (KPIs,
// response rules, export, postmortem, import), kept out of the bar so the incident's title,
// status and the always-needed actions fit a laptop screen. ui/MenuButton does the keyboard and
// closing.
import { useT } from '../../i18n/useT'
import { useIncidents, type IncidentPanel } from '../../stores/incidentsStore'
import { MenuButton } from '../../ui/MenuButton'
import { ExportButtons } from '../export/ExportButtons'
import { NotifyMenuItem } from '../notify/NotifyMenuItem'

export function HeaderMenu({ incidentId }: { incidentId: string | null }): React.JSX.Element {
  const t = useT()
  const panel = useIncidents((s) => s.panel)
  const setPanel = useIncidents((s) => s.setPanel)

  return (
    <MenuButton
      label={t('header.more')}
      className="header-menu"
      menuClassName="header-menu-items"
      testId="header-more"
      menuTestId="header-menu"
    >
      {(close) => {
        const pick = (p: IncidentPanel): void => {
          setPanel(panel === p ? 'none' : p)
          close()
        }
        return (
          <>
            <button
              type="button"
              className="inc-btn"
              role="menuitem"
              data-testid="open-kpis"
              onClick={() => pick('kpis')}
            >
              {t('kpi.open')}
            </button>
            <button
              type="button"
              className="inc-btn"
              role="menuitem"
              data-testid="open-rules"
              title={t('rules.open.tooltip')}
              onClick={() => pick('rules')}
            >
              {t('rules.open')}
            </button>
            <ExportButtons incidentId={incidentId} onPicked={close} />
            <NotifyMenuItem onPicked={close} />
          </>
        )
      }}
    </MenuButton>
  )
}
