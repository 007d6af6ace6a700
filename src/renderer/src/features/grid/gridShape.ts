// How many columns and rows the grid uses for a number of panes: fixed steps of 1, 2, 4, 6, 9
// and 16 slots, so adding a pane does not reshuffle every other pane's size each time.
export interface GridShape {
  cols: number
  rows: number
}

const STEPS: readonly (GridShape & { slots: number })[] = [
  { slots: 1, cols: 1, rows: 1 },
  { slots: 2, cols: 2, rows: 1 },
  { slots: 4, cols: 2, rows: 2 },
  { slots: 6, cols: 3, rows: 2 },
  { slots: 9, cols: 3, rows: 3 },
  { slots: 16, cols: 4, rows: 4 },
]

export function gridShape(panes: number): GridShape {
  const step = STEPS.find((s) => s.slots >= panes)
  if (step) return { cols: step.cols, rows: step.rows }
  // Past 16 the grid grows downwards and scrolls rather than shrinking panes further.
  return { cols: 4, rows: Math.ceil(panes / 4) }
}
