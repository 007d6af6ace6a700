// One pane of the grid: a title bar (target, session state, close) over its terminal. The
// terminal itself lives in a TerminalView that survives this component's remounts.
import { useEffect, useRef } from 'react'
import type { SessionInfo } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'
import { useSessions } from '../../stores/sessionsStore'
import { ensureView, findView } from './paneViews'

interface Props {
  info: SessionInfo
}

export function TerminalPane({ info }: Props): React.JSX.Element {
  const t = useT()
  const bodyRef = useRef<HTMLDivElement>(null)
  const closePane = useSessions((s) => s.closePane)

  const { id } = info
  useEffect(() => {
    const body = bodyRef.current
    // Read the session from the store, not the prop: this effect runs once per pane, not per
    // state change, and must not capture a stale info.
    const current = useSessions.getState().panes.find((p) => p.id === id)
    if (!body || !current) return
    const view = ensureView(current)
    view.mount(body)
    return () => view.unmount()
  }, [id])

  useEffect(() => {
    findView(info.id)?.setInfo(info)
  }, [info])

  const closed = info.state === 'closed'
  return (
    <section
      className={`pane pane-${info.state}`}
      data-testid={`pane-${info.channel}`}
      aria-label={info.title}
    >
      <header className="pane-bar">
        <span className="pane-title" title={info.title}>
          {info.title}
        </span>
        <span className={`pane-state state-${info.state}`}>
          {t(`pane.state.${info.state}`)}
          {closed && info.exitCode !== null
            ? ` · ${t('pane.exitCode', { code: info.exitCode })}`
            : ''}
        </span>
        {info.error ? (
          <span className="pane-error" title={info.error}>
            {info.error}
          </span>
        ) : null}
        <button
          type="button"
          className="pane-close"
          aria-label={t('pane.close')}
          title={closed ? t('pane.close.closed') : t('pane.close.running')}
          onClick={() => void closePane(info.id)}
        >
          ×
        </button>
      </header>
      <div className="pane-body" ref={bodyRef} onMouseDown={() => findView(id)?.focus()} />
    </section>
  )
}
