// The keyboard and screen-reader state every feature may read: which of the palette, the
// shortcut sheet or the quick-note box is open, whether Tab moves focus out of a terminal pane,
// whether panes keep a screen-reader tree (xterm's screenReaderMode, remembered), and the queue
// of things to announce.
import { create } from 'zustand'

export type Overlay =
  { kind: 'none' } | { kind: 'palette' } | { kind: 'sheet' } | { kind: 'note'; pinned: boolean }

export type Politeness = 'polite' | 'assertive'

export interface Announcement {
  id: number
  text: string
  politeness: Politeness
}

const READER_KEY = 'sitrep.screenReaderMode'

function loadReader(): boolean {
  try {
    return localStorage.getItem(READER_KEY) === 'on'
  } catch {
    return false
  }
}

interface KeyboardState {
  overlay: Overlay
  /** Tab and Shift+Tab leave a terminal pane instead of reaching the shell (VS Code's toggle). */
  tabMovesFocus: boolean
  screenReaderMode: boolean
  announcements: Announcement[]
  open(overlay: Overlay): void
  close(): void
  setTabMovesFocus(on: boolean): void
  setScreenReaderMode(on: boolean): void
  announce(text: string, politeness?: Politeness): void
}

let nextId = 1

export const useKeyboard = create<KeyboardState>()((set, get) => ({
  overlay: { kind: 'none' },
  tabMovesFocus: false,
  screenReaderMode: loadReader(),
  announcements: [],
  open(overlay) {
    set({ overlay })
  },
  close() {
    set({ overlay: { kind: 'none' } })
  },
  setTabMovesFocus(on) {
    set({ tabMovesFocus: on })
  },
  setScreenReaderMode(on) {
    try {
      localStorage.setItem(READER_KEY, on ? 'on' : 'off')
    } catch {
      // Not remembered across reloads; the switch still works for this page.
    }
    set({ screenReaderMode: on })
  },
  announce(text, politeness = 'polite') {
    set({ announcements: [...get().announcements, { id: nextId++, text, politeness }].slice(-50) })
  },
}))

/** For code outside React (stores, terminal plumbing). */
export function announce(text: string, politeness: Politeness = 'polite'): void {
  useKeyboard.getState().announce(text, politeness)
}
