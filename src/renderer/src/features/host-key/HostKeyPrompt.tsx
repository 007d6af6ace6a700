// An SSH server showed a key nobody has vouched for: the responder compares the SHA256
// fingerprint and answers. Several connections can ask at once, so the questions queue; a click
// outside or Esc never answers for them.
import { useEffect, useRef } from 'react'
import { useT } from '../../i18n/useT'
import { useTargets } from '../../stores/targetsStore'
import { useDialogFocus } from '../../ui/useDialogFocus'
import './hostKey.css'

function hostName(host: string, port: number): string {
  const h = host.includes(':') ? `[${host}]` : host
  return port === 22 ? h : `${h}:${port}`
}

export function HostKeyPrompt(): React.JSX.Element | null {
  const t = useT()
  const prompts = useTargets((s) => s.prompts)
  const prompt = prompts[0]
  const cancelRef = useRef<HTMLButtonElement>(null)
  const dialogRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    // The safe answer has the focus: a stray Enter never trusts a key.
    cancelRef.current?.focus()
  }, [prompt?.requestId])
  // Tab stays in the question; focus goes back when it is answered. Escape answers nothing.
  useDialogFocus(dialogRef, { openKey: prompt?.requestId })

  if (!prompt) return null
  const answer = (trust: boolean): void =>
    void useTargets.getState().answerPrompt(prompt.requestId, trust)

  return (
    <div className="host-key-backdrop">
      <div
        className="host-key-prompt"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="host-key-title"
        data-testid="host-key-prompt"
        ref={dialogRef}
        data-request-id={prompt.requestId}
        onKeyDown={(e) => {
          if (e.key === 'Escape') e.stopPropagation()
        }}
      >
        <h2 id="host-key-title">{t('hostKey.title')}</h2>
        <p data-testid="host-key-host">
          {t('hostKey.intro', { host: hostName(prompt.host, prompt.port) })}
        </p>
        <dl className="host-key-facts">
          <dt>{t('hostKey.type')}</dt>
          <dd className="mono" data-testid="host-key-type">
            {prompt.keyType}
          </dd>
          <dt>{t('hostKey.fingerprint')}</dt>
          <dd className="mono fingerprint" data-testid="host-key-fingerprint">
            {prompt.fingerprint}
          </dd>
        </dl>
        {prompt.knownTypes.length > 0 ? (
          <p className="host-key-warning" role="alert" data-testid="host-key-known-types">
            {t('hostKey.knownTypes', { types: prompt.knownTypes.join(', ') })}
          </p>
        ) : null}
        <p className="muted">{t('hostKey.check')}</p>
        {prompts.length > 1 ? (
          <p className="muted" data-testid="host-key-more">
            {t('hostKey.more', { count: prompts.length - 1 })}
          </p>
        ) : null}
        <div className="form-actions">
          <button
            ref={cancelRef}
            type="button"
            className="inc-btn"
            data-testid="host-key-cancel"
            onClick={() => answer(false)}
          >
            {t('hostKey.cancel')}
          </button>
          <button
            type="button"
            className="inc-btn primary"
            data-testid="host-key-trust"
            onClick={() => answer(true)}
          >
            {t('hostKey.trust')}
          </button>
        </div>
      </div>
    </div>
  )
}
