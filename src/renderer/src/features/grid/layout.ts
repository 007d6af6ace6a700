// Which panes the grid shows and where: the layout steps (1, 2, 4, 6, 9, 16 slots), the order
// the responder arranged by dragging, and the page of panes that fits the chosen layout. Pure
// functions; the layout store keeps the state and persists it.

export const LAYOUTS = [1, 2, 4, 6, 9, 16] as const
export type LayoutSlots = (typeof LAYOUTS)[number]
/** 'auto' picks the smallest layout that holds every pane (up to 16, then pages). */
export type LayoutChoice = 'auto' | LayoutSlots

export interface GridShape {
  cols: number
  rows: number
}

const SHAPES: Record<LayoutSlots, GridShape> = {
  1: { cols: 1, rows: 1 },
  2: { cols: 2, rows: 1 },
  4: { cols: 2, rows: 2 },
  6: { cols: 3, rows: 2 },
  9: { cols: 3, rows: 3 },
  16: { cols: 4, rows: 4 },
}

export function isLayoutChoice(value: unknown): value is LayoutChoice {
  return value === 'auto' || LAYOUTS.includes(value as LayoutSlots)
}

export function slotsFor(choice: LayoutChoice, panes: number): LayoutSlots {
  if (choice !== 'auto') return choice
  return LAYOUTS.find((s) => s >= panes) ?? 16
}

export function shapeOf(slots: LayoutSlots): GridShape {
  return SHAPES[slots]
}

/**
 * The panes in the responder's order: those with a remembered place first, in that order, then
 * the others (new panes) in the order they were opened.
 */
export function arrange(paneIds: readonly string[], remembered: readonly string[]): string[] {
  const present = new Set(paneIds)
  const placed = remembered.filter((id) => present.has(id))
  const placedSet = new Set(placed)
  return [...placed, ...paneIds.filter((id) => !placedSet.has(id))]
}

/** The order with two panes' places exchanged (unchanged when either is missing). */
export function swapped(order: readonly string[], a: string, b: string): string[] {
  const i = order.indexOf(a)
  const j = order.indexOf(b)
  if (i < 0 || j < 0 || i === j) return [...order]
  const next = [...order]
  next[i] = b
  next[j] = a
  return next
}

export function pageCount(panes: number, slots: LayoutSlots): number {
  return Math.max(1, Math.ceil(panes / slots))
}

export interface Placement {
  /** Grid position (CSS order) of each pane, by session id. */
  position: Map<string, number>
  /** Session ids on screen now. */
  visible: Set<string>
  shape: GridShape
  page: number
  pages: number
  /** A pane fills the grid alone. */
  maximised: boolean
}

/**
 * Where every pane goes. A maximised pane fills the grid alone; otherwise the page of `slots`
 * panes is on screen and the rest stay mounted but hidden, their sessions still flowing.
 */
export function place(
  order: readonly string[],
  slots: LayoutSlots,
  page: number,
  maximised: string | null,
): Placement {
  const position = new Map(order.map((id, i) => [id, i]))
  const pages = pageCount(order.length, slots)
  const current = Math.min(Math.max(0, page), pages - 1)
  if (maximised !== null && position.has(maximised)) {
    return {
      position,
      visible: new Set([maximised]),
      shape: shapeOf(1),
      page: current,
      pages,
      maximised: true,
    }
  }
  const visible = new Set(order.slice(current * slots, (current + 1) * slots))
  return { position, visible, shape: shapeOf(slots), page: current, pages, maximised: false }
}
