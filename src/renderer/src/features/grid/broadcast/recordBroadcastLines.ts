// Puts every broadcast command line on the incident's timeline, once (broadcast.line, with its
// target panes): the core is told which sessions are targets (broadcastSync) and does not also
// record the line as a command.typed per target. Main refuses the line when a target sat at a
// password prompt, so a password typed into a broadcast never reaches the timeline. The line
// goes to the active incident, or, with none active, to the incident the target sessions were
// opened for; with neither nothing is kept (the transcripts still have every byte).
import { api } from '../../../api'
import { useIncidents } from '../../../stores/incidentsStore'
import { useSessions } from '../../../stores/sessionsStore'
import { reportError } from '../../../stores/toastStore'
import { syncBroadcastTargets } from './syncBroadcastTargets'
import { onBroadcastLine } from './inputRouter'

export function recordBroadcastLines(): () => void {
  syncBroadcastTargets()
  return onBroadcastLine(({ text, channels }) => {
    const panes = useSessions.getState().panes
    const targets = channels
      .map((c) => panes.find((p) => p.channel === c))
      .filter((p): p is NonNullable<typeof p> => p !== undefined)
    const sessionIds = targets.map((p) => p.id)
    if (sessionIds.length === 0) return
    const opened = new Set(targets.map((p) => p.incidentId))
    const openedFor = opened.size === 1 ? [...opened][0] : null
    const incidentId = useIncidents.getState().activeId ?? openedFor ?? null
    if (!incidentId) return
    api
      .call('sessions.broadcastLine', { incidentId, text: text.slice(0, 10_000), sessionIds })
      .catch((err: unknown) => reportError('action.failed.broadcastLine', err))
  })
}
