// The active incident as the team holds it (#18): every event this laptop has — its own and the
// ones pulled — in the order every laptop folds them, each with who wrote it on which laptop,
// this laptop's events the server does not have yet marked, and the conflict lines (two
// responders changed one field without seeing each other's change: the later is kept).
import { useEffect, useState } from 'react'
import type { TeamConflict, TeamTimelineEvent } from '../../../../shared/contract'
import { eventLine } from '../../../../shared/eventText'
import { api } from '../../api'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useTeam } from '../../stores/teamStore'

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v))

export function TeamTimeline(): React.JSX.Element | null {
  const t = useT()
  const lang = useLocale((s) => s.locale)
  const incidentId = useIncidents((s) => s.activeId)
  // Every finished cycle moves lastSyncAt: read again then.
  const lastSyncAt = useTeam((s) => s.status?.lastSyncAt ?? null)
  const [events, setEvents] = useState<TeamTimelineEvent[]>([])
  const [conflicts, setConflicts] = useState<TeamConflict[]>([])
  useEffect(() => {
    if (!incidentId) return
    let live = true
    Promise.all([
      api.call('team.timeline', { incidentId }),
      api.call('team.projection', { incidentId }),
    ])
      .then(([list, projection]) => {
        if (!live) return
        setEvents(list)
        setConflicts(projection.conflicts)
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [incidentId, lastSyncAt])
  if (!incidentId) return null
  return (
    <section className="team-timeline" data-testid="team-timeline">
      <h3>{t('team.timeline.title')}</h3>
      {conflicts.map((c) => (
        <p key={c.kept.uid} className="team-conflict" data-testid="team-conflict">
          {t('team.timeline.conflict', {
            field: c.field,
            kept: show(c.kept.value),
            keptBy: `${c.kept.actor ?? '?'} (${c.kept.origin})`,
            lost: show(c.overridden.value),
            lostBy: `${c.overridden.actor ?? '?'} (${c.overridden.origin})`,
          })}
        </p>
      ))}
      {events.length === 0 ? <p className="muted">{t('team.timeline.empty')}</p> : null}
      <ol className="team-events">
        {events.map((e) => (
          <li key={`${e.origin}/${e.uid}`} className="team-event" data-testid="team-event">
            <span className="team-event-who">
              {e.author}@{e.originName}
            </span>{' '}
            {eventLine(e, { lang })}
            {e.shared ? null : (
              <em className="team-event-waiting"> {t('team.timeline.waiting')}</em>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}
