// The incident's roles, edited in place: click a name, type, Enter. Names are free text (no
// accounts offline); every change, hand-overs included, is recorded on the timeline by main.
import { useMemo, useState } from 'react'
import { singleRoles } from '../../../../shared/incidents'
import type { Incident, SingleRole } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useFamily, type FamilyEntry } from '../../stores/commandsStore'
import { translate } from '../../i18n/translate'
import { TextField } from '../../ui/fields'

function splitNames(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,、，]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ]
}

interface EditableProps {
  label: string
  value: string
  testId: string
  placeholder?: string
  onCommit(value: string): Promise<void>
}

function Editable({
  label,
  value,
  testId,
  placeholder,
  onCommit,
}: EditableProps): React.JSX.Element {
  const t = useT()
  const [editing, setEditing] = useState<string | null>(null)
  if (editing !== null) {
    const commit = async (): Promise<void> => {
      const next = editing
      setEditing(null)
      if (next.trim() !== value) await onCommit(next.trim())
    }
    return (
      <TextField
        label={label}
        frame="role"
        labelClassName="role-label"
        autoFocus
        testId={`${testId}-input`}
        value={editing}
        placeholder={placeholder}
        onChange={(e) => setEditing(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void commit()
          if (e.key === 'Escape') setEditing(null)
        }}
      />
    )
  }
  return (
    <button
      type="button"
      className="role"
      data-testid={testId}
      title={t('role.edit', { role: label })}
      onClick={() => setEditing(value)}
    >
      <span className="role-label">{label}</span>
      <span className="role-name">{value || t('role.unassigned')}</span>
    </button>
  )
}

export function Roles({
  incident,
  onError,
}: {
  incident: Incident
  onError(err: unknown): void
}): React.JSX.Element {
  const t = useT()
  const actor = useIncidents((s) => s.actor).trim() || null
  const run = async (fn: () => Promise<unknown>): Promise<void> => {
    onError(null)
    try {
      await fn()
    } catch (err) {
      onError(err)
    }
  }
  const assign = (role: SingleRole, name: string): Promise<void> =>
    run(() =>
      api.call('incidents.assignRole', {
        incidentId: incident.id,
        role,
        name: name === '' ? null : name,
        actor,
      }),
    )
  const setResponders = (text: string): Promise<void> => {
    const next = splitNames(text)
    const cur = incident.roles.responders
    const add = next.filter((n) => !cur.includes(n))
    const remove = cur.filter((n) => !next.includes(n))
    if (add.length === 0 && remove.length === 0) return Promise.resolve()
    return run(() =>
      api.call('incidents.changeResponders', { incidentId: incident.id, add, remove, actor }),
    )
  }
  // The palette's "Assign a role: …" opens that role's name field, as clicking it does.
  const entries = useMemo<FamilyEntry[]>(
    () =>
      [...singleRoles, 'responders' as const].map((role) => ({
        family: 'incident.assignRole',
        key: role,
        vars: { name: `${translate('en', `role.${role}`)} / ${translate('ja', `role.${role}`)}` },
        run: () => document.querySelector<HTMLElement>(`[data-testid="role-${role}"]`)?.click(),
      })),
    [],
  )
  useFamily('incident-roles', entries)

  return (
    <span className="roles" data-testid="roles">
      {singleRoles.map((role) => (
        <Editable
          key={role}
          label={t(`role.${role}`)}
          value={incident.roles[role] ?? ''}
          testId={`role-${role}`}
          onCommit={(name) => assign(role, name)}
        />
      ))}
      <Editable
        label={t('role.responders')}
        value={incident.roles.responders.join(', ')}
        testId="role-responders"
        placeholder={t('role.responders.placeholder')}
        onCommit={setResponders}
      />
    </span>
  )
}
