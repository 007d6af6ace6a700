// The header's "More" menu entry that opens the Chat notifications panel (#18).
import { useT } from '../../i18n/useT'
import { useNotify } from './notifyStore'

export function NotifyMenuItem({ onPicked }: { onPicked(): void }): React.JSX.Element {
  const t = useT()
  return (
    <button
      type="button"
      className="inc-btn"
      role="menuitem"
      data-testid="open-notify"
      title={t('notify.open.tooltip')}
      onClick={() => {
        useNotify.getState().setOpen(true)
        onPicked()
      }}
    >
      {t('notify.open')}
    </button>
  )
}
