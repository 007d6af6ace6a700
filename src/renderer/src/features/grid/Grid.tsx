// The terminal grid: every pane of this window laid out in fixed slot steps, plus the button
// that opens another local shell.
import { useEffect } from 'react'
import { useT } from '../../i18n/useT'
import { useSessions } from '../../stores/sessionsStore'
import { gridShape } from './gridShape'
import { focusPane, retainViews } from './paneViews'
import { TerminalPane } from './TerminalPane'

export function Grid(): React.JSX.Element {
  const t = useT()
  const panes = useSessions((s) => s.panes)
  const opening = useSessions((s) => s.opening)
  const openLocal = useSessions((s) => s.openLocal)

  // Runs after the panes' own effects, so a pane that just arrived already has its terminal.
  useEffect(() => retainViews(panes.map((p) => p.id)), [panes])

  const shape = gridShape(panes.length)
  return (
    <section className="area grid-area" data-testid="grid" aria-label={t('grid.title')}>
      <header className="area-header">
        <h2>{t('grid.title')}</h2>
        <button
          type="button"
          className="button button-small"
          data-testid="open-local-shell"
          title={t('grid.addLocal.tooltip')}
          disabled={opening}
          onClick={() =>
            void openLocal().then((info) => {
              if (info) focusPane(info.id)
            })
          }
        >
          {t('grid.addLocal')}
        </button>
      </header>
      {panes.length === 0 ? (
        <p className="empty-state">{opening ? t('grid.opening') : t('grid.empty')}</p>
      ) : (
        <div
          className="pane-grid"
          style={{
            gridTemplateColumns: `repeat(${shape.cols}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${shape.rows}, minmax(${panes.length > 16 ? '180px' : '0'}, 1fr))`,
          }}
        >
          {panes.map((p) => (
            <TerminalPane key={p.id} info={p} />
          ))}
        </div>
      )}
    </section>
  )
}
