// What the whole window depends on: which app this is, whether its database is usable, and
// whether the page can reach the core at all.
import { create } from 'zustand'
import type { AppInfo, StoreStatus } from '../../../shared/contract'
import { api, type ConnectionStatus } from '../api'
import { notify, reportError } from './toastStore'

let permissionsNoticeShown = false

export type Connection = 'connecting' | 'connected' | 'disconnected'

interface AppState {
  info: AppInfo | null
  status: StoreStatus | null
  connection: Connection
  /** Reconnect details (since when the core is gone, next try) for the banner. */
  link: ConnectionStatus
  /** The last time the page got the core back after losing it; the banner shows it a moment. */
  reconnected: { at: number; downSince: number } | null
  setStatus(status: StoreStatus): void
  setConnection(connection: Connection): void
  setLink(link: ConnectionStatus): void
  clearReconnected(): void
  /** Reads app info and database status again (at start and after a reconnect). */
  refresh(): Promise<void>
}

export const useApp = create<AppState>()((set, get) => ({
  info: null,
  status: null,
  connection: 'connecting',
  link: { up: false, downSince: null, attempt: 0, nextRetryAt: null },
  reconnected: null,
  setLink(link) {
    const was = get().link
    if (link.up && was.downSince !== null)
      set({ link, reconnected: { at: Date.now(), downSince: was.downSince } })
    else set({ link, ...(link.up ? {} : { reconnected: null }) })
  },
  clearReconnected() {
    set({ reconnected: null })
  },
  setStatus(status) {
    set({ status })
  },
  setConnection(connection) {
    set({ connection })
  },
  async refresh() {
    try {
      const [info, status] = await Promise.all([
        api.call('app.info', {}),
        api.call('store.status', {}),
      ])
      set({ info, status })
      // Said once per page: an older version had left the data folder readable by others.
      if (status.state === 'ready' && status.permissionsRepaired && !permissionsNoticeShown) {
        permissionsNoticeShown = true
        notify('store.permissionsRepaired', { count: status.permissionsRepaired })
      }
    } catch (err) {
      // While disconnected the indicator already says so; a toast per retry would be noise.
      if (get().connection !== 'disconnected') reportError('action.failed.loadStatus', err)
    }
  },
}))
