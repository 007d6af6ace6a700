// Whether this window can reach the core. In a war room a silently dead console is the worst
// failure, so the state is always visible, with words and not only a colour.
import { useT } from '../../i18n/useT'
import { useApp } from '../../stores/appStore'

export function ConnectionIndicator(): React.JSX.Element {
  const t = useT()
  const connection = useApp((s) => s.connection)
  return (
    <span
      className={`connection connection-${connection}`}
      data-testid="connection"
      data-state={connection}
      role="status"
      title={t(`connection.tooltip.${connection}`)}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{t(`connection.${connection}`)}</span>
    </span>
  )
}
