// What the whole window depends on: which app this is, whether its database is usable, and
// whether the page can reach the core at all.
import { create } from 'zustand'
import type { AppInfo, StoreStatus } from '../../../shared/contract'
import { api } from '../api'
import { reportError } from './toastStore'

export type Connection = 'connecting' | 'connected' | 'disconnected'

interface AppState {
  info: AppInfo | null
  status: StoreStatus | null
  connection: Connection
  setStatus(status: StoreStatus): void
  setConnection(connection: Connection): void
  /** Reads app info and database status again (at start and after a reconnect). */
  refresh(): Promise<void>
}

export const useApp = create<AppState>()((set, get) => ({
  info: null,
  status: null,
  connection: 'connecting',
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
    } catch (err) {
      // While disconnected the indicator already says so; a toast per retry would be noise.
      if (get().connection !== 'disconnected') reportError('action.failed.loadStatus', err)
    }
  },
}))
