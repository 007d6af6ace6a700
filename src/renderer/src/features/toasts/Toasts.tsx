// Where failed actions and notices are shown: a stack in the corner that never blocks typing.
import { useT } from '../../i18n/useT'
import { useToasts } from '../../stores/toastStore'
import { errorText } from '../../ui/errorDetail'

export function Toasts(): React.JSX.Element {
  const t = useT()
  const toasts = useToasts((s) => s.toasts)
  const dismiss = useToasts((s) => s.dismiss)
  return (
    <div className="toasts" role="region" aria-label={t('toast.region')} data-testid="toasts">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          className={`toast toast-${toast.tone}`}
          role={toast.tone === 'error' ? 'alert' : 'status'}
          data-testid={`toast-${toast.tone}`}
        >
          <div className="toast-text">
            <strong>{t(toast.action, toast.actionVars)}</strong>
            {toast.detail ? <span>{errorText(t, toast.detail)}</span> : null}
          </div>
          <button
            type="button"
            className="toast-close"
            aria-label={t('toast.dismiss')}
            onClick={() => dismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
