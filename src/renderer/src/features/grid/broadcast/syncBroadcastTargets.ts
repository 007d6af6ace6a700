// Wires broadcastSync to this page's store and connection, once per page.
import { api } from '../../../api'
import { reportError } from '../../../stores/toastStore'
import { startBroadcastSync } from './broadcastSync'
import { useBroadcast } from '../../../stores/broadcastStore'

let started = false

export function syncBroadcastTargets(): void {
  if (started) return
  started = true
  startBroadcastSync({
    state: () => useBroadcast.getState(),
    subscribe: (listener) => useBroadcast.subscribe(listener),
    onConnection: (listener) => api.onConnection(listener),
    send: (sessionIds) => api.call('sessions.setBroadcastTargets', { sessionIds }),
    failed: (err) => reportError('action.failed.broadcastTargets', err),
  })
}
