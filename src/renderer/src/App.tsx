// The window: the war-room layout when the database is usable, the recovery screen when it is
// not, and a plain waiting screen before the core has answered.
import { Checklist } from './features/checklist/Checklist'
import { ConnectionBanner } from './features/connection/ConnectionBanner'
import { Grid } from './features/grid/Grid'
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
import { useT } from './i18n/useT'
import { useApp } from './stores/appStore'

export function App(): React.JSX.Element {
  const t = useT()
  const status = useApp((s) => s.status)
  const connection = useApp((s) => s.connection)

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
        <Grid />
        <Checklist />
        <Metrics />
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
