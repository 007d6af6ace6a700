// Everything the SSH hosts feature puts on screen: the Hosts toggle, the hosts sheet and the
// host-key questions (shown even when the sheet is closed). Mounted once by App.
import { useT } from '../../i18n/useT'
import { useTargets } from '../../stores/targetsStore'
import '../../styles/targets.css'
import { HostKeyPrompt } from '../host-key/HostKeyPrompt'
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
      <HostKeyPrompt />
    </>
  )
}
