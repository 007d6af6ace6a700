// A button that opens a menu (the WAI-ARIA menu button pattern): aria-haspopup="menu" and
// aria-expanded on the button; in the menu, ArrowUp/ArrowDown move between the
// role="menuitem" items (wrapping), Home/End jump to the ends; Escape closes and puts focus
// back on the button; a click elsewhere closes. Opening with the keyboard (Enter, Space,
// ArrowDown) focuses the first item, ArrowUp the last. Items are plain buttons with
// role="menuitem" that call `close` after acting (focus then goes where the item sends it,
// usually a dialog's first field).
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import { menuFocusTarget } from './menuKeys'

export function MenuButton({
  label,
  className,
  buttonClassName = 'inc-btn',
  menuClassName,
  testId,
  menuTestId,
  children,
}: {
  label: ReactNode
  /** Class of the wrapper that positions the menu under the button. */
  className?: string
  buttonClassName?: string
  menuClassName?: string
  testId?: string
  menuTestId?: string
  /** The items; call `close` when one was chosen. */
  children: (close: () => void) => ReactNode
}): React.JSX.Element {
  const [open, setOpen] = useState(false)
  // Which item to focus when the menu appears: first, last, or none (opened by the mouse).
  const [focusOnOpen, setFocusOnOpen] = useState<'first' | 'last' | null>(null)
  const box = useRef<HTMLDivElement>(null)
  // The button as state, not a ref: closeFromItem is handed to `children` during render, and
  // a ref read there is what React's rules forbid (a ref may change without a render).
  const [button, setButton] = useState<HTMLButtonElement | null>(null)
  const menu = useRef<HTMLDivElement>(null)

  const items = (): HTMLElement[] =>
    menu.current
      ? [...menu.current.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)')]
      : []

  // What an item calls after acting. Focus goes to the button before the item disappears: a
  // dialog the item opens takes focus from there and gives it back to the button when it
  // closes (ui/useDialogFocus.ts); an item that opens nothing leaves focus on the button, not
  // on <body>.
  const closeFromItem = useCallback((): void => {
    setOpen(false)
    button?.focus()
  }, [button])

  useEffect(() => {
    if (!open) return
    if (focusOnOpen) {
      const all = items()
      all[focusOnOpen === 'first' ? 0 : all.length - 1]?.focus()
    }
    const onDown = (e: MouseEvent): void => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false)
    }
    window.addEventListener('mousedown', onDown)
    return () => window.removeEventListener('mousedown', onDown)
  }, [open, focusOnOpen])

  useEffect(() => {
    if (!open) return
    // Escape closes even when focus stayed on the button or left the menu.
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return
      const inside = box.current?.contains(document.activeElement) ?? false
      setOpen(false)
      if (inside) button?.focus()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open, button])

  const openWith = (focus: 'first' | 'last' | null): void => {
    setFocusOnOpen(focus)
    setOpen(true)
  }

  return (
    <div className={className} ref={box}>
      <button
        ref={setButton}
        type="button"
        className={buttonClassName}
        data-testid={testId}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={(e) => {
          if (open) setOpen(false)
          // detail 0: Enter or Space, not a pointer.
          else openWith(e.detail === 0 ? 'first' : null)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault()
            openWith(e.key === 'ArrowDown' ? 'first' : 'last')
          }
        }}
      >
        {label}
      </button>
      {open ? (
        <div
          ref={menu}
          className={menuClassName}
          role="menu"
          data-testid={menuTestId}
          onKeyDown={(e) => {
            const all = items()
            const next = menuFocusTarget(
              e.key,
              all.indexOf(document.activeElement as HTMLElement),
              all.length,
            )
            if (next === null) return
            e.preventDefault()
            all[next]?.focus()
          }}
        >
          {children(closeFromItem)}
        </div>
      ) : null}
    </div>
  )
}
