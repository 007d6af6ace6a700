// The window: the war-room layout when the database is usable, the recovery screen when it is
// not, and a plain waiting screen before the core has answered.
import { Checklist } from './features/checklist/Checklist'
import { ConnectionBanner } from './features/connection/ConnectionBanner'
import { HostKeyPrompt } from './features/host-key/HostKeyPrompt'
import { IncidentHeader } from './features/incident-header/IncidentHeader'
import { IncidentPanels } from './features/incidents/IncidentPanels'
import { KeyboardLayer } from './features/keyboard/KeyboardLayer'
import { Metrics } from './features/metrics/Metrics'
import { Replay } from './features/replay/Replay'
import { SecretsUnlock } from './features/secrets-unlock/SecretsUnlock'
import { StoreCheck } from './features/store-problem/StoreCheck'
import { StoreProblem } from './features/store-problem/StoreProblem'
import { Targets } from './features/targets/Targets'
import { Timeline } from './features/timeline/Timeline'
import { Toasts } from './features/toasts/Toasts'
import { Suspense, useEffect, useState } from 'react'
import { useT } from './i18n/useT'
import { useApp } from './stores/appStore'
import { markFirstPaint } from './stores/firstPaint'
import { lazyPart } from './ui/lazyPart'
import { onFirstScreenChange, timelineShown } from './firstScreenReady'

/**
 * The terminal grid with xterm.js and its WebGL addon (~480 KB of the ~1.2 MB the first screen
 * parsed) is a chunk of its own, loaded when the grid mounts after the timeline's first paint.
 */
const Grid = lazyPart(() => import('./features/grid/Grid'), 'Grid')

/** The grid's slot while its chunk loads: the same area and title, so nothing moves after it. */
function GridLoading(): React.JSX.Element {
  const t = useT()
  return (
    <section className="area grid-area" aria-busy="true" data-testid="grid-loading">
      <header className="area-header grid-header">
        <h2>{t('grid.title')}</h2>
      </header>
    </section>
  )
}

/** The longest the other panels wait for the timeline (an empty one, a failed read). */
const SECONDARY_WAIT_MS = 800

/**
 * Whether the panels beside the timeline (terminal grid, checklist, metrics strip) may mount. The
 * newest events are what a responder opens the app for: with an incident open, the timeline's
 * first page is read and painted before the terminal panes are created (a WebGL context each, a
 * local shell spawned in core) and the strip's charts, so those no longer delay it (issue #20).
 * With no incident to show they come as soon as that is known; with an empty or unreadable
 * timeline after SECONDARY_WAIT_MS.
 */
function useTimelineFirst(ready: boolean): boolean {
  const [later, setLater] = useState(false)
  useEffect(() => {
    if (!ready || later) return
    let frame = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    // After the frame that paints the rows: the next frame's callback runs once it was drawn.
    const go = (): void => {
      if (frame) return
      frame = requestAnimationFrame(() => {
        timer = setTimeout(() => {
          markFirstPaint()
          setLater(true)
        }, 0)
      })
    }
    // Rows painted, or no incident to show at all (nothing will be).
    if (timelineShown()) go()
    const off = onFirstScreenChange(() => timelineShown() && go())
    const fallback = setTimeout(go, SECONDARY_WAIT_MS)
    return () => {
      off()
      clearTimeout(fallback)
      clearTimeout(timer)
      cancelAnimationFrame(frame)
    }
  }, [ready, later])
  return later
}

export function App(): React.JSX.Element {
  const t = useT()
  const status = useApp((s) => s.status)
  const connection = useApp((s) => s.connection)
  const panels = useTimelineFirst(status?.state === 'ready')

  let body: React.JSX.Element
  if (!status) {
    body = (
      <main className="waiting" data-testid="waiting">
        <p>{connection === 'disconnected' ? t('app.unreachable') : t('app.loading')}</p>
      </main>
    )
  } else if (status.state === 'unavailable') {
    body = <StoreProblem status={status} />
  } else {
    body = (
      <main className="war-room">
        <Timeline />
        {panels ? (
          <Suspense fallback={<GridLoading />}>
            <Grid />
          </Suspense>
        ) : null}
        {panels ? <Checklist /> : null}
        {panels ? <Metrics /> : null}
        {status.state === 'ready' ? (
          <nav className="dock" aria-label={t('dock.label')}>
            <Targets />
            <Replay />
          </nav>
        ) : null}
      </main>
    )
  }

  return (
    <div className="app">
      <IncidentHeader />
      <ConnectionBanner />
      {/* A big file's full check, answered after the first paint (issue #20). */}
      {status?.state === 'ready' ? <StoreCheck status={status} /> : null}
      {body}
      {status?.state === 'ready' ? <IncidentPanels /> : null}
      {/* Host-key questions come from any connection, with the Hosts sheet open or not. */}
      {status?.state === 'ready' ? <HostKeyPrompt /> : null}
      {/* Saved passwords sealed with a passphrase: asked once the database is usable. */}
      {status?.state === 'ready' ? <SecretsUnlock /> : null}
      {status?.state === 'ready' ? <KeyboardLayer /> : null}
      <Toasts />
    </div>
  )
}
