// Timeline events in exported documents: their text (one describer for every place an event is
// read, src/shared/eventText.ts), who did it, where it came from, and the order to show them in.
import type { TimelineEvent } from '../../../shared/contract'
import { describeEvent, eventLine } from '../../../shared/eventText'
import type { Lang } from '../../../shared/incidents'

const str = (p: TimelineEvent['payload'], k: string): string | null => {
  const v = p[k]
  return typeof v === 'string' ? v : null
}

/** The event as one line of text ("Label: what happened"), the same words as the timeline. */
export function eventText(e: TimelineEvent, lang: Lang, timeZone?: string): string {
  return eventLine(e, timeZone ? { lang, timeZone } : { lang })
}

/**
 * The text cell of a spreadsheet row: what was written in full (notes, status updates,
 * corrections), else the one line the documents show.
 */
export function eventCellText(e: TimelineEvent, lang: Lang): string {
  const written = e.kind === 'note' || e.kind === 'status_update.posted' || e.kind === 'correction'
  return (written ? describeEvent(e, { lang }).body : null) ?? eventLine(e, { lang })
}

/** Who did it: the actor, else the session or runner the payload names. */
export function eventWho(e: TimelineEvent): string {
  return e.actor ?? str(e.payload, 'by') ?? str(e.payload, 'session') ?? ''
}

/** The laptop an event was first written on, when it came in through a merge. */
export function eventOrigin(e: TimelineEvent): string | null {
  const m = e.payload.mergedFrom
  return m && typeof m === 'object' && !Array.isArray(m) && typeof m.origin === 'string'
    ? m.origin
    : null
}

/** The uid the event had where it was first written: merged copies keep the original's. */
export function logicalUid(e: TimelineEvent): string {
  const m = e.payload.mergedFrom
  return m && typeof m === 'object' && !Array.isArray(m) && typeof m.uid === 'string'
    ? m.uid
    : e.uid
}

/** Events in the order they happened (merged events are appended late but happened earlier). */
export function inTimeOrder(events: readonly TimelineEvent[]): TimelineEvent[] {
  return [...events].sort((a, b) => a.at - b.at || a.seq - b.seq)
}
