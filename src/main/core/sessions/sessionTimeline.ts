// Sessions opened for an incident write themselves onto its timeline: opened, reconnecting,
// closed with exit code, and the command lines typed in them. On close, the transcript's output
// is indexed for full-text search.
import type { SessionInfo } from '../../../shared/contract'
import type { CoreEvents } from '../events'
import type { IncidentsDomain } from '../incidents/domain'
import type { Store } from '../store/store'
import type { TypedLine } from './typedLines'

export function recordSessionsOnTimeline(
  events: CoreEvents,
  store: () => Store | null,
  domain: () => IncidentsDomain | null,
): () => void {
  const last = new Map<string, SessionInfo['state']>()
  return events.on('session.changed', (s) => {
    const previous = last.get(s.id)
    last.set(s.id, s.state)
    const st = store()
    if (!s.incidentId || !st || previous === s.state) return
    const payload = { sessionId: s.id, kind: s.kind, title: s.title }
    try {
      if (previous === undefined) {
        // A session reopened after a restart says which one it replaces and what was lost.
        const from = s.restoredFrom
        st.timeline.append(s.incidentId, {
          kind: 'session.opened',
          payload: from
            ? {
                ...payload,
                restoredFrom: from.sessionId,
                lastRecordedAt: from.lastRecordedAt,
                restartedAt: from.restartedAt,
              }
            : payload,
        })
      } else if (s.state === 'reconnecting') {
        st.timeline.append(s.incidentId, {
          kind: 'session.reconnecting',
          payload: { ...payload, reason: s.error },
        })
      } else if (s.state === 'closed') {
        st.timeline.append(s.incidentId, {
          kind: 'session.closed',
          payload: { ...payload, exitCode: s.exitCode, error: s.error },
        })
        domain()?.reindexSession(s.id)
        last.delete(s.id)
      }
    } catch {
      // A full disk must not take the terminal down with it; the store reports the error.
    }
  })
}

/** A command line typed in a session opened for an incident goes on its timeline. */
export function recordTypedLine(store: Store | null, info: SessionInfo, line: TypedLine): void {
  if (!info.incidentId || !store) return
  try {
    store.timeline.append(info.incidentId, {
      kind: 'command.typed',
      payload: {
        sessionId: info.id,
        session: info.title,
        text: line.text,
        approximate: line.approximate,
      },
    })
  } catch {
    // A full disk must not break typing; the transcript keeps the bytes when space returns.
  }
}
