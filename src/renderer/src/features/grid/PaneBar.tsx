// A pane's title bar: drag handle, broadcast checkbox (in broadcast mode), target and state,
// and the pane's tools (search, maximise/restore, close). Double-clicking it maximises.
import type { DragEvent } from 'react'
import type { SessionInfo } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'
import { useSessions } from '../../stores/sessionsStore'
import { HostSparkline } from '../../ui/HostSparkline'
import { useBroadcast } from '../../stores/broadcastStore'
import { useLayout } from './layoutStore'

interface Props {
  info: SessionInfo
  maximised: boolean
  onSearch(): void
  onDragStart(e: DragEvent<HTMLElement>): void
}

export function PaneBar({ info, maximised, onSearch, onDragStart }: Props): React.JSX.Element {
  const t = useT()
  const closePane = useSessions((s) => s.closePane)
  const maximise = useLayout((s) => s.maximise)
  const broadcastOn = useBroadcast((s) => s.on)
  const included = useBroadcast((s) => s.targets.has(info.id))
  const setTarget = useBroadcast((s) => s.setTarget)
  // A local shell that died with the core cannot come back; this pane offers the next best.
  const lostLocal = useSessions((s) => info.kind === 'local' && info.id in s.lost)
  const replaceLost = useSessions((s) => s.replaceLost)

  const closed = info.state === 'closed'
  const stateText =
    t(`pane.state.${info.state}`) +
    (closed && info.exitCode !== null ? ` · ${t('pane.exitCode', { code: info.exitCode })}` : '')
  return (
    <header
      className="pane-bar"
      draggable
      title={t('pane.drag')}
      onDragStart={onDragStart}
      onDoubleClick={(e) => {
        if ((e.target as HTMLElement).closest('button, input')) return
        maximise(maximised ? null : info.id)
      }}
    >
      {broadcastOn ? (
        <input
          type="checkbox"
          className="pane-broadcast-check"
          data-testid="broadcast-include"
          checked={included && !closed}
          disabled={closed}
          title={t('broadcast.include.tooltip')}
          aria-label={t('broadcast.include', { pane: info.title })}
          onChange={(e) => setTarget(info.id, e.target.checked)}
        />
      ) : null}
      <span className="pane-title" title={info.title}>
        {info.title}
      </span>
      <span className={`pane-state state-${info.state}`} title={stateText}>
        <span className="pane-state-text">{stateText}</span>
      </span>
      <HostSparkline info={info} />
      {lostLocal ? (
        <button
          type="button"
          className="pane-new-shell"
          data-testid="pane-new-shell"
          title={t('pane.newShell.tooltip')}
          onClick={() => void replaceLost(info.id)}
        >
          {t('pane.newShell')}
        </button>
      ) : null}
      {info.error ? (
        <span className="pane-error" title={info.error}>
          {info.error}
        </span>
      ) : null}
      <span className="pane-tools">
        <button
          type="button"
          className="pane-tool"
          data-testid="open-search"
          aria-label={t('pane.search')}
          title={t('pane.search')}
          onClick={onSearch}
        >
          <SearchIcon />
        </button>
        <button
          type="button"
          className="pane-tool"
          data-testid="maximise"
          aria-label={maximised ? t('pane.restore') : t('pane.maximise')}
          aria-pressed={maximised}
          title={maximised ? t('pane.restore') : t('pane.maximise')}
          onClick={() => maximise(maximised ? null : info.id)}
        >
          {maximised ? <RestoreIcon /> : <MaximiseIcon />}
        </button>
        <button
          type="button"
          className="pane-tool pane-close"
          aria-label={t('pane.close')}
          title={closed ? t('pane.close.closed') : t('pane.close.running')}
          onClick={() => void closePane(info.id)}
        >
          ×
        </button>
      </span>
    </header>
  )
}

// Icons are inline SVG: the CSP and the offline promise rule out icon fonts from elsewhere.
function SearchIcon(): React.JSX.Element {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <circle cx="6.5" cy="6.5" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M10 10l4.5 4.5" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  )
}

function MaximiseIcon(): React.JSX.Element {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <rect
        x="2"
        y="2"
        width="12"
        height="12"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
      />
    </svg>
  )
}

function RestoreIcon(): React.JSX.Element {
  return (
    <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <rect x="2" y="5" width="9" height="9" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M5 5V2h9v9h-3" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  )
}
