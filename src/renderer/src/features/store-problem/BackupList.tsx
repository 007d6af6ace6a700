// The backups a damaged database can be recovered from, newest first, each openable.
import type { BackupInfo } from '../../../../shared/contract'
import { formatBytes, formatDateTime } from '../../i18n/format'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'

interface Props {
  backups: BackupInfo[]
  busy: boolean
  onOpen(file: string): void
}

export function BackupList({ backups, busy, onOpen }: Props): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  if (backups.length === 0) return <p className="empty-state">{t('store.backups.none')}</p>
  const newestFirst = [...backups].sort((a, b) => b.createdAt - a.createdAt)
  return (
    <>
      <p className="hint">{t('store.backups.hint')}</p>
      <table className="backup-list">
        <thead>
          <tr>
            <th scope="col">{t('store.backup.file')}</th>
            <th scope="col">{t('store.backup.time')}</th>
            <th scope="col" className="num">
              {t('store.backup.size')}
            </th>
            <th />
          </tr>
        </thead>
        <tbody>
          {newestFirst.map((b) => (
            <tr key={b.file}>
              <td>
                <code>{b.file}</code>
              </td>
              <td>{formatDateTime(locale, b.createdAt)}</td>
              <td className="num">{formatBytes(locale, b.bytes)}</td>
              <td>
                <button
                  type="button"
                  className="button button-small"
                  disabled={busy}
                  onClick={() => onOpen(b.file)}
                >
                  {t('store.openBackup')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
