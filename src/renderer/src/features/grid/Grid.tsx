// The terminal grid: every pane of this window in the layout the responder chose (or the
// smallest that fits), in the order they arranged, a page at a time, or one pane maximised.
import { useEffect, useMemo } from 'react'
import { useT } from '../../i18n/useT'
import { useSessions } from '../../stores/sessionsStore'
import { recordBroadcastLines } from './broadcast/recordBroadcastLines'
import { GridToolbar } from './GridToolbar'
import { arrange, place, slotsFor } from './layout'
import { useLayout } from './layoutStore'
import { retainViews } from './paneViews'
import { TerminalPane } from './TerminalPane'

/** Esc inside a terminal, a text field or a list belongs to them (vim, less, readline). */
function escapeBelongsElsewhere(target: EventTarget | null): boolean {
  return (
    target instanceof Element &&
    target.closest('.xterm, .pane-search, input[type="text"], textarea, select, dialog') !== null
  )
}

export function Grid(): React.JSX.Element {
  const t = useT()
  const panes = useSessions((s) => s.panes)
  const opening = useSessions((s) => s.opening)
  const choice = useLayout((s) => s.choice)
  const remembered = useLayout((s) => s.order)
  const page = useLayout((s) => s.page)
  const maximised = useLayout((s) => s.maximised)

  useEffect(() => recordBroadcastLines(), [])

  // Runs after the panes' own effects, so a pane that just arrived already has its terminal.
  useEffect(() => retainViews(panes.map((p) => p.id)), [panes])

  useEffect(() => {
    if (maximised === null) return
    const onKey = (ev: KeyboardEvent): void => {
      if (ev.key !== 'Escape' || ev.defaultPrevented || escapeBelongsElsewhere(ev.target)) return
      useLayout.getState().maximise(null)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [maximised])

  const order = useMemo(
    () =>
      arrange(
        panes.map((p) => p.id),
        remembered,
      ),
    [panes, remembered],
  )
  const slots = slotsFor(choice, panes.length)
  const placement = place(order, slots, page, maximised)

  return (
    <section className="area grid-area" data-testid="grid" aria-label={t('grid.title')}>
      <GridToolbar placement={placement} slots={slots} />
      {panes.length === 0 ? (
        <p className="empty-state">{opening ? t('grid.opening') : t('grid.empty')}</p>
      ) : (
        <div
          className="pane-grid"
          data-testid="grid-panes"
          data-layout={placement.maximised ? 'maximised' : slots}
          style={{
            gridTemplateColumns: `repeat(${placement.shape.cols}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${placement.shape.rows}, minmax(0, 1fr))`,
          }}
        >
          {panes.map((p) => (
            <TerminalPane
              key={p.id}
              info={p}
              position={placement.position.get(p.id) ?? 0}
              visible={placement.visible.has(p.id)}
            />
          ))}
        </div>
      )}
    </section>
  )
}
