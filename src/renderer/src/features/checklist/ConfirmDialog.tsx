// The explicit yes before a dangerous command or a production target: names every target the
// command is about to run on, says why, and records who confirmed. Core checks the same names.
import { useState } from 'react'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import type { NamedTarget } from './targetSelection'

export interface ConfirmRequest {
  command: string
  targets: NamedTarget[]
  reasons: { en: string[]; ja: string[] }
  authorConfirm: boolean
  /** Core's own message when it refused (the UI's guess missed a reason). */
  coreMessage?: string
}

interface Props {
  request: ConfirmRequest
  onConfirm(by: string): void
  onCancel(): void
}

export function ConfirmDialog({ request, onConfirm, onCancel }: Props): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const [by, setBy] = useState(useIncidents.getState().actor)
  const production = request.targets.filter((x) => x.production).map((x) => x.name)
  const reasons = [
    ...(locale === 'ja' ? request.reasons.ja : request.reasons.en),
    ...(request.authorConfirm ? [t('runbook.confirm.author')] : []),
    ...(production.length > 0
      ? [t('runbook.confirm.production', { names: production.join(', ') })]
      : []),
  ]
  return (
    <div className="rb-confirm-backdrop">
      <form
        className="rb-confirm"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="rb-confirm-title"
        data-testid="runbook-confirm"
        onSubmit={(e) => {
          e.preventDefault()
          if (by.trim() !== '') onConfirm(by.trim())
        }}
      >
        <h3 id="rb-confirm-title">{t('runbook.confirm.title')}</h3>
        <pre className="rb-out">{request.command}</pre>
        <p>{t('runbook.confirm.intro')}</p>
        <ul className="rb-confirm-targets" data-testid="runbook-confirm-targets">
          {request.targets.map((x) => (
            <li key={x.name}>
              {x.name}
              {x.production ? (
                <span className="rb-prod">{t('runbook.targets.production')}</span>
              ) : null}
            </li>
          ))}
        </ul>
        {reasons.length > 0 || request.coreMessage ? (
          <>
            <div className="rb-params-title">{t('runbook.confirm.reasons')}</div>
            <ul className="rb-confirm-reasons">
              {reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
              {request.coreMessage ? <li>{request.coreMessage}</li> : null}
            </ul>
          </>
        ) : null}
        <label className="rb-param">
          <span className="rb-param-name">{t('runbook.confirm.by')}</span>
          <input
            value={by}
            required
            data-testid="runbook-confirm-by"
            onChange={(e) => setBy(e.target.value)}
          />
        </label>
        <div className="rb-confirm-actions">
          <button type="button" className="inc-btn" onClick={onCancel}>
            {t('runbook.confirm.cancel')}
          </button>
          <button
            type="submit"
            className="inc-btn danger"
            disabled={by.trim() === ''}
            data-testid="runbook-confirm-run"
          >
            {t('runbook.confirm.run', { count: request.targets.length })}
          </button>
        </div>
      </form>
    </div>
  )
}
