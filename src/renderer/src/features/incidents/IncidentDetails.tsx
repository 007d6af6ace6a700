// Editing the active incident after the declaration: title, services, scope, detection,
// description, earlier times, and the two flags that change who gets called (data-loss risk,
// security suspected). Only the fields the responder touched are sent, so a change another
// responder made meanwhile to a different field is not overwritten; each change is one timeline
// event written by main.
import { useState } from 'react'
import type {
  DetectionMethod,
  ImpactScope,
  Incident,
  IncidentFlag,
} from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useAction } from '../../ui/useAction'
import { splitServices } from './DeclareDialog'
import { InlineError } from '../../ui/InlineError'
import { DetectionField, ScopeField, TimeField } from './IncidentFields'
import { TextField } from '../../ui/fields'

interface Fields {
  title: string
  services: string
  impactScope: ImpactScope
  detection: DetectionMethod
  description: string
  occurredAt: string
  detectedAt: string
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** The value a datetime-local input shows for an instant, in the responder's zone. */
export function toLocalInput(ms: number | null): string {
  if (ms === null) return ''
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

const fromLocalInput = (v: string): number | null => (v ? new Date(v).getTime() : null)

function fieldsOf(i: Incident): Fields {
  return {
    title: i.title,
    services: i.services.join(', '),
    impactScope: i.impactScope,
    detection: i.detection,
    description: i.description,
    occurredAt: toLocalInput(i.occurredAt),
    detectedAt: toLocalInput(i.detectedAt),
  }
}

const flags: IncidentFlag[] = ['dataLossRisk', 'securitySuspected']

export function IncidentDetails({ incident }: { incident: Incident }): React.JSX.Element {
  const t = useT()
  const actor = useIncidents((s) => s.actor)
  // Only what the responder changed; everything else shows the incident as it is now.
  const [touched, setTouched] = useState<Partial<Fields>>({})
  const [saved, setSaved] = useState(false)
  const shown: Fields = { ...fieldsOf(incident), ...touched }
  const set = (patch: Partial<Fields>): void => {
    setSaved(false)
    setTouched((d) => ({ ...d, ...patch }))
  }

  const save = useAction(async (): Promise<void> => {
    const now = fieldsOf(incident)
    const changes: Record<string, unknown> = {}
    if (touched.title !== undefined && touched.title !== now.title) changes.title = touched.title
    if (touched.services !== undefined && touched.services !== now.services)
      changes.services = splitServices(touched.services)
    if (touched.impactScope !== undefined && touched.impactScope !== now.impactScope)
      changes.impactScope = touched.impactScope
    if (touched.detection !== undefined && touched.detection !== now.detection)
      changes.detection = touched.detection
    if (touched.description !== undefined && touched.description !== now.description)
      changes.description = touched.description
    if (touched.occurredAt !== undefined && touched.occurredAt !== now.occurredAt)
      changes.occurredAt = fromLocalInput(touched.occurredAt)
    if (touched.detectedAt !== undefined && touched.detectedAt !== now.detectedAt) {
      const at = fromLocalInput(touched.detectedAt)
      if (at !== null) changes.detectedAt = at
    }
    if (Object.keys(changes).length > 0) {
      const updated = await api.call('incidents.update', {
        incidentId: incident.id,
        changes,
        actor: actor.trim() || null,
      })
      useIncidents.getState().applyChanged(updated)
    }
    // Cleared only after main accepted: a refusal keeps every keystroke.
    setTouched({})
    setSaved(true)
  })

  // The box shows the responder's click at once; main's answer (or refusal) settles it.
  const [pending, setPending] = useState<{ name: IncidentFlag; raised: boolean } | null>(null)
  const flag = useAction(async (name: IncidentFlag, raised: boolean): Promise<void> => {
    setPending({ name, raised })
    try {
      const updated = await api.call('incidents.update', {
        incidentId: incident.id,
        changes: { [name]: raised },
        actor: actor.trim() || null,
      })
      useIncidents.getState().applyChanged(updated)
    } finally {
      setPending(null)
    }
  })
  const raised = (f: IncidentFlag): boolean =>
    pending?.name === f ? pending.raised : incident.flags[f] !== null

  const dirty = Object.keys(touched).length > 0

  return (
    <div className="incident-details" data-testid="incident-details">
      <fieldset className="details-flags" data-testid="incident-flags">
        <legend>{t('details.flags')}</legend>
        {flags.map((f) => (
          <label key={f} className={`flag-toggle${raised(f) ? ' raised' : ''}`}>
            <input
              type="checkbox"
              data-testid={`flag-${f}`}
              checked={raised(f)}
              disabled={flag.busy}
              onChange={(e) => void flag.run(f, e.target.checked)}
            />
            {t(`details.flag.${f}`)}
          </label>
        ))}
        <p className="details-hint">{t('details.flags.hint')}</p>
        <InlineError error={flag.error} testId="flag-error" />
      </fieldset>
      <form
        className="declare-form"
        data-testid="details-form"
        onSubmit={(e) => {
          e.preventDefault()
          void save.run()
        }}
      >
        <TextField
          label={t('incident.field.title')}
          className="wide"
          testId="details-title"
          value={shown.title}
          onChange={(e) => set({ title: e.target.value })}
        />
        <TextField
          label={t('incident.field.services')}
          className="wide"
          testId="details-services"
          value={shown.services}
          placeholder={t('incident.field.services.placeholder')}
          onChange={(e) => set({ services: e.target.value })}
        />
        <ScopeField
          testId="details-scope"
          value={shown.impactScope}
          onChange={(impactScope) => set({ impactScope })}
        />
        <DetectionField
          testId="details-detection"
          value={shown.detection}
          onChange={(detection) => set({ detection })}
        />
        <TimeField
          label="incident.field.occurredAt"
          testId="details-occurred"
          value={shown.occurredAt}
          onChange={(occurredAt) => set({ occurredAt })}
        />
        <TimeField
          label="incident.field.detectedAt"
          testId="details-detected"
          value={shown.detectedAt}
          onChange={(detectedAt) => set({ detectedAt })}
        />
        <TextField
          label={t('incident.field.description')}
          className="wide"
          multiline
          testId="details-description"
          rows={5}
          value={shown.description}
          onChange={(e) => set({ description: e.target.value })}
        />
        <InlineError error={save.error} testId="details-error" />
        <div className="form-actions wide">
          {saved && !dirty ? (
            <span className="details-saved" data-testid="details-saved">
              {t('details.saved')}
            </span>
          ) : null}
          <button
            type="button"
            className="inc-btn"
            disabled={!dirty || save.busy}
            onClick={() => setTouched({})}
          >
            {t('details.discard')}
          </button>
          <button
            type="submit"
            className="declare-button"
            data-testid="details-save"
            disabled={!dirty || save.busy}
          >
            {save.busy ? t('details.saving') : t('details.save')}
          </button>
        </div>
      </form>
    </div>
  )
}
