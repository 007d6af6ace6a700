// Shared transcripts in the Team panel (#18): this incident's sessions on this laptop, each with
// "Share with the team" (redacted here by the export redactor before it leaves; keystrokes never
// go), and the transcripts others shared, opened read only in the replay view.
import { useEffect, useState } from 'react'
import type { RecordingInfo, SharedTranscriptInfo } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useTeam } from '../../stores/teamStore'
import { InlineError } from '../../ui/InlineError'
import { useAction } from '../../ui/useAction'

export function TeamTranscripts(): React.JSX.Element | null {
  const t = useT()
  const incidentId = useIncidents((s) => s.activeId)
  const lastSyncAt = useTeam((s) => s.status?.lastSyncAt ?? null)
  const [mine, setMine] = useState<RecordingInfo[]>([])
  const [sharedIds, setSharedIds] = useState<string[]>([])
  const [others, setOthers] = useState<SharedTranscriptInfo[]>([])
  const [error, setError] = useState<unknown>(null)
  const [tick, setTick] = useState(0)
  useEffect(() => {
    if (!incidentId) return
    let live = true
    void Promise.all([
      // Panes are not tied to an incident: the recent sessions, shared for the open incident.
      api.call('sessions.recordings', { incidentId: null, limit: 20 }),
      api.call('team.sharedSessions', {}),
    ]).then(([list, ids]) => {
      if (!live) return
      setMine(list)
      setSharedIds(ids)
    })
    api
      .call('team.sharedTranscripts', { incidentId })
      .then((list) => {
        if (!live) return
        setOthers(list.filter((x) => !x.self))
        setError(null)
      })
      .catch((err: unknown) => live && setError(err))
    return () => {
      live = false
    }
  }, [incidentId, lastSyncAt, tick])
  const share = useAction(async (sessionId: string) => {
    if (!incidentId) return
    await api.call('team.shareSession', { sessionId, incidentId })
    setTick((n) => n + 1)
  })
  if (!incidentId) return null
  return (
    <section className="team-transcripts" data-testid="team-transcripts">
      <h3>{t('team.share.title')}</h3>
      <p className="muted team-redacted-note">{t('team.share.intro')}</p>
      <h4>{t('team.share.mine')}</h4>
      <ul className="team-shared-list">
        {mine.map((r) => (
          <li key={r.sessionId} className="team-shared-item" data-testid="team-my-session">
            <span className="mono">{r.title}</span>
            {sharedIds.includes(r.sessionId) ? (
              <span className="muted" data-testid="team-session-shared">
                {t('team.share.done')}
              </span>
            ) : (
              <button
                type="button"
                className="inc-btn"
                data-testid="team-share-session"
                disabled={share.busy}
                onClick={() => void share.run(r.sessionId)}
              >
                {t('team.share.button')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <InlineError error={share.error ?? error} testId="team-share-error" />
      <h4>{t('team.share.others')}</h4>
      {others.some((x) => x.offline) ? (
        <p className="muted" data-testid="team-shared-offline">
          {t('team.share.offline')}
        </p>
      ) : null}
      {others.length === 0 ? <p className="muted">{t('team.share.none')}</p> : null}
      <ul className="team-shared-list">
        {others.map((x) => (
          <li
            key={`${x.origin}/${x.sessionId}`}
            className="team-shared-item"
            data-testid="team-shared-transcript"
          >
            <span>
              <span className="mono">{x.title}</span>{' '}
              <span className="muted">
                {t('team.share.by', { author: x.author, laptop: x.originName })}
              </span>
              {x.kept > 0 && !x.offline ? (
                <span className="muted" data-testid="team-shared-kept">
                  {' · '}
                  {t('team.share.kept')}
                </span>
              ) : null}
            </span>
            <button
              type="button"
              className="inc-btn"
              data-testid="team-open-shared"
              onClick={() => useTeam.getState().openShared(x)}
            >
              {t('team.share.open')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
