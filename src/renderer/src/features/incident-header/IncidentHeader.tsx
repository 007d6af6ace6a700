// The bar across the top: app name, the active incident (severity, title, status and its next
// steps, roles, live timer countdowns), the incident panels, connection and language.
import { useEffect, useRef, useState } from 'react'
import { useT } from '../../i18n/useT'
import { useApp } from '../../stores/appStore'
import {
  askNotificationPermission,
  useIncidents,
  type IncidentPanel,
} from '../../stores/incidentsStore'
import { ChecklistProgress } from '../checklist/ChecklistProgress'
import { InlineError } from '../../ui/InlineError'
import { currentOs, keysFor } from '../../ui/shortcuts'
import { Alerts } from '../metrics/Alerts'
import { MarkDeploy } from '../deploys/MarkDeploy'
import { RollbackAlerts } from '../deploys/RollbackAlerts'
import { ConnectionIndicator } from './ConnectionIndicator'
import { TeamBadge } from '../team/TeamBadge'
import { HeaderMenu } from './HeaderMenu'
import { LanguageSwitch } from './LanguageSwitch'
import { Roles } from './Roles'
import { SeverityControl } from './SeverityControl'
import { StatusControl } from './StatusControl'
import { TimerAlerts } from './TimerAlerts'
import { HeaderDialogs } from './HeaderDialogs'
import { TimerCountdowns } from './TimerCountdowns'
import './header.css'

export function IncidentHeader(): React.JSX.Element {
  const t = useT()
  const info = useApp((s) => s.info)
  const ready = useApp((s) => s.status?.state === 'ready')
  const incident = useIncidents((s) => s.incident)
  const panel = useIncidents((s) => s.panel)
  const setPanel = useIncidents((s) => s.setPanel)
  // A failure belongs to the incident it happened on: switching incidents hides it.
  const [failure, setFailure] = useState<{ id: string | undefined; error: unknown } | null>(null)
  const setError = (error: unknown): void => setFailure({ id: incident?.id, error })
  const error = failure?.id === incident?.id ? failure?.error : null

  // Side sheets open under the header, whose height changes with alerts and the second row:
  // publish it so no sheet ever covers an alert or a header control.
  const headerRef = useRef<HTMLElement>(null)
  useEffect(() => {
    const el = headerRef.current
    if (!el) return
    const publish = (): void =>
      document.documentElement.style.setProperty('--header-height', `${el.offsetHeight}px`)
    publish()
    const observer = new ResizeObserver(publish)
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  const toggle = (p: IncidentPanel): void => setPanel(panel === p ? 'none' : p)

  return (
    <header
      className="incident-header"
      data-testid="incident-header"
      ref={headerRef}
      aria-label={t('regions.header')}
    >
      <div className="header-row">
        {/* The page's one h1: the app's name (each area and sheet has its h2). */}
        <h1
          className="brand"
          title={info ? t('header.appVersion', { version: info.version, shell: info.shell }) : ''}
        >
          {t('app.name')}
        </h1>
        <div className="incident-slot" data-testid="active-incident">
          {incident ? (
            <>
              <SeverityControl incident={incident} onError={setError} />
              <button
                type="button"
                className="incident-title"
                data-testid="incident-title"
                title={t('details.open')}
                aria-pressed={panel === 'details'}
                onClick={() => toggle('details')}
              >
                {incident.title}
              </button>
              {incident.flags.dataLossRisk !== null ? (
                <span className="incident-flag" data-testid="flag-badge-dataLossRisk">
                  {t('details.flag.dataLossRisk')}
                </span>
              ) : null}
              {incident.flags.securitySuspected !== null ? (
                <span className="incident-flag" data-testid="flag-badge-securitySuspected">
                  {t('details.flag.securitySuspected')}
                </span>
              ) : null}
              <StatusControl incident={incident} onError={setError} />
            </>
          ) : (
            <span className="incident-none">{t('header.noIncident')}</span>
          )}
        </div>
        {ready ? (
          <div className="incident-actions">
            <button
              type="button"
              className="inc-btn"
              data-testid="open-incident-list"
              aria-pressed={panel === 'list'}
              onClick={() => toggle('list')}
            >
              {t('incident.list')}
            </button>
            {incident ? (
              <button
                type="button"
                className="inc-btn"
                data-testid="open-status-update"
                aria-pressed={panel === 'statusUpdate'}
                onClick={() => toggle('statusUpdate')}
              >
                {t('statusUpdate.open')}
              </button>
            ) : null}
            <button
              type="button"
              className="declare-button"
              data-testid="declare-incident"
              title={t('incident.declare.tooltip', {
                keys: keysFor('incident.declare', currentOs()).join(', '),
              })}
              onClick={() => {
                askNotificationPermission()
                setPanel('declare')
              }}
            >
              {t('incident.declare')}
            </button>
            <HeaderMenu incidentId={incident?.id ?? null} />
          </div>
        ) : null}
        <div className="header-tools">
          <ConnectionIndicator />
          <TeamBadge />
          <LanguageSwitch />
        </div>
      </div>
      {incident ? (
        <div className="header-row header-row-2">
          <Roles incident={incident} onError={setError} />
          <TimerCountdowns />
          <ChecklistProgress />
          <MarkDeploy />
          <InlineError error={error} testId="header-error" />
        </div>
      ) : null}
      <div className="header-alerts" data-testid="header-alerts">
        <TimerAlerts />
        <RollbackAlerts />
        <Alerts />
      </div>
      {ready ? <HeaderDialogs incidentId={incident?.id ?? null} /> : null}
    </header>
  )
}
