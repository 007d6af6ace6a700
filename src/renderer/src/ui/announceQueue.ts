// What the live regions say, rate-limited: a screen reader that is read a hundred threshold
// crossings in a second says nothing useful and hides the one that matters. Messages queue;
// every tick speaks at most `max` of them and sums up the rest as a count. Pure.

export interface Spoken {
  texts: string[]
  /** How many more were folded into "and N more". */
  more: number
}

/** Takes one tick's worth from `pending` (which it empties): the newest `max` lose to nothing. */
export function takeBatch(pending: string[], max = 3): Spoken | null {
  if (pending.length === 0) return null
  const texts = pending.slice(0, max)
  const more = pending.length - texts.length
  pending.length = 0
  return { texts, more }
}

/** Polite messages at most every 1.5 s, assertive ones every second. */
export const TICK_MS = { polite: 1500, assertive: 1000 } as const
