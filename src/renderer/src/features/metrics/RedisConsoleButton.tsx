// Console on a Redis source's card: opens a Redis console pane (redis.openConsole) for the active
// incident; the pane joins the grid like any terminal. A refused connection (wrong password,
// server down) shows under the button.
import type { SessionInfo } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useSessions } from '../../stores/sessionsStore'
import { InlineError } from '../../ui/InlineError'
import { useAction } from '../../ui/useAction'

export function RedisConsoleButton({ sourceId }: { sourceId: string }): React.JSX.Element {
  const t = useT()
  const open = useAction(async () => {
    const info: SessionInfo = await api.call('redis.openConsole', {
      sourceId,
      cols: 100,
      rows: 30,
      incidentId: useIncidents.getState().activeId,
    })
    // 'session.changed' brings it too; the reply may simply arrive first.
    useSessions.getState().applyChanged(info)
  })
  return (
    <>
      <button
        type="button"
        className="inc-btn"
        data-testid="metric-card-console"
        title={t('metrics.console.tooltip')}
        disabled={open.busy}
        onClick={() => void open.run()}
      >
        {t('metrics.console')}
      </button>
      <InlineError error={open.error} testId="metric-card-console-error" />
    </>
  )
}
