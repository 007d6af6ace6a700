// Shown instead of the whole console when the database cannot be used. It says what is wrong,
// promises (truthfully: the core never writes to it) that the file is left alone, and offers
// the two ways forward: a backup, or a fresh file.
import { useState } from 'react'
import type { StoreStatus } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useApp } from '../../stores/appStore'
import { describeError, errorText, type ErrorDetail } from '../../ui/errorDetail'
import { BackupList } from './BackupList'

type Unavailable = Extract<StoreStatus, { state: 'unavailable' }>

export function StoreProblem({ status }: { status: Unavailable }): React.JSX.Element {
  const t = useT()
  const setStatus = useApp((s) => s.setStatus)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorDetail | null>(null)

  const run = async (action: () => Promise<StoreStatus>): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      setStatus(await action())
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="store-problem" data-testid="store-problem">
      <div className="store-problem-card">
        <h1>{t('store.title')}</h1>
        <p className="store-reason">{t(`store.reason.${status.reason}`)}</p>

        <dl className="store-facts">
          <dt>{t('store.details')}</dt>
          <dd>{status.message}</dd>
          <dt>{t('store.path')}</dt>
          <dd>
            <code>{status.path}</code>
          </dd>
        </dl>
        <p className="store-untouched">{t('store.untouched')}</p>

        {error ? (
          <p className="inline-error" role="alert" data-testid="store-problem-error">
            {errorText(t, error)}
          </p>
        ) : null}

        <h2>{t('store.backups')}</h2>
        <BackupList
          backups={status.backups}
          busy={busy}
          onOpen={(file) => void run(() => api.call('store.openBackup', { file }))}
        />

        <div className="store-new">
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void run(() => api.call('store.startNew', {}))}
          >
            {t('store.startNew')}
          </button>
          <p className="hint">{t('store.startNew.hint')}</p>
        </div>
        {busy ? (
          <p className="hint" role="status">
            {t('store.working')}
          </p>
        ) : null}
      </div>
    </main>
  )
}
