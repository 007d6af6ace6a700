// The incident timeline column: the active incident's events, newest at the bottom, windowed so
// a 100 000-event timeline stays smooth; a row opens its details (pin, amend); a note composer
// at the bottom; "verify" checks the hash chain. In a team (#18) it is the merged incident
// timeline: every laptop's events in the agreed order, rows keyed by (origin, uid), other
// laptops' rows with their author and laptop, this laptop's rows the server does not have yet
// marked, and the conflict lines on the change that was kept.
import { clock, kindClass, ROW_HEIGHT } from '../../../../shared/firstScreenSketch'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { TeamConflict, TeamTimelineEvent, TimelineEvent } from '../../../../shared/contract'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useCommand } from '../../stores/commandsStore'
import { useTeam } from '../../stores/teamStore'
import { describeEvent } from './describeEvent'
import { EventDetail } from './EventDetail'
import { NoteComposer } from './NoteComposer'
import { rowKey, useMergedTimeline } from './mergedTimelineStore'
import { useTimeline } from './timelineStore'
import { VirtualRows } from './VirtualRows'
import './timeline.css'

const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v))

export function Timeline(): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const activeId = useIncidents((s) => s.activeId)
  const pinned = useIncidents((s) => s.incident?.pinned)
  const local = useTimeline()
  const { verdict, verify } = local
  const team = useMergedTimeline()
  // A team is configured: the pane shows the merged timeline.
  const merged = useTeam((s) => s.settings !== null)
  const lastSyncAt = useTeam((s) => s.status?.lastSyncAt ?? null)
  const waiting = useTeam((s) => s.status?.waiting ?? 0)
  const events: (TimelineEvent | TeamTimelineEvent)[] = merged ? team.events : local.events
  const hasOlder = merged ? team.hasOlder : local.hasOlder
  const loadingOlder = merged ? team.loadingOlder : local.loadingOlder
  const loadOlder = merged ? team.loadOlder : local.loadOlder
  const [selected, setSelected] = useState<string | null>(null)

  // The local timeline follows the active incident by itself (timelineStore.ts, started by
  // render.tsx so its first page is asked for before this mounts). A selection from another
  // incident finds no event here and simply shows nothing.
  useEffect(() => {
    if (merged) void useMergedTimeline.getState().open(activeId)
  }, [merged, activeId])
  // Every finished sync cycle (and every change of what waits) may have moved rows.
  useEffect(() => {
    if (merged) void useMergedTimeline.getState().refresh()
  }, [merged, lastSyncAt, waiting])
  const conflictByUid = useMemo(() => {
    const m = new Map<string, TeamConflict>()
    if (merged) for (const c of team.conflicts) m.set(c.kept.uid, c)
    return m
  }, [merged, team.conflicts])

  const index = useMemo(() => {
    const seqByUid = new Map<string, number>()
    const corrections = new Map<string, TimelineEvent>()
    for (const e of events) {
      seqByUid.set(e.uid, e.seq)
      if (e.amends) corrections.set(e.amends, e)
    }
    return { seqByUid, corrections }
  }, [events])
  const pinnedSet = useMemo(() => new Set(pinned ?? []), [pinned])
  const seqOf = useCallback((uid: string) => index.seqByUid.get(uid) ?? null, [index])

  const onNearTop = useCallback(() => void loadOlder(), [loadOlder])
  useCommand(
    'incident.verify',
    () => void verify(),
    () => activeId !== null,
  )

  const renderRow = (i: number): React.JSX.Element | null => {
    const e = events[i]
    if (!e) return null
    const d = describeEvent(locale, e, seqOf)
    const correction = index.corrections.get(e.uid)
    const isPinned = pinnedSet.has(e.uid)
    const summary = correction
      ? (describeEvent(locale, correction, seqOf).body ?? d.summary)
      : d.summary
    const te = merged ? (e as TeamTimelineEvent) : null
    const foreign = te !== null && te.origin !== team.self
    const conflict = conflictByUid.get(e.uid)
    const conflictText = conflict
      ? t('team.timeline.conflict', {
          field: conflict.field,
          kept: show(conflict.kept.value),
          keptBy: `${conflict.kept.actor ?? '?'} (${conflict.kept.origin})`,
          lost: show(conflict.overridden.value),
          lostBy: `${conflict.overridden.actor ?? '?'} (${conflict.overridden.origin})`,
        })
      : null
    return (
      <button
        type="button"
        className={`tl-row ${kindClass(e.kind)}${isPinned ? ' pinned' : ''}${
          selected === e.uid ? ' selected' : ''
        }`}
        data-testid="timeline-row"
        data-kind={e.kind}
        data-seq={e.seq}
        data-pinned={isPinned}
        data-origin={te?.origin}
        data-author={te ? te.author : undefined}
        data-waiting={te && !te.shared ? true : undefined}
        title={`#${e.seq} ${new Date(e.at).toLocaleString(locale)} (${e.tz})${
          te ? ` · ${te.author || '…'}@${te.originName}` : ''
        }\n${d.summary}${conflictText ? `\n${conflictText}` : ''}`}
        onClick={() => setSelected(selected === e.uid ? null : e.uid)}
      >
        <span className="tl-meta">
          <time dateTime={new Date(e.at).toISOString()}>{clock(locale, e.at)}</time>
          <span className="tl-kind">{d.label}</span>
          {isPinned ? <span className="tl-badge pin">{t('timeline.pinned')}</span> : null}
          {correction ? <span className="tl-badge fix">{t('timeline.amended')}</span> : null}
          {te && !te.shared ? (
            <span className="tl-badge waiting" data-testid="timeline-waiting">
              {t('timeline.team.waiting')}
            </span>
          ) : null}
          {conflict ? (
            <span className="tl-badge conflict" data-testid="timeline-conflict">
              {t('timeline.team.conflict')}
            </span>
          ) : null}
          {foreign && te ? (
            <span className="tl-who" data-testid="timeline-who">
              {te.author}@{te.originName}
            </span>
          ) : null}
          <span className="tl-actor">{e.actor ?? ''}</span>
        </span>
        <span className="tl-summary">{summary}</span>
      </button>
    )
  }

  const selectedEvent = selected ? events.find((e) => e.uid === selected) : undefined

  return (
    <section className="area timeline-area" data-testid="timeline" aria-label={t('timeline.title')}>
      <header className="area-header">
        <h2>{t('timeline.title')}</h2>
        {merged && activeId ? (
          <span
            className="tl-merged"
            data-testid="timeline-merged"
            title={`${t('timeline.team.merged')}\n${t('timeline.team.search')}`}
          >
            {t('team.panel.title')}
          </span>
        ) : null}
        {activeId ? (
          <span className="tl-tools">
            {verdict ? (
              <span
                className={`tl-verdict ${verdict.intact ? 'ok' : 'bad'}`}
                data-testid="timeline-verdict"
                data-intact={verdict.intact}
              >
                {verdict.intact
                  ? t('timeline.verify.intact', { count: verdict.events })
                  : t('timeline.verify.broken', {
                      seq: verdict.brokenAtSeq ?? '?',
                      reason: verdict.reason ?? '',
                    })}
              </span>
            ) : null}
            <button
              type="button"
              className="inc-btn"
              data-testid="timeline-verify"
              title={t('timeline.verify.tooltip')}
              onClick={() => void verify()}
            >
              {t('timeline.verify')}
            </button>
          </span>
        ) : null}
      </header>
      {!activeId ? (
        <div className="area-body">
          <p className="empty-state">{t('timeline.noIncident')}</p>
        </div>
      ) : (
        <div className="tl-body">
          <VirtualRows
            testId="timeline-list"
            count={events.length}
            rowHeight={ROW_HEIGHT}
            firstKey={
              merged
                ? team.events[0]
                  ? rowKey(team.events[0])
                  : null
                : (local.events[0]?.seq ?? null)
            }
            renderRow={renderRow}
            onNearTop={onNearTop}
            header={
              <span className="tl-edge">
                {hasOlder || loadingOlder ? t('timeline.loadingOlder') : t('timeline.start')}
              </span>
            }
          />
          {selectedEvent ? (
            <EventDetail
              incidentId={activeId}
              event={selectedEvent}
              correction={index.corrections.get(selectedEvent.uid) ?? null}
              pinned={pinnedSet.has(selectedEvent.uid)}
              seqOf={seqOf}
              onClose={() => setSelected(null)}
            />
          ) : null}
          <NoteComposer incidentId={activeId} />
        </div>
      )}
    </section>
  )
}
