// The active incident as the team holds it (#18): the newest events this laptop has — its own
// and the ones pulled — in the order every laptop folds them, each with who wrote it on which
// laptop, this laptop's events the server does not have yet marked, and the conflict lines (two
// responders changed one field without seeing each other's change: the later is kept). Only the
// newest page: it is read again after every sync cycle, and the timeline pane holds the rest.
import { useEffect, useState } from 'react'
import type { TeamConflict, TeamTimelineEvent } from '../../../../shared/contract'
import { eventLine } from '../../../../shared/eventText'
import { api } from '../../api'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useTeam } from '../../stores/teamStore'

/** How many of the newest events the panel lists. */
const NEWEST = 50

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v))

export function TeamTimeline(): React.JSX.Element | null {
  const t = useT()
  const lang = useLocale((s) => s.locale)
  const incidentId = useIncidents((s) => s.activeId)
  // Every finished cycle moves lastSyncAt: read again then.
  const lastSyncAt = useTeam((s) => s.status?.lastSyncAt ?? null)
  const [events, setEvents] = useState<TeamTimelineEvent[]>([])
  const [conflicts, setConflicts] = useState<TeamConflict[]>([])
  const [older, setOlder] = useState(false)
  useEffect(() => {
    if (!incidentId) return
    let live = true
    Promise.all([
      api.call('team.timelinePage', { incidentId, floors: {}, limit: NEWEST }),
      api.call('team.conflicts', { incidentId }),
    ])
      .then(([page, found]) => {
        if (!live) return
        setEvents(page.events)
        setOlder(page.hasOlder)
        setConflicts(found)
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
      {older ? (
        <p className="muted" data-testid="team-timeline-older">
          {t('team.timeline.older', { n: NEWEST })}
        </p>
      ) : null}
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
