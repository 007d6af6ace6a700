// The SSH hosts feature: the Hosts toggle and the hosts sheet. Mounted once by App, which also
// shows the host-key questions (even when the sheet is closed).
import { useT } from '../../i18n/useT'
import { useMemo } from 'react'
import { useTargets } from '../../stores/targetsStore'
import { useCommand, useFamily, type FamilyEntry } from '../../stores/commandsStore'
import './targets.css'
import { HostsPanel } from './HostsPanel'

export function Targets(): React.JSX.Element {
  const t = useT()
  const open = useTargets((s) => s.panelOpen)
  const busy = useTargets((s) => Object.keys(s.connecting).length > 0)
  const targets = useTargets((s) => s.targets)
  useCommand('panel.hosts', () => useTargets.getState().setPanelOpen(true))
  // "Connect to host: …" for every saved host, as its Connect button does.
  const entries = useMemo<FamilyEntry[]>(
    () =>
      targets.map((x) => ({
        family: 'host.open',
        key: x.id,
        vars: { name: x.tags.length > 0 ? `${x.name} (${x.tags.join(', ')})` : x.name },
        run: () => void useTargets.getState().connect(x.id),
      })),
    [targets],
  )
  useFamily('targets-hosts', entries)

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
