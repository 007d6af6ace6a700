// Tells the core which sessions are broadcast targets, so that a broadcast line reaches the
// timeline once: as the one `broadcast.line` event naming every target (recordBroadcastLines),
// not also as a `command.typed` per target session. A line typed in a pane that is not a target
// is still recorded by the core as `command.typed`.
//
// The set is sent whenever broadcast is turned on or off or its targets change, and again each
// time the connection comes up: a restarted core knows no targets, and a reloaded page starts
// with broadcast off, which must clear what the previous page had set. While the core is
// unreachable nothing is lost: the set is sent again on reconnect, and until then the core
// records lines per session (twice at worst, never dropped).
import { api } from '../../../api'
import { reportError } from '../../../stores/toastStore'
import { useBroadcast } from './broadcastStore'

/** The contract's limit, the same as `sessions.broadcastLine`'s. */
const MAX_TARGETS = 64

let started = false
let connected = true
let lastSent: string | null = null

function currentTargets(): string[] {
  const { on, targets } = useBroadcast.getState()
  return on ? [...targets].sort().slice(0, MAX_TARGETS) : []
}

function send(force: boolean): void {
  const sessionIds = currentTargets()
  const key = sessionIds.join(',')
  if (!force && key === lastSent) return
  lastSent = key
  api.call('sessions.setBroadcastTargets', { sessionIds }).catch((err: unknown) => {
    // Sent again when the connection is back; a failure while connected is worth saying.
    lastSent = null
    if (connected) reportError('action.failed.broadcastTargets', err)
  })
}

/** Starts keeping the core's broadcast targets in step with this window's; once per page. */
export function syncBroadcastTargets(): void {
  if (started) return
  started = true
  useBroadcast.subscribe(() => send(false))
  api.onConnection((up) => {
    connected = up
    if (up) send(true)
  })
  send(true)
}
