// Team sync state in the header (#18): local only, syncing, synced, offline with the number of
// this laptop's events waiting, or refused with the reason. Words, not only a colour; a click
// opens the Team panel.
import { Suspense, useEffect } from 'react'
import { useT } from '../../i18n/useT'
import { useTeam } from '../../stores/teamStore'
import { lazyPart, PartLoading } from '../../ui/lazyPart'
import { PresenceCount } from './Presence'
import './team.css'

// The panel (its form and the team schemas' constants) loads when first opened (issue #20).
const TeamPanel = lazyPart(() => import('./TeamPanel'), 'TeamPanel')

export function TeamBadge(): React.JSX.Element {
  const t = useT()
  const status = useTeam((s) => s.status)
  const open = useTeam((s) => s.panelOpen)
  const setPanel = useTeam((s) => s.setPanel)
  useEffect(() => void useTeam.getState().load(), [])
  const state = status?.state ?? 'local-only'
  const label = t(`team.state.${state}`, { n: status?.waiting ?? 0 })
  const tooltip =
    state === 'refused' || state === 'offline'
      ? (status?.error ?? label)
      : state === 'local-only'
        ? t('team.tooltip.local-only')
        : status?.wakeups === 'polling'
          ? t('team.tooltip.polling')
          : t('team.tooltip.synced', { server: status?.server ?? '' })
  return (
    <>
      <button
        type="button"
        className={`team-badge team-${state}`}
        data-testid="team-badge"
        data-state={state}
        title={tooltip}
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setPanel(!open)}
      >
        <span className="team-dot" aria-hidden="true" />
        <span className="team-label">{label}</span>
      </button>
      <PresenceCount />
      {open ? (
        <Suspense fallback={<PartLoading />}>
          <TeamPanel onClose={() => setPanel(false)} />
        </Suspense>
      ) : null}
    </>
  )
}
