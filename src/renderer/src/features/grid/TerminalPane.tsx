// One pane of the grid: a title bar over its terminal, a search box on request, and its place
// in the layout. The terminal itself lives in a TerminalView that survives this component's
// remounts; a pane off screen (another page, or behind a maximised pane) stays mounted but
// hidden, so its session keeps flowing and acknowledging.
import { useEffect, useRef, useState } from 'react'
import type { SessionInfo } from '../../../../shared/contract'
import { useSessions } from '../../stores/sessionsStore'
import { useBroadcast } from '../../stores/broadcastStore'
import { useLayout } from './layoutStore'
import { PaneBar } from './PaneBar'
import { PaneSearch } from './PaneSearch'
import { ensureView, findView } from './paneViews'

/** What a title bar carries while it is dragged onto another pane. */
export const PANE_DRAG_TYPE = 'application/x-sitrep-pane'

interface Props {
  info: SessionInfo
  /** Place in the responder's order (CSS order: panes never move in the DOM, so none loses
   * focus or its terminal when the arrangement changes). */
  position: number
  visible: boolean
}

export function TerminalPane({ info, position, visible }: Props): React.JSX.Element {
  const bodyRef = useRef<HTMLDivElement>(null)
  const [searchRequest, setSearchRequest] = useState(0)
  const [dropping, setDropping] = useState(false)
  const broadcastTarget = useBroadcast((s) => s.on && s.targets.has(info.id))
  const maximised = useLayout((s) => s.maximised === info.id)

  const { id } = info
  useEffect(() => {
    const body = bodyRef.current
    // Read the session from the store, not the prop: this effect runs once per pane, not per
    // state change, and must not capture a stale info.
    const current = useSessions.getState().panes.find((p) => p.id === id)
    if (!body || !current) return
    const view = ensureView(current)
    view.mount(body)
    const offSearch = view.onSearchRequest(() => setSearchRequest((n) => n + 1))
    return () => {
      offSearch()
      view.unmount()
    }
  }, [id])

  useEffect(() => {
    findView(info.id)?.setInfo(info)
  }, [info])

  const closeSearch = (): void => {
    setSearchRequest(0)
    findView(id)?.focus()
  }

  const classes = ['pane', `pane-${info.state}`]
  if (!visible) classes.push('pane-hidden')
  if (maximised) classes.push('pane-maximised')
  if (broadcastTarget) classes.push('pane-broadcast-target')
  if (dropping) classes.push('pane-drop-target')

  return (
    <section
      className={classes.join(' ')}
      style={{ order: position }}
      data-testid={`pane-${info.channel}`}
      aria-label={info.title}
      aria-hidden={visible ? undefined : true}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(PANE_DRAG_TYPE)) return
        e.preventDefault()
        e.dataTransfer.dropEffect = 'move'
        setDropping(true)
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false)
      }}
      onDrop={(e) => {
        const from = e.dataTransfer.getData(PANE_DRAG_TYPE)
        setDropping(false)
        if (!from) return
        e.preventDefault()
        if (from === id) return
        const ids = useSessions.getState().panes.map((p) => p.id)
        useLayout.getState().swap(ids, from, id)
      }}
    >
      <PaneBar
        info={info}
        maximised={maximised}
        onSearch={() => setSearchRequest((n) => n + 1)}
        onDragStart={(e) => {
          e.dataTransfer.setData(PANE_DRAG_TYPE, id)
          e.dataTransfer.effectAllowed = 'move'
        }}
      />
      <div className="pane-body" ref={bodyRef} onMouseDown={() => findView(id)?.focus()}>
        {searchRequest > 0 ? (
          <PaneSearch sessionId={id} request={searchRequest} onClose={closeSearch} />
        ) : null}
      </div>
    </section>
  )
}
