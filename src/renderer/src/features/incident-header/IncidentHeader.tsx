// The bar across the top: app name, the active incident (empty until the incidents feature
// fills it), connection to the core and the language switch.
import { useT } from '../../i18n/useT'
import { useApp } from '../../stores/appStore'
import { ConnectionIndicator } from './ConnectionIndicator'
import { LanguageSwitch } from './LanguageSwitch'

export function IncidentHeader(): React.JSX.Element {
  const t = useT()
  const info = useApp((s) => s.info)
  return (
    <header className="incident-header" data-testid="incident-header">
      <span
        className="brand"
        title={info ? t('header.appVersion', { version: info.version, shell: info.shell }) : ''}
      >
        {t('app.name')}
      </span>
      <div className="incident-slot">
        <span className="incident-none">{t('header.noIncident')}</span>
      </div>
      <div className="header-tools">
        <ConnectionIndicator />
        <LanguageSwitch />
      </div>
    </header>
  )
}
