// The incident lifecycle: which status changes are allowed and what each one means.
//
//   declared → investigating → identified → mitigating → monitoring → resolved → closed
//
// Rules, chosen for how incidents really go:
// - Forward moves may skip steps (investigating → mitigating when the fix is obvious; declared →
//   resolved for a false alarm). Leaving 'declared' is the moment the response started.
// - Backward moves between open statuses are allowed (monitoring → mitigating when the fix did
//   not hold; identified → investigating when the cause was wrong) and recorded as going back.
// - resolved → an open status is a reopen: allowed, counted, and recorded as a reopen.
// - Closing means the postmortem is done, so only a resolved incident can be closed.
// - Closed is final for ordinary status changes; only an explicit reopen (with a reason) brings a
//   closed incident back, so a stray click can never undo a finished postmortem.
// - Re-entering 'declared' is refused: the declaration happened once.
import { InvalidTransitionError } from './errors'
import { incidentStatuses, type IncidentStatus } from '../../../shared/incidents'

export type TransitionKind = 'forward' | 'back' | 'reopen'

const rank = new Map<IncidentStatus, number>(incidentStatuses.map((s, i) => [s, i]))

export function statusRank(s: IncidentStatus): number {
  return rank.get(s) ?? 0
}

export function isIncidentStatus(s: string): s is IncidentStatus {
  return rank.has(s as IncidentStatus)
}

/** Open: still being worked. Timers run and the list shows it first. */
export function isOpen(s: IncidentStatus): boolean {
  return s !== 'resolved' && s !== 'closed'
}

export const openStatuses: readonly IncidentStatus[] = incidentStatuses.filter(isOpen)

/**
 * Classifies a status change or throws with a message that says what is allowed instead.
 * `explicitReopen` is the Reopen action, the only way out of 'closed'.
 */
export function checkTransition(
  from: IncidentStatus,
  to: IncidentStatus,
  explicitReopen = false,
): TransitionKind {
  if (from === to) {
    throw new InvalidTransitionError(`The incident is already ${to}.`)
  }
  if (to === 'declared') {
    throw new InvalidTransitionError(
      'An incident cannot go back to declared. Choose investigating to continue the response.',
    )
  }
  if (explicitReopen && !isOpen(to)) {
    throw new InvalidTransitionError(`Reopening leads to an open status, not ${to}.`)
  }
  if (from === 'closed') {
    if (explicitReopen) return 'reopen'
    throw new InvalidTransitionError(
      'The incident is closed (postmortem done). Reopen it, with a reason, to work on it again.',
    )
  }
  if (to === 'closed' && from !== 'resolved') {
    throw new InvalidTransitionError(
      'Only a resolved incident can be closed: closing means the postmortem is done. Resolve it first.',
    )
  }
  if (from === 'resolved') return to === 'closed' ? 'forward' : 'reopen'
  if (explicitReopen) {
    throw new InvalidTransitionError(
      `The incident is ${from}, still open: there is nothing to reopen.`,
    )
  }
  return statusRank(to) > statusRank(from) ? 'forward' : 'back'
}

/** Whether the incident has ever reached `status` or a later one. */
export function hasReached(
  reachedAt: Partial<Record<IncidentStatus, number>>,
  status: IncidentStatus,
): boolean {
  const min = statusRank(status)
  return incidentStatuses.some((s) => statusRank(s) >= min && reachedAt[s] !== undefined)
}
