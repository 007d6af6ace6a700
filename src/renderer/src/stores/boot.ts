// Wires the core's event streams and the connection state into the stores, once per page.
// Runs before the first render so no event or connection change can slip past unheard.
import { api } from '../api'
import { useApp } from './appStore'
import { useSessions } from './sessionsStore'

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
  let readyPath: string | null = null
  useApp.subscribe((s) => {
    const path = s.status?.state === 'ready' ? s.status.path : null
    if (path !== null && path !== readyPath) void useSessions.getState().sync()
    readyPath = path
  })

  void app.refresh()
}
