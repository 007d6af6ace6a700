// F6 / Shift+F6 regions: the header, the timeline, the terminals, the checklist and the metrics,
// in the order the eye reads them. Entering a region focuses what was last focused in it (the
// pane the responder typed in), else its first control; a region with none takes focus itself.
import { tabbables, topDialog } from '../../ui/useDialogFocus'

export const REGIONS = ['incident-header', 'timeline', 'grid', 'checklist', 'metrics'] as const

const lastFocused = new Map<string, HTMLElement>()

function regionOf(el: Element | null): HTMLElement | null {
  for (const id of REGIONS) {
    const region = document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
    if (region && el && region.contains(el)) return region
  }
  return null
}

/** Remembers, per region, the last element that had focus in it. */
export function trackRegionFocus(): () => void {
  const onFocus = (ev: FocusEvent): void => {
    const el = ev.target instanceof HTMLElement ? ev.target : null
    const region = regionOf(el)
    if (region && el) lastFocused.set(region.dataset.testid ?? '', el)
  }
  document.addEventListener('focusin', onFocus)
  return () => document.removeEventListener('focusin', onFocus)
}

export function focusRegion(region: HTMLElement): void {
  const remembered = lastFocused.get(region.dataset.testid ?? '')
  if (
    remembered?.isConnected &&
    region.contains(remembered) &&
    // xterm's textarea is a 0×0 element at the cursor: visible when its pane is.
    !remembered.closest('[aria-hidden="true"], .pane-hidden')
  ) {
    remembered.focus()
    return
  }
  // The terminals' region is entered at a pane's terminal (the first one shown), not at the
  // toolbar: F6 there means "back to the shell".
  const terminal = region.querySelector<HTMLElement>(
    '.pane:not(.pane-hidden) .xterm-helper-textarea',
  )
  if (terminal) return terminal.focus()
  const first = tabbables(region)[0]
  if (first) return first.focus()
  region.tabIndex = -1
  region.focus()
}

/** Moves to the next (1) or previous (-1) region; inside an open dialog, does nothing. */
export function cycleRegion(direction: 1 | -1): void {
  if (topDialog()) return
  const regions = REGIONS.map((id) =>
    document.querySelector<HTMLElement>(`[data-testid="${id}"]`),
  ).filter((el): el is HTMLElement => el !== null)
  if (regions.length === 0) return
  const current = regions.findIndex((r) => r.contains(document.activeElement))
  const next =
    current < 0
      ? direction === 1
        ? 0
        : regions.length - 1
      : (current + direction + regions.length) % regions.length
  const region = regions[next]
  if (region) focusRegion(region)
}

/** Where a responder acts first: the note box of the active incident, else Declare. */
export function focusStart(): void {
  const target =
    document.querySelector<HTMLElement>('[data-testid="note-input"]') ??
    document.querySelector<HTMLElement>('[data-testid="declare-incident"]')
  target?.focus()
}
