// The background check of a big database file (issue #20): the core opens such a file after the
// cheap checks and reads all of it after the first paint. This says that it is checking, that the
// check found nothing (for a few seconds), or, loudly, that it found damage, with the backups to
// open instead: the same recovery the start screen offers for a file refused at open.
import { useEffect, useState } from 'react'
import type { StoreStatus } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useApp } from '../../stores/appStore'
import { describeError, errorText, type ErrorDetail } from '../../ui/errorDetail'
import { BackupList } from './BackupList'

type Ready = Extract<StoreStatus, { state: 'ready' }>

/** How long "checked, no damage" stays on screen. */
const OK_SHOWN_MS = 6_000

export function StoreCheck({ status }: { status: Ready }): React.JSX.Element | null {
  const t = useT()
  const setStatus = useApp((s) => s.setStatus)
  const integrity = status.integrity
  // Which file's "no damage" line has had its few seconds: a later file gets its own.
  const [hiddenFor, setHiddenFor] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorDetail | null>(null)
  const backgroundOk = integrity?.state === 'ok' && integrity.checkedAt === 'background'
  useEffect(() => {
    if (!backgroundOk) return
    const timer = setTimeout(() => setHiddenFor(status.path), OK_SHOWN_MS)
    return () => clearTimeout(timer)
  }, [backgroundOk, status.path])

  const okHidden = hiddenFor === status.path
  if (!integrity || (integrity.state === 'ok' && (!backgroundOk || okHidden))) return null
  if (integrity.state === 'checking' || integrity.state === 'ok')
    return (
      <p className="store-check store-check-quiet" role="status" data-testid="store-check">
        {integrity.state === 'checking' ? t('store.check.running') : t('store.check.ok')}
      </p>
    )
  if (integrity.state === 'unchecked')
    return (
      <p className="store-check store-check-quiet" role="status" data-testid="store-check">
        {t('store.check.unchecked', { detail: integrity.message })}
      </p>
    )
  const openBackup = async (file: string): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      setStatus(await api.call('store.openBackup', { file }))
    } catch (err) {
      setError(describeError(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="store-check store-check-damaged" role="alert" data-testid="store-check">
      <h2>{t('store.check.damaged')}</h2>
      <p>{integrity.message}</p>
      {error ? <p className="inline-error">{errorText(t, error)}</p> : null}
      <BackupList
        backups={integrity.backups}
        busy={busy}
        onOpen={(file) => void openBackup(file)}
      />
    </section>
  )
}
