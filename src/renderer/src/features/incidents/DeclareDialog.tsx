// Declaring an incident in under ten seconds: title (focused), severity, services, scope,
// detection, then Enter. Everything else is optional. What was typed survives a refusal from
// main and even closing the dialog, until the declaration succeeds.
import { useRef, useState } from 'react'
import { useAction } from '../../ui/useAction'
import type { DetectionMethod, ImpactScope } from '../../../../shared/contract'
import { api } from '../../api'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { ImpactHelper } from './ImpactHelper'
import { DetectionField, ScopeField, TimeField } from './IncidentFields'
import { InlineError } from '../../ui/InlineError'
import { TextField } from '../../ui/fields'
import { SeverityLevelLabel } from '../../ui/SeverityLevelLabel'
import { returnFocusTo } from '../../ui/useDialogFocus'

interface Draft {
  title: string
  severity: string
  services: string
  impactScope: ImpactScope
  detection: DetectionMethod
  description: string
  occurredAt: string
  detectedAt: string
  commander: string
}

const empty: Draft = {
  title: '',
  severity: '',
  services: '',
  impactScope: 'core',
  detection: 'monitoring-alert',
  description: '',
  occurredAt: '',
  detectedAt: '',
  commander: '',
}

// Survives closing the dialog by accident; cleared once declared.
let kept: Draft = empty

const toEpoch = (local: string): number | null => (local ? new Date(local).getTime() : null)

export function splitServices(text: string): string[] {
  return text
    .split(/[,、，\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
}

export function DeclareDialog({ onClose }: { onClose(): void }): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const scheme = useIncidents((s) => s.settings?.severityScheme)
  const actor = useIncidents((s) => s.actor)
  const setActor = useIncidents((s) => s.setActor)
  const [draft, setDraftState] = useState<Draft>(kept)
  const [more, setMore] = useState(false)
  // No severity chosen: said next to the cards, in words for a person, and focus goes there.
  const [severityMissing, setSeverityMissing] = useState(false)
  const severityRef = useRef<HTMLFieldSetElement>(null)
  const set = (patch: Partial<Draft>): void => {
    setDraftState((d) => (kept = { ...d, ...patch }))
  }

  const {
    busy,
    error,
    run: submit,
  } = useAction(async (): Promise<void> => {
    const incident = await api.call('incidents.declare', {
      title: draft.title,
      severity: draft.severity,
      services: splitServices(draft.services),
      impactScope: draft.impactScope,
      detection: draft.detection,
      description: draft.description,
      occurredAt: toEpoch(draft.occurredAt),
      detectedAt: toEpoch(draft.detectedAt),
      commander: draft.commander.trim() || null,
      actor: actor.trim() || null,
    })
    kept = empty
    await useIncidents.getState().setActive(incident.id)
    // The scribe writes next: the keyboard goes to the new incident's note box.
    returnFocusTo('[data-testid="note-input"]')
    onClose()
  })

  return (
    <form
      className="declare-form"
      data-testid="declare-form"
      onSubmit={(e) => {
        e.preventDefault()
        if (!draft.severity) {
          setSeverityMissing(true)
          severityRef.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus()
          return
        }
        void submit()
      }}
    >
      <TextField
        label={t('incident.field.title')}
        className="wide"
        autoFocus
        testId="declare-title"
        value={draft.title}
        placeholder={t('incident.field.title.placeholder')}
        onChange={(e) => set({ title: e.target.value })}
      />
      <fieldset
        className="field wide severity-pick"
        data-testid="declare-severity"
        ref={severityRef}
        aria-invalid={severityMissing || undefined}
        aria-describedby={severityMissing ? 'declare-severity-missing' : undefined}
      >
        <legend>{t('incident.field.severity')}</legend>
        {scheme?.levels.map((l, i) => (
          <label
            key={l.id}
            className={`severity-choice${draft.severity === l.id ? ' chosen' : ''}`}
            title={l.definition[locale]}
          >
            <input
              type="radio"
              name="severity"
              value={l.id}
              data-testid={`declare-severity-${l.id}`}
              checked={draft.severity === l.id}
              onChange={() => {
                set({ severity: l.id })
                setSeverityMissing(false)
              }}
            />
            <SeverityLevelLabel level={l} rank={i} />
          </label>
        ))}
        {severityMissing ? (
          <p
            className="inline-error"
            id="declare-severity-missing"
            role="alert"
            data-testid="declare-severity-missing"
          >
            {t('declare.severity.missing')}
          </p>
        ) : null}
      </fieldset>
      <TextField
        label={t('incident.field.services')}
        testId="declare-services"
        value={draft.services}
        placeholder={t('incident.field.services.placeholder')}
        onChange={(e) => set({ services: e.target.value })}
      />
      <ScopeField
        testId="declare-scope"
        value={draft.impactScope}
        onChange={(impactScope) => set({ impactScope })}
      />
      <DetectionField
        testId="declare-detection"
        value={draft.detection}
        onChange={(detection) => set({ detection })}
      />
      <TextField
        label={t('incident.field.commander')}
        testId="declare-commander"
        value={draft.commander}
        onChange={(e) => set({ commander: e.target.value })}
      />
      <TextField
        label={t('incident.field.description')}
        className="wide"
        multiline
        testId="declare-description"
        rows={3}
        value={draft.description}
        onChange={(e) => set({ description: e.target.value })}
      />
      <details className="wide" open={more} onToggle={(e) => setMore(e.currentTarget.open)}>
        <summary>{t('incident.field.times')}</summary>
        <div className="declare-more">
          <TimeField
            label="incident.field.occurredAt"
            testId="declare-occurred"
            value={draft.occurredAt}
            onChange={(occurredAt) => set({ occurredAt })}
          />
          <TimeField
            label="incident.field.detectedAt"
            testId="declare-detected"
            value={draft.detectedAt}
            onChange={(detectedAt) => set({ detectedAt })}
          />
          <TextField
            label={t('incident.field.actor')}
            value={actor}
            onChange={(e) => setActor(e.target.value)}
          />
          <ImpactHelper onUse={(severity) => set({ severity })} />
        </div>
      </details>
      <InlineError error={error} testId="declare-error" />
      <div className="form-actions wide">
        <button type="button" className="inc-btn" onClick={onClose}>
          {t('incident.cancel')}
        </button>
        <button
          type="submit"
          className="declare-button"
          data-testid="declare-submit"
          disabled={busy}
        >
          {busy ? t('incident.declare.working') : t('incident.declare.submit')}
        </button>
      </div>
    </form>
  )
}
