// The order of a merged team timeline, without the schemas: the renderer's first screen sorts
// with it, and importing it from teamSchemas.ts pulled zod and every schema into the first chunk
// (issue #20). teamSchemas.ts re-exports it.

/**
 * The order every laptop folds an incident in and the merged timeline shows: the hybrid logical
 * clock, then the origin install, then its seq (then the uid, for the copies of an event with a
 * deterministic uid that several laptops wrote).
 */
export function teamOrder(
  a: { hlc: number; origin: string; seq: number; uid: string },
  b: { hlc: number; origin: string; seq: number; uid: string },
): number {
  return (
    a.hlc - b.hlc ||
    (a.origin < b.origin ? -1 : a.origin > b.origin ? 1 : 0) ||
    a.seq - b.seq ||
    (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0)
  )
}
