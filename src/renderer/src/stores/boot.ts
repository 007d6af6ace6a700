// Wires the core's event streams and the connection state into the stores, once per page.
// Runs before the first render so no event or connection change can slip past unheard.
import { api } from '../api'
import { useApp } from './appStore'
import { useLocale } from '../i18n/locale'
import { startExport } from './exportStore'
import { startIncidents } from './incidentsStore'
import { listenToMetrics } from './metricsStore'
import { startRollback } from './rollbackStore'
import { startRunbooks } from './runbooksStore'
import { useSessions } from './sessionsStore'
import { startTargets } from './targetsStore'
import { whenDatabaseReady } from './whenReady'

let started = false

export function startApp(): void {
  if (started) return
  started = true
  const app = useApp.getState()

  api.on('store.changed', (status) => app.setStatus(status))
  api.on('session.changed', (info) => useSessions.getState().applyChanged(info))

  api.onStatus((link) => useApp.getState().setLink(link))
  let wasDown = false
  api.onConnection((up) => {
    app.setConnection(up ? 'connected' : 'disconnected')
    if (!up) wasDown = true
    else if (wasDown) {
      // Events were missed while away: read the state again instead of trusting the old one.
      wasDown = false
      void app.refresh().then(() => {
        if (useApp.getState().status?.state === 'ready') void useSessions.getState().sync()
      })
    }
  })

  // Sessions need a usable database: (re)read them whenever it becomes ready or is replaced.
  whenDatabaseReady({ ready: () => void useSessions.getState().sync() })

  // Every store's events are wired here, before the first render, so none is missed while a
  // component has not mounted yet.
  startIncidents(() => useLocale.getState().locale)
  startTargets()
  startRunbooks()
  startRollback()
  startExport()
  listenToMetrics()

  void app.refresh()
}
