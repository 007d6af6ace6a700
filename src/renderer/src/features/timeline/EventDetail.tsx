// One timeline event opened: its full text (safe Markdown), the correction if it was amended,
// and the two things a responder may do to an event: pin it, or amend it with a new event
// (the original is never edited).
import { useState } from 'react'
import type { TimelineEvent } from '../../../../shared/contract'
import { api } from '../../api'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { InlineError } from '../../ui/InlineError'
import { describeEvent } from './describeEvent'
import { RunOutput } from './RunOutput'
import { Markdown } from '../../ui/Markdown'

interface Props {
  incidentId: string
  event: TimelineEvent
  correction: TimelineEvent | null
  pinned: boolean
  seqOf(uid: string): number | null
  onClose(): void
}

export function EventDetail({
  incidentId,
  event,
  correction,
  pinned,
  seqOf,
  onClose,
}: Props): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const actor = useIncidents((s) => s.actor).trim() || null
  const [amending, setAmending] = useState(false)
  const [text, setText] = useState('')
  const [error, setError] = useState<unknown>(null)
  const d = describeEvent(locale, event, seqOf)
  const fix = correction ? describeEvent(locale, correction, seqOf) : null

  const run = async (fn: () => Promise<unknown>, after?: () => void): Promise<void> => {
    setError(null)
    try {
      await fn()
      after?.()
    } catch (err) {
      setError(err)
    }
  }

  return (
    <div className="tl-detail" data-testid="event-detail">
      <div className="tl-detail-head">
        <strong>
          #{event.seq} {d.label}
        </strong>
        <span>{new Date(event.at).toLocaleString(locale)}</span>
        <button
          type="button"
          className="inc-icon-btn"
          aria-label={t('incident.close')}
          onClick={onClose}
        >
          ×
        </button>
      </div>
      <div className="tl-detail-body">
        {d.body ? <Markdown text={d.body} /> : <p>{d.summary}</p>}
        {event.kind === 'command.ran' && typeof event.payload.runId === 'string' ? (
          <RunOutput key={event.uid} runId={event.payload.runId} />
        ) : null}
        {fix ? (
          <div className="tl-correction" data-testid="event-correction">
            <em>{t('timeline.amended')}</em>
            <Markdown text={fix.body ?? fix.summary} />
          </div>
        ) : null}
      </div>
      {amending ? (
        <div className="tl-amend">
          <textarea
            data-testid="amend-input"
            rows={3}
            value={text}
            placeholder={t('timeline.amend.placeholder')}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
      ) : null}
      <InlineError error={error} testId="event-error" />
      <div className="tl-detail-actions">
        <button
          type="button"
          className="inc-btn"
          data-testid="event-pin"
          onClick={() =>
            void run(() =>
              api.call('incidents.setPinned', {
                incidentId,
                eventUid: event.uid,
                pinned: !pinned,
                actor,
              }),
            )
          }
        >
          {pinned ? t('timeline.unpin') : t('timeline.pin')}
        </button>
        {amending ? (
          <button
            type="button"
            className="inc-btn primary"
            data-testid="amend-save"
            disabled={text.trim() === ''}
            onClick={() =>
              void run(
                () => api.call('incidents.amend', { incidentId, eventUid: event.uid, text, actor }),
                () => {
                  setText('')
                  setAmending(false)
                },
              )
            }
          >
            {t('timeline.amend.save')}
          </button>
        ) : (
          <button
            type="button"
            className="inc-btn"
            data-testid="event-amend"
            onClick={() => setAmending(true)}
          >
            {t('timeline.amend')}
          </button>
        )}
      </div>
    </div>
  )
}
