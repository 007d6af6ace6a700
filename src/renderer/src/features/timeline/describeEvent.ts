// What a timeline row says about an event, in the responder's language: the one describer every
// place uses (src/shared/eventText.ts: timeline, status updates, postmortem, exports), with this
// timeline's own numbering for "event #12".
import type { TimelineEvent } from '../../../../shared/contract'
import { describeEvent as describe, type EventDescription } from '../../../../shared/eventText'
import type { Locale } from '../../i18n/locale'

export type EventText = EventDescription

export function describeEvent(
  locale: Locale,
  e: TimelineEvent,
  seqOf: (uid: string) => number | null,
): EventText {
  return describe(e, { lang: locale, seqOf })
}
