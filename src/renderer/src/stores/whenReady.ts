// "Load when the database is ready or replaced; read again after the core was out of reach."
// Every store needs this and each used to write it itself (and some forgot the second half).
import { useApp } from './appStore'

export interface ReadyHandlers {
  /** A usable database appeared, or another file was opened: load from scratch. */
  ready(): void
  /** The connection came back while the same database was open: events may have been missed. */
  reconnected?(): void
}

/** Calls the handlers as the app's state changes; also once now if the database is ready. */
export function whenDatabaseReady(handlers: ReadyHandlers): () => void {
  let readyPath: string | null = null
  let connection = useApp.getState().connection
  const check = (): void => {
    const s = useApp.getState()
    const path = s.status?.state === 'ready' ? s.status.path : null
    if (path !== null && path !== readyPath) handlers.ready()
    else if (path !== null && connection === 'disconnected' && s.connection === 'connected')
      handlers.reconnected?.()
    readyPath = path
    connection = s.connection
  }
  const unsubscribe = useApp.subscribe(check)
  check()
  return unsubscribe
}
