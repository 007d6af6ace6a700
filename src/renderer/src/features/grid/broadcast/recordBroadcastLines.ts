// Puts every broadcast command line on the active incident's timeline (broadcast.line, with its
// target panes). Main refuses the line when a target sat at a password prompt, so a password
// typed into a broadcast never reaches the timeline; without an active incident nothing is kept
// (the transcripts still have every byte).
import { api } from '../../../api'
import { useIncidents } from '../../../stores/incidentsStore'
import { useSessions } from '../../../stores/sessionsStore'
import { reportError } from '../../../stores/toastStore'
import { onBroadcastLine } from './inputRouter'

export function recordBroadcastLines(): () => void {
  return onBroadcastLine(({ text, channels }) => {
    const incidentId = useIncidents.getState().activeId
    if (!incidentId) return
    const panes = useSessions.getState().panes
    const sessionIds = channels
      .map((c) => panes.find((p) => p.channel === c)?.id)
      .filter((id): id is string => id !== undefined)
    if (sessionIds.length === 0) return
    api
      .call('sessions.broadcastLine', { incidentId, text: text.slice(0, 10_000), sessionIds })
      .catch((err: unknown) => reportError('action.failed.broadcastLine', err))
  })
}
