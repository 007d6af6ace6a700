// The severity badge: click to pick another level of the scheme, each with its definition and
// response target, so the change is made knowingly.
import { useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { Incident } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useFamily, type FamilyEntry } from '../../stores/commandsStore'
import { SeverityLevelLabel } from '../../ui/SeverityLevelLabel'

export function SeverityControl({
  incident,
  onError,
}: {
  incident: Incident
  onError(err: unknown): void
}): React.JSX.Element {
  const t = useT()
  const scheme = useIncidents((s) => s.settings?.severityScheme)
  const actor = useIncidents((s) => s.actor).trim() || null
  const [open, setOpen] = useState(false)
  const rank = scheme?.levels.findIndex((l) => l.id === incident.severity) ?? -1

  const change = async (severity: string): Promise<void> => {
    setOpen(false)
    if (severity === incident.severity) return
    onError(null)
    try {
      await api.call('incidents.changeSeverity', { incidentId: incident.id, severity, actor })
    } catch (err) {
      onError(err)
    }
  }

  // The palette's "Change severity to …", through the same change as the menu.
  const latestChange = useRef(change)
  useLayoutEffect(() => {
    latestChange.current = change
  })
  const entries = useMemo<FamilyEntry[]>(
    () =>
      (scheme?.levels ?? [])
        .filter((l) => l.id !== incident.severity)
        .map((l) => ({
          family: 'incident.severity',
          key: l.id,
          vars: { name: `${l.id} ${l.name.en} / ${l.name.ja}` },
          run: () => latestChange.current(l.id),
        })),
    [scheme, incident.severity],
  )
  useFamily('incident-severity', entries)

  return (
    <span className="severity-control">
      <button
        type="button"
        className={`severity-badge sev-rank-${rank < 0 ? 'x' : Math.min(rank, 3)}`}
        data-testid="incident-severity"
        data-severity={incident.severity}
        title={t('severity.change')}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {incident.severity}
      </button>
      {open && scheme ? (
        <div className="severity-menu" role="menu" data-testid="severity-menu">
          {scheme.levels.map((l, i) => (
            <button
              key={l.id}
              type="button"
              role="menuitem"
              data-testid={`severity-option-${l.id}`}
              className={l.id === incident.severity ? 'current' : ''}
              onClick={() => void change(l.id)}
            >
              <SeverityLevelLabel level={l} rank={i} />
            </button>
          ))}
        </div>
      ) : null}
    </span>
  )
}
