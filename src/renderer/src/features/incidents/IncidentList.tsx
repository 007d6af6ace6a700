// Every incident, open ones first: filters by severity, status, service and date, full-text
// search over titles, notes, events and transcripts (FTS in main). Clicking one makes it active.
import { useEffect, useState } from 'react'
import { incidentStatuses } from '../../../../shared/incidents'
import type { IncidentPage, IncidentStatus } from '../../../../shared/contract'
import { api } from '../../api'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { InlineError } from '../../ui/InlineError'

const PAGE = 50

const dayStart = (d: string): number | undefined =>
  d ? new Date(`${d}T00:00`).getTime() : undefined
const dayEnd = (d: string): number | undefined =>
  d ? new Date(`${d}T00:00`).getTime() + 86_400_000 - 1 : undefined

export function IncidentList({ onPicked }: { onPicked(): void }): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const levels = useIncidents((s) => s.settings?.severityScheme.levels ?? [])
  const activeId = useIncidents((s) => s.activeId)
  const [text, setText] = useState('')
  const [severity, setSeverity] = useState('')
  const [status, setStatus] = useState<IncidentStatus | ''>('')
  const [service, setService] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [limit, setLimit] = useState(PAGE)
  const [page, setPage] = useState<IncidentPage | null>(null)
  const [error, setError] = useState<unknown>(null)
  // Bumped when any incident changes (here or by a timer), so the open list never shows a stale
  // status or severity; the query below is debounced, so a burst of changes costs one query.
  const [revision, setRevision] = useState(0)
  useEffect(() => api.on('incident.changed', () => setRevision((r) => r + 1)), [])
  // While the search index catches up (page.indexing), ask again each second: the count falls and
  // the newer events join the results.
  const indexing = page?.indexing ?? 0
  useEffect(() => {
    if (indexing <= 0) return
    const timer = setTimeout(() => setRevision((r) => r + 1), 1_000)
    return () => clearTimeout(timer)
  }, [indexing, page])

  useEffect(() => {
    let live = true
    // Debounced: a search per keystroke over thousands of incidents is wasted work.
    const timer = setTimeout(() => {
      api
        .call('incidents.list', {
          text: text.trim() || undefined,
          severity: severity ? [severity] : undefined,
          status: status ? [status] : undefined,
          service: service.trim() || undefined,
          from: dayStart(from),
          to: dayEnd(to),
          limit,
        })
        .then((p) => {
          if (!live) return
          setPage(p)
          setError(null)
        })
        .catch((err: unknown) => live && setError(err))
    }, 200)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [text, severity, status, service, from, to, limit, revision])

  return (
    <div className="incident-list" data-testid="incident-list">
      <div className="il-filters">
        <input
          type="search"
          className="il-search"
          data-testid="incident-search"
          placeholder={t('incident.list.search')}
          aria-label={t('incident.list.search')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <select
          aria-label={t('incident.list.severity')}
          value={severity}
          onChange={(e) => setSeverity(e.target.value)}
        >
          <option value="">
            {t('incident.list.severity')}: {t('incident.list.any')}
          </option>
          {levels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.id}
            </option>
          ))}
        </select>
        <select
          aria-label={t('incident.list.status')}
          value={status}
          onChange={(e) => setStatus(e.target.value as IncidentStatus | '')}
        >
          <option value="">
            {t('incident.list.status')}: {t('incident.list.any')}
          </option>
          {incidentStatuses.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
        <input
          aria-label={t('incident.list.service')}
          placeholder={t('incident.list.service')}
          value={service}
          onChange={(e) => setService(e.target.value)}
        />
        <label>
          {t('incident.list.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('incident.list.to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <InlineError error={error} testId="incident-list-error" />
      {page ? <p className="muted">{t('incident.list.total', { count: page.total })}</p> : null}
      {indexing > 0 ? (
        <p className="muted" role="status" data-testid="incident-search-indexing">
          {t('incident.list.indexing', { count: indexing })}
        </p>
      ) : null}
      {page && page.items.length === 0 ? (
        <p className="empty-state">{t('incident.list.empty')}</p>
      ) : null}
      <ul className="il-items">
        {page?.items.map((i) => (
          <li key={i.id}>
            <button
              type="button"
              className={`il-item${i.id === activeId ? ' active' : ''}`}
              data-testid="incident-list-item"
              data-id={i.id}
              onClick={() => {
                void useIncidents.getState().setActive(i.id)
                onPicked()
              }}
            >
              <span className="il-line">
                <span className="severity-badge">{i.severity}</span>
                <span className={`status-badge status-${i.status}`}>{t(`status.${i.status}`)}</span>
                <strong className="il-title">{i.title}</strong>
                {i.id === activeId ? <em className="muted">{t('incident.list.active')}</em> : null}
              </span>
              <span className="il-line muted">
                {new Date(i.declaredAt).toLocaleString(locale)}
                {i.services.length ? ` · ${i.services.join(', ')}` : ''}
                {i.commander ? ` · ${t('incident.list.commander', { name: i.commander })}` : ''}
              </span>
              {i.matches?.slice(0, 2).map((m, k) => (
                <span key={k} className="il-match">
                  {m.parts.map((part, j) =>
                    part.hit ? <mark key={j}>{part.text}</mark> : <span key={j}>{part.text}</span>,
                  )}
                </span>
              ))}
            </button>
          </li>
        ))}
      </ul>
      {page && page.items.length < page.total ? (
        <button
          type="button"
          className="inc-btn"
          onClick={() => setLimit(Math.min(limit + PAGE, 500))}
        >
          {t('incident.list.loadMore')}
        </button>
      ) : null}
    </div>
  )
}
