// The grid's header: broadcast mode (toggle, all/none, the count of targets, always in sight
// while it is on), paging through panes that do not fit, the layout, and a new local shell.
import { useT } from '../../i18n/useT'
import { useSessions } from '../../stores/sessionsStore'
import { useBroadcast } from '../../stores/broadcastStore'
import { LAYOUTS, isLayoutChoice, slotsFor, type LayoutSlots, type Placement } from './layout'
import { useLayout } from './layoutStore'
import { focusPane } from './paneViews'

interface Props {
  placement: Placement
  slots: LayoutSlots
}

export function GridToolbar({ placement, slots }: Props): React.JSX.Element {
  const t = useT()
  const panes = useSessions((s) => s.panes)
  const opening = useSessions((s) => s.opening)
  const openLocal = useSessions((s) => s.openLocal)
  const choice = useLayout((s) => s.choice)
  const setChoice = useLayout((s) => s.setChoice)
  const setPage = useLayout((s) => s.setPage)
  const broadcastOn = useBroadcast((s) => s.on)
  const targets = useBroadcast((s) => s.targets)
  const setBroadcast = useBroadcast((s) => s.setOn)
  const setTargets = useBroadcast((s) => s.setTargets)

  const openIds = panes.filter((p) => p.state !== 'closed').map((p) => p.id)
  const count = openIds.filter((id) => targets.has(id)).length
  const { page, pages } = placement
  const first = page * slots + 1
  const last = Math.min(panes.length, (page + 1) * slots)

  return (
    <header className="area-header grid-header">
      <h2>{t('grid.title')}</h2>
      <div className="grid-tools">
        {broadcastOn ? (
          <span className="broadcast-count" data-testid="broadcast-count" role="status">
            {count === 1 ? t('broadcast.count.one') : t('broadcast.count.other', { count })}
          </span>
        ) : null}
        {broadcastOn ? (
          <span className="broadcast-pick" role="group" aria-label={t('broadcast.pick')}>
            <button
              type="button"
              className="button button-small"
              data-testid="broadcast-all"
              title={t('broadcast.all.tooltip')}
              onClick={() => setTargets(openIds)}
            >
              {t('broadcast.all')}
            </button>
            <button
              type="button"
              className="button button-small"
              data-testid="broadcast-none"
              title={t('broadcast.none.tooltip')}
              onClick={() => setTargets([])}
            >
              {t('broadcast.none')}
            </button>
          </span>
        ) : null}
        <button
          type="button"
          className={`button button-small broadcast-toggle${broadcastOn ? ' active' : ''}`}
          data-testid="broadcast-toggle"
          aria-pressed={broadcastOn}
          title={broadcastOn ? t('broadcast.toggle.on') : t('broadcast.toggle.off')}
          onClick={() => setBroadcast(!broadcastOn, openIds)}
        >
          {t('broadcast.toggle')}
        </button>
        {pages > 1 ? (
          <span className="grid-pager" role="group" aria-label={t('grid.pages')}>
            <button
              type="button"
              className="button button-small"
              data-testid="grid-page-previous"
              aria-label={t('grid.page.previous')}
              title={t('grid.page.previous')}
              disabled={page === 0}
              onClick={() => setPage(page - 1)}
            >
              ‹
            </button>
            <span className="grid-page" data-testid="grid-page">
              {t('grid.page', { first, last, total: panes.length })}
            </span>
            <button
              type="button"
              className="button button-small"
              data-testid="grid-page-next"
              aria-label={t('grid.page.next')}
              title={t('grid.page.next')}
              disabled={page >= pages - 1}
              onClick={() => setPage(page + 1)}
            >
              ›
            </button>
          </span>
        ) : null}
        <label className="grid-layout" title={t('grid.layout')}>
          <span className="visually-hidden">{t('grid.layout')}</span>
          <select
            data-testid="grid-layout"
            value={String(choice)}
            onChange={(e) => {
              const value = e.target.value === 'auto' ? 'auto' : Number(e.target.value)
              if (isLayoutChoice(value)) setChoice(value)
            }}
          >
            <option value="auto">
              {t('grid.layout.auto', { count: slotsFor('auto', panes.length) })}
            </option>
            {LAYOUTS.map((n) => (
              <option key={n} value={String(n)}>
                {n === 1 ? t('grid.layout.one') : t('grid.layout.many', { count: n })}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button button-small"
          data-testid="open-local-shell"
          title={t('grid.addLocal.tooltip')}
          disabled={opening}
          onClick={() =>
            void openLocal().then((info) => {
              if (!info) return
              const ids = useSessions.getState().panes.map((p) => p.id)
              useLayout.getState().reveal(ids, info.id)
              focusPane(info.id)
            })
          }
        >
          {t('grid.addLocal')}
        </button>
      </div>
    </header>
  )
}
