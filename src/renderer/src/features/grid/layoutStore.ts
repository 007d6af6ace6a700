// The grid's arrangement as the responder left it: the layout choice, the order of panes (kept
// by session id in localStorage, so a reload or a reattach keeps every pane where it was), the
// page on screen and the maximised pane.
import { create } from 'zustand'
import { arrange, isLayoutChoice, pageCount, slotsFor, swapped, type LayoutChoice } from './layout'

const CHOICE_KEY = 'sitrep.grid.layout'
const ORDER_KEY = 'sitrep.grid.order'
/** Old sessions are never pruned one by one (their panes may just not be listed yet at start):
 * the list is capped instead, newest arrangement first to survive. */
const MAX_REMEMBERED = 256

function load<T>(key: string, valid: (v: unknown) => v is T, fallback: T): T {
  try {
    const raw = localStorage.getItem(key)
    if (raw === null) return fallback
    const value: unknown = JSON.parse(raw)
    return valid(value) ? value : fallback
  } catch {
    return fallback
  }
}

function save(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value))
  } catch {
    // Storage full or disabled: the arrangement still holds for this page.
  }
}

function isIdList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string')
}

interface LayoutState {
  choice: LayoutChoice
  /** Remembered order of session ids; panes not in it follow in the order they opened. */
  order: string[]
  page: number
  maximised: string | null
  setChoice(choice: LayoutChoice): void
  setPage(page: number): void
  /** Exchanges the places of two panes (drag and drop of a title bar). */
  swap(paneIds: readonly string[], a: string, b: string): void
  maximise(sessionId: string | null): void
  /** Brings a pane on screen: its page, and out of another pane's maximised view. */
  reveal(paneIds: readonly string[], sessionId: string): void
  /** A restored session took over a pane after a restart: it keeps the pane's place. */
  renamePane(fromId: string, toId: string): void
}

export const useLayout = create<LayoutState>()((set, get) => ({
  choice: load(CHOICE_KEY, isLayoutChoice, 'auto'),
  order: load(ORDER_KEY, isIdList, []),
  page: 0,
  maximised: null,
  setChoice(choice) {
    save(CHOICE_KEY, choice)
    set({ choice, page: 0 })
  },
  setPage(page) {
    set({ page: Math.max(0, page), maximised: null })
  },
  swap(paneIds, a, b) {
    const current = arrange(paneIds, get().order)
    const next = swapped(current, a, b)
    const rest = get().order.filter((id) => !next.includes(id))
    const order = [...next, ...rest].slice(0, MAX_REMEMBERED)
    save(ORDER_KEY, order)
    set({ order })
  },
  maximise(sessionId) {
    set({ maximised: sessionId })
  },
  renamePane(fromId, toId) {
    const { order, maximised } = get()
    if (order.includes(fromId)) {
      const next = order.map((id) => (id === fromId ? toId : id))
      save(ORDER_KEY, next)
      set({ order: next })
    }
    if (maximised === fromId) set({ maximised: toId })
  },
  reveal(paneIds, sessionId) {
    const { choice, maximised } = get()
    const index = arrange(paneIds, get().order).indexOf(sessionId)
    if (index < 0) return
    const slots = slotsFor(choice, paneIds.length)
    const page = Math.min(Math.floor(index / slots), pageCount(paneIds.length, slots) - 1)
    set({ page, maximised: maximised === sessionId ? maximised : null })
  },
}))
