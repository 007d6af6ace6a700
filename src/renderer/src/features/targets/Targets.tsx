// The SSH hosts feature: the Hosts toggle and the hosts sheet. Mounted once by App, which also
// shows the host-key questions (even when the sheet is closed).
import { useT } from '../../i18n/useT'
import { useTargets } from '../../stores/targetsStore'
import './targets.css'
import { HostsPanel } from './HostsPanel'

export function Targets(): React.JSX.Element {
  const t = useT()
  const open = useTargets((s) => s.panelOpen)
  const busy = useTargets((s) => Object.keys(s.connecting).length > 0)

  return (
    <>
      <button
        type="button"
        className={`corner-toggle hosts-toggle${busy ? ' busy' : ''}`}
        data-testid="hosts-toggle"
        aria-pressed={open}
        title={t('targets.toggle.tooltip')}
        onClick={() => useTargets.getState().setPanelOpen(!open)}
      >
        {busy ? <span className="spinner" aria-hidden="true" /> : null}
        {t('targets.toggle')}
      </button>
      <HostsPanel />
    </>
  )
}
