// Asks for the key file's passphrase when saved passwords need it: to unlock a sealed key file
// at start, or (where no trusted keychain exists) to seal the plain key file with a new one,
// typed twice. A wrong passphrase says so and changes nothing. The passphrase lives in this
// component's state only while it is typed, goes to the core in one call, and is cleared.
import { useEffect, useRef, useState, type FormEvent } from 'react'
import { MIN_PASSPHRASE } from '../../../../shared/base'
import type { SecretsLockStatus } from '../../../../shared/contract'
import { api, ApiError } from '../../api'
import { useT } from '../../i18n/useT'
import { SecretField } from '../../ui/fields'
import { useDialogFocus } from '../../ui/useDialogFocus'
import { useCommand } from '../../stores/commandsStore'
import { reportError, notify } from '../../stores/toastStore'
import './secretsUnlock.css'

const PASSPHRASE_ID = 'secrets-unlock-passphrase'
const focusPassphrase = (): void => document.getElementById(PASSPHRASE_ID)?.focus()

/** "Not now" holds for this page: the dialog comes back with a reload or the palette's "Unlock saved passwords". */
let dismissed = false

export function SecretsUnlock(): React.JSX.Element | null {
  const t = useT()
  const [status, setStatus] = useState<SecretsLockStatus | null>(null)
  const [passphrase, setPassphrase] = useState('')
  const [confirm, setConfirm] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [closed, setClosed] = useState(dismissed)

  useEffect(() => {
    let live = true
    api.call('secrets.status', {}).then(
      (s) => live && setStatus(s),
      () => undefined, // an older core without the method: nothing to ask
    )
    return () => {
      live = false
    }
  }, [])

  const mode =
    status?.state === 'locked'
      ? 'unlock'
      : status?.state === 'key-file' && status.offerSeal
        ? 'seal'
        : null
  useEffect(() => {
    if (mode) focusPassphrase()
  }, [mode])
  // Tab stays in the question while it is open (its own Escape closes it, below).
  const dialogRef = useRef<HTMLFormElement>(null)
  useDialogFocus(dialogRef, { openKey: mode && !closed ? mode : null })

  // After "Not now" the question comes back from the palette (or a reload), not only by reload.
  useCommand(
    'secrets.unlock',
    () => {
      dismissed = false
      setClosed(false)
    },
    () => mode !== null,
  )

  if (!mode || !status || closed) return null

  const close = (): void => {
    dismissed = true
    setClosed(true)
    setPassphrase('')
    setConfirm('')
  }

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (busy) return
    if (mode === 'seal') {
      if (passphrase.length < MIN_PASSPHRASE)
        return setError(t('secretsUnlock.tooShort', { min: MIN_PASSPHRASE }))
      if (passphrase !== confirm) return setError(t('secretsUnlock.mismatch'))
    }
    setBusy(true)
    setError(null)
    try {
      const next =
        mode === 'unlock'
          ? await api.call('secrets.unlock', { passphrase })
          : await api.call('secrets.setPassphrase', { passphrase, confirm })
      setStatus(next)
      notify(mode === 'unlock' ? 'secretsUnlock.unlocked' : 'secretsUnlock.sealed')
      close()
    } catch (err) {
      if (err instanceof ApiError && err.code === 'auth_failed') {
        setError(t('secretsUnlock.wrong'))
        setPassphrase('')
        focusPassphrase()
      } else
        reportError(
          mode === 'unlock' ? 'secretsUnlock.unlock.submit' : 'secretsUnlock.seal.submit',
          err,
        )
    } finally {
      setBusy(false)
    }
  }

  const file = status.keyFile ?? ''
  return (
    <div className="secrets-unlock-backdrop">
      <form
        className="secrets-unlock"
        role="dialog"
        aria-modal="true"
        aria-labelledby="secrets-unlock-title"
        data-testid="secrets-unlock"
        ref={dialogRef}
        data-mode={mode}
        onSubmit={(e) => void submit(e)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation()
            close()
          }
        }}
      >
        <h2 id="secrets-unlock-title">
          {mode === 'unlock' ? t('secretsUnlock.unlock.title') : t('secretsUnlock.seal.title')}
        </h2>
        <p className="secrets-unlock-intro">
          {mode === 'unlock'
            ? t('secretsUnlock.unlock.intro', { file })
            : t('secretsUnlock.seal.intro', { file, backend: status.backend ?? 'unknown' })}
        </p>
        <SecretField
          id={PASSPHRASE_ID}
          label={t('secretsUnlock.passphrase')}
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          testId="secrets-unlock-passphrase"
          {...(mode === 'seal'
            ? { hint: t('secretsUnlock.hint.new', { min: MIN_PASSPHRASE }) }
            : {})}
        />
        {mode === 'seal' ? (
          <SecretField
            label={t('secretsUnlock.confirm')}
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            testId="secrets-unlock-confirm"
          />
        ) : null}
        {error ? (
          <p className="inline-error" role="alert" data-testid="secrets-unlock-error">
            {error}
          </p>
        ) : null}
        {mode === 'seal' ? <p className="muted">{t('secretsUnlock.seal.keyring')}</p> : null}
        <div className="form-actions">
          <button
            type="button"
            className="inc-btn"
            data-testid="secrets-unlock-later"
            onClick={close}
          >
            {mode === 'unlock' ? t('secretsUnlock.later') : t('secretsUnlock.keepUnsealed')}
          </button>
          <button
            type="submit"
            className="inc-btn primary"
            data-testid="secrets-unlock-submit"
            disabled={busy || passphrase.length === 0}
          >
            {mode === 'unlock' ? t('secretsUnlock.unlock.submit') : t('secretsUnlock.seal.submit')}
          </button>
        </div>
      </form>
    </div>
  )
}
