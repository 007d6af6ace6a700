// "More": the header actions a responder needs between incidents or at the end of one (KPIs,
// response rules, export, postmortem, import), kept out of the bar so the incident's title,
// status and the always-needed actions fit a laptop screen. Closes on a pick, Escape or a click
// elsewhere.
import { useEffect, useRef, useState } from 'react'
import { useT } from '../../i18n/useT'
import { useIncidents, type IncidentPanel } from '../../stores/incidentsStore'
import { ExportButtons } from '../export/ExportButtons'

export function HeaderMenu({ incidentId }: { incidentId: string | null }): React.JSX.Element {
  const t = useT()
  const [open, setOpen] = useState(false)
  const panel = useIncidents((s) => s.panel)
  const setPanel = useIncidents((s) => s.setPanel)
  const box = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent): void => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false)
    }
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false)
    }
    window.addEventListener('mousedown', onDown)
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('mousedown', onDown)
      window.removeEventListener('keydown', onKey)
    }
  }, [open])

  const pick = (p: IncidentPanel): void => {
    setPanel(panel === p ? 'none' : p)
    setOpen(false)
  }

  return (
    <div className="header-menu" ref={box}>
      <button
        type="button"
        className="inc-btn"
        data-testid="header-more"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {t('header.more')}
      </button>
      {open ? (
        <div className="header-menu-items" role="menu" data-testid="header-menu">
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
          <ExportButtons incidentId={incidentId} onPicked={() => setOpen(false)} />
        </div>
      ) : null}
    </div>
  )
}
