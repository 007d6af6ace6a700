// The banner across the top while the page has lost the core: since when, how many tries, when
// the next one is (with a button to try now), then for a moment once it is back. The small
// indicator in the header is easy to miss under pressure; typing into a pane that silently
// goes nowhere is the failure this exists for.
import { useEffect, useState } from 'react'
import { api } from '../../api'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useApp } from '../../stores/appStore'
import { useSessions } from '../../stores/sessionsStore'
import { clockTime, duration } from '../../ui/restoreText'

/** How long "reconnected" stays up: long enough to read, short enough not to become furniture. */
const BACK_MS = 6000

export function ConnectionBanner(): React.JSX.Element | null {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const link = useApp((s) => s.link)
  const reconnected = useApp((s) => s.reconnected)
  const restored = useSessions(
    (s) =>
      s.panes.filter(
        (p) =>
          reconnected !== null &&
          p.restoredFrom !== undefined &&
          p.restoredFrom.restartedAt >= reconnected.downSince,
      ).length,
  )
  const [now, setNow] = useState(() => Date.now())

  const down = !link.up && link.downSince !== null
  useEffect(() => {
    if (!down) return
    const timer = setInterval(() => setNow(Date.now()), 500)
    return () => clearInterval(timer)
  }, [down])

  useEffect(() => {
    if (!reconnected) return
    const left = reconnected.at + BACK_MS - Date.now()
    const timer = setTimeout(() => useApp.getState().clearReconnected(), Math.max(0, left))
    return () => clearTimeout(timer)
  }, [reconnected])

  if (down && link.downSince !== null) {
    const ago = duration(locale, now - link.downSince)
    const since = clockTime(link.downSince)
    const text =
      link.nextRetryAt === null
        ? t('reconnect.trying', { since, ago, attempt: link.attempt + 1 })
        : t('reconnect.down', {
            since,
            ago,
            attempt: link.attempt,
            next: Math.max(0, Math.ceil((link.nextRetryAt - now) / 1000)),
          })
    return (
      <div
        className="reconnect-banner reconnect-down"
        data-testid="reconnect-banner"
        data-state="down"
        role="alert"
      >
        <span className="reconnect-text">{text}</span>
        <button type="button" onClick={() => api.retryNow()} disabled={link.nextRetryAt === null}>
          {t('reconnect.retryNow')}
        </button>
      </div>
    )
  }
  if (reconnected) {
    return (
      <div
        className="reconnect-banner reconnect-back"
        data-testid="reconnect-banner"
        data-state="back"
        role="status"
      >
        <span className="reconnect-text">
          {t('reconnect.back', {
            at: clockTime(reconnected.at),
            duration: duration(locale, reconnected.at - reconnected.downSince),
          })}
          {restored > 0 ? ` ${t('reconnect.restored', { count: restored })}` : ''}
        </span>
      </div>
    )
  }
  return null
}
