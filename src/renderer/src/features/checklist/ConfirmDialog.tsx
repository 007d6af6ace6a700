// The explicit yes before a dangerous command or a production target: names every target the
// command is about to run on, says why, and records who confirmed. Core checks the same names.
import { useRef, useState } from 'react'
import { useDialogFocus } from '../../ui/useDialogFocus'
import type { JudgedCommand } from '../../../../shared/runbookSchemas'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import type { NamedTarget } from './targetSelection'
import { TextField } from '../../ui/fields'

export interface ConfirmRequest {
  command: string
  targets: NamedTarget[]
  reasons: { en: string[]; ja: string[] }
  authorConfirm: boolean
  /** The most serious class among the commands (core's judgement at import). */
  blockClass: JudgedCommand['class']
  /** Every command that is not read-only, each with its reason. */
  commands: JudgedCommand[]
  /** Shell or SQL that could not be parsed, each naming its line. */
  parseErrors: string[]
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
  // Focus on "confirmed by" (Enter confirms once a name is there), Tab stays inside, Escape
  // cancels and focus goes back to the Run button.
  const ref = useRef<HTMLFormElement>(null)
  useDialogFocus(ref, { onEscape: onCancel })
  const production = request.targets.filter((x) => x.production).map((x) => x.name)
  const reasons = [
    ...request.parseErrors,
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
        ref={ref}
        onSubmit={(e) => {
          e.preventDefault()
          if (by.trim() !== '') onConfirm(by.trim())
        }}
      >
        <h3 id="rb-confirm-title">{t('runbook.confirm.title')}</h3>
        <pre className="rb-out">{request.command}</pre>
        {request.commands.length > 0 ? (
          <>
            <div className="rb-params-title">{t('runbook.confirm.commands')}</div>
            <ul className="rb-confirm-commands" data-testid="runbook-confirm-commands">
              {request.commands.map((c, i) => (
                <li key={`${c.line}:${c.command}:${i}`} data-class={c.class}>
                  <code>{c.command}</code>
                  <span className={`rb-badge ${c.class === 'state-changing' ? 'danger' : 'warn'}`}>
                    {t(
                      c.class === 'state-changing'
                        ? 'runbook.class.changing'
                        : 'runbook.class.unknown',
                    )}
                  </span>
                  {c.reason ? (
                    <span className="rb-confirm-why">
                      {locale === 'ja' ? (c.reasonJa ?? c.reason) : c.reason}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
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
        <TextField
          label={t('runbook.confirm.by')}
          frame="rb-param"
          labelClassName="rb-param-name"
          value={by}
          required
          testId="runbook-confirm-by"
          onChange={(e) => setBy(e.target.value)}
        />
        <div className="rb-confirm-actions">
          <button type="button" className="inc-btn" onClick={onCancel}>
            {t('runbook.confirm.cancel')}
          </button>
          <button
            type="submit"
            // Its own class: `.inc-btn.danger` is styled twice (outline in the Hosts panel, filled
            // here) and the two rules once met as red text on a red button.
            className="inc-btn rb-confirm-run"
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
