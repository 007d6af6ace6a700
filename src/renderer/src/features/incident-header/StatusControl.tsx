// The incident's status and the next lifecycle steps as buttons. main owns the rules (skips
// allowed, closing only from resolved, reopen with a reason); its refusal is shown as is.
import { useLayoutEffect, useMemo, useRef, useState } from 'react'
import { incidentStatuses } from '../../../../shared/incidents'
import type { Incident, IncidentStatus } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useFamily, type FamilyEntry } from '../../stores/commandsStore'
import { translate } from '../../i18n/translate'

/** The steps worth one click from `s`: the next one, and resolving while open. */
export function nextSteps(s: IncidentStatus): IncidentStatus[] {
  if (s === 'closed') return []
  if (s === 'resolved') return ['closed']
  const next = incidentStatuses[incidentStatuses.indexOf(s) + 1]
  const steps: IncidentStatus[] = next ? [next] : []
  if (next !== 'resolved') steps.push('resolved')
  return steps
}

export function StatusControl({
  incident,
  onError,
}: {
  incident: Incident
  onError(err: unknown): void
}): React.JSX.Element {
  const t = useT()
  const actor = useIncidents((s) => s.actor).trim() || null
  const [busy, setBusy] = useState(false)

  const act = async (fn: () => Promise<unknown>): Promise<void> => {
    setBusy(true)
    onError(null)
    try {
      await fn()
    } catch (err) {
      onError(err)
    } finally {
      setBusy(false)
    }
  }
  const move = (status: IncidentStatus): Promise<void> => {
    // Resolving stops the response timers and closing ends the incident: one stray click must
    // not do either, so both ask first (the browser's own dialog: modal, keyboard-first).
    if (
      (status === 'resolved' || status === 'closed') &&
      !window.confirm(t(`status.confirm.${status}`, { title: incident.title }))
    )
      return Promise.resolve()
    return act(() => api.call('incidents.changeStatus', { incidentId: incident.id, status, actor }))
  }
  const reopen = (): Promise<void> => {
    const reason = window.prompt(t('status.reopen.prompt'))
    if (!reason) return Promise.resolve()
    return act(() =>
      api.call('incidents.reopen', {
        incidentId: incident.id,
        reason,
        actor,
        status: 'investigating',
      }),
    )
  }

  // The palette's "Change status to …": the same move (and the same confirmation) as a click.
  const latestMove = useRef(move)
  useLayoutEffect(() => {
    latestMove.current = move
  })
  const paletteEntries = useMemo<FamilyEntry[]>(
    () =>
      incident.status === 'closed'
        ? []
        : incidentStatuses
            .filter((s) => s !== incident.status && s !== 'declared')
            .map((s) => ({
              family: 'incident.status',
              key: s,
              vars: {
                name: `${translate('en', `status.${s}`)} / ${translate('ja', `status.${s}`)}`,
              },
              run: () => latestMove.current(s),
            })),
    [incident.status],
  )
  useFamily('incident-status', paletteEntries)

  const others = incidentStatuses.filter(
    (s) => s !== incident.status && s !== 'declared' && !nextSteps(incident.status).includes(s),
  )
  return (
    <span className="status-control">
      <span
        className={`status-badge status-${incident.status}`}
        data-testid="incident-status"
        data-status={incident.status}
      >
        {t(`status.${incident.status}`)}
      </span>
      {nextSteps(incident.status).map((s) => (
        <button
          key={s}
          type="button"
          className="inc-btn"
          data-testid={`status-to-${s}`}
          title={t('status.moveTo.tooltip', { status: t(`status.${s}`) })}
          disabled={busy}
          onClick={() => void move(s)}
        >
          {t('status.moveTo', { status: t(`status.${s}`) })}
        </button>
      ))}
      {incident.status === 'closed' ? (
        <button
          type="button"
          className="inc-btn"
          data-testid="status-reopen"
          disabled={busy}
          onClick={() => void reopen()}
        >
          {t('status.reopen')}
        </button>
      ) : (
        <select
          className="status-other"
          aria-label={t('incident.list.status')}
          data-testid="status-other"
          value=""
          disabled={busy}
          onChange={(e) => {
            const s = e.target.value as IncidentStatus
            if (s) void move(s)
          }}
        >
          <option value="">…</option>
          {others.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}`)}
            </option>
          ))}
        </select>
      )}
    </span>
  )
}
