// The incident timeline column: the active incident's events, newest at the bottom, windowed so
// a 100 000-event timeline stays smooth; a row opens its details (pin, amend); a note composer
// at the bottom; "verify" checks the hash chain.
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { TimelineEvent } from '../../../../shared/contract'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useCommand } from '../../stores/commandsStore'
import { describeEvent } from './describeEvent'
import { EventDetail } from './EventDetail'
import { NoteComposer } from './NoteComposer'
import { startTimeline, useTimeline } from './timelineStore'
import { VirtualRows } from './VirtualRows'
import './timeline.css'

const ROW = 46

const timeFormat = new Map<string, Intl.DateTimeFormat>()
function clock(locale: string, ms: number): string {
  let f = timeFormat.get(locale)
  if (!f) {
    // The responder's own time zone (the browser's), whatever zone recorded the event.
    f = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    timeFormat.set(locale, f)
  }
  return f.format(ms)
}

export function Timeline(): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const activeId = useIncidents((s) => s.activeId)
  const pinned = useIncidents((s) => s.incident?.pinned)
  const { events, hasOlder, loadingOlder, verdict, open, loadOlder, verify } = useTimeline()
  const [selected, setSelected] = useState<string | null>(null)

  useEffect(() => startTimeline(), [])
  // A selection from another incident finds no event here and simply shows nothing.
  useEffect(() => {
    void open(activeId)
  }, [activeId, open])

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
    return (
      <button
        type="button"
        className={`tl-row kind-${e.kind.replace(/[^a-z0-9]+/gi, '-')}${isPinned ? ' pinned' : ''}${
          selected === e.uid ? ' selected' : ''
        }`}
        data-testid="timeline-row"
        data-kind={e.kind}
        data-seq={e.seq}
        data-pinned={isPinned}
        title={`#${e.seq} ${new Date(e.at).toLocaleString(locale)} (${e.tz})\n${d.summary}`}
        onClick={() => setSelected(selected === e.uid ? null : e.uid)}
      >
        <span className="tl-meta">
          <time dateTime={new Date(e.at).toISOString()}>{clock(locale, e.at)}</time>
          <span className="tl-kind">{d.label}</span>
          {isPinned ? <span className="tl-badge pin">{t('timeline.pinned')}</span> : null}
          {correction ? <span className="tl-badge fix">{t('timeline.amended')}</span> : null}
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
            rowHeight={ROW}
            firstKey={events[0]?.seq ?? null}
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
