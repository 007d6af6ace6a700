// Every dialog, side sheet and overlay behaves the same for the keyboard: it takes focus when it
// opens (its [autofocus]/[data-autofocus] control, else its first control, else itself), keeps
// Tab and Shift+Tab inside while open, closes on Escape without the Escape reaching anything
// behind it, and gives focus back to what opened it when it closes. Dialogs stack: only the
// newest one traps and takes Escape (a confirm over a sheet, the palette over a dialog).
import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react'

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), summary'

/** The controls Tab can reach inside `root`, in order (hidden ones left out). */
export function tabbables(root: Element): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) =>
      !el.closest('[hidden], [aria-hidden="true"], [inert]') && el.getClientRects().length > 0,
  )
}

const stack: HTMLElement[] = []

// What last lost focus: a dialog whose control takes focus as it mounts (React's autoFocus runs
// before effects) was opened from there, not from that control.
let recentBlur: HTMLElement | null = null
if (typeof document !== 'undefined') {
  document.addEventListener('focusout', (ev) => {
    if (ev.target instanceof HTMLElement) recentBlur = ev.target
  })
}

let fallback: () => void = () => undefined
let nextReturn: string | null = null

/**
 * The dialog closing next sends focus to `selector` instead of what opened it, when that exists
 * (Declare hands the keyboard to the new incident's note box).
 */
export function returnFocusTo(selector: string): void {
  nextReturn = selector
}
/**
 * Where focus goes when what opened a dialog is gone (a menu item, a row that re-rendered):
 * set by the keyboard layer to the place a responder acts first.
 */
export function setFocusFallback(fn: () => void): void {
  fallback = fn
}

/** Is `el` inside the newest open dialog (or is no dialog open)? */
export function topDialog(): HTMLElement | null {
  return stack[stack.length - 1] ?? null
}

export interface DialogFocusOptions {
  /** Escape closes (leave out where Escape must not close, e.g. while an export runs). */
  onEscape?: () => void
  /** Keep Tab inside (default true). */
  trap?: boolean
  /**
   * For a component that stays mounted while its dialog comes and goes: the dialog is open
   * while this is not null/undefined/false, and a new value is a new opening.
   */
  openKey?: unknown
}

export function useDialogFocus<T extends HTMLElement>(
  ref: RefObject<T | null>,
  options: DialogFocusOptions = {},
): void {
  const latest = useRef(options)
  useLayoutEffect(() => {
    latest.current = options
  })

  useEffect(() => {
    const root = ref.current
    if (!root || options.openKey === null || options.openKey === false) return
    const active = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const opener = active && root.contains(active) ? recentBlur : active
    stack.push(root)
    if (!root.contains(document.activeElement)) {
      // Its own choice first, then the first control of its body (not the header's ×).
      const body = root.querySelector<HTMLElement>('[data-dialog-body]')
      const first =
        root.querySelector<HTMLElement>('[autofocus], [data-autofocus]') ??
        (body ? tabbables(body)[0] : undefined) ??
        tabbables(root)[0]
      if (first) first.focus()
      else {
        if (!root.hasAttribute('tabindex')) root.tabIndex = -1
        root.focus()
      }
    }

    // On the document, bubbling: after the controls' own handlers (a role editor's Escape, a
    // select's keys, React's), before any window listener; a pane's terminal stops its Escape
    // before it gets here (terminalView.ts).
    const onKey = (ev: KeyboardEvent): void => {
      if (topDialog() !== root || ev.defaultPrevented) return
      if (ev.key === 'Escape' && latest.current.onEscape) {
        ev.stopPropagation()
        ev.preventDefault()
        latest.current.onEscape()
        return
      }
      if (ev.key !== 'Tab' || latest.current.trap === false) return
      const items = tabbables(root)
      if (items.length === 0) {
        ev.preventDefault()
        return
      }
      const first = items[0]!
      const last = items[items.length - 1]!
      const active = document.activeElement
      if (ev.shiftKey && (active === first || !root.contains(active))) {
        ev.preventDefault()
        last.focus()
      } else if (!ev.shiftKey && (active === last || !root.contains(active))) {
        ev.preventDefault()
        first.focus()
      }
    }
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('keydown', onKey)
      const at = stack.lastIndexOf(root)
      if (at >= 0) stack.splice(at, 1)
      // Give focus back if it was inside (or fell to <body> when the dialog went away).
      const active = document.activeElement
      const lost = !active || active === document.body || root.contains(active)
      const instead = nextReturn ? document.querySelector<HTMLElement>(nextReturn) : null
      nextReturn = null
      if (!lost) return
      if (instead) instead.focus()
      else if (opener?.isConnected && opener !== document.body) opener.focus()
      else fallback()
    }
    // The dialog's element is created once per opening (or per openKey).
  }, [ref, options.openKey])
}
