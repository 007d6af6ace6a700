// The keyboard layer of the window: one capturing key listener that turns the shortcut table's
// keys into commands (before xterm sees them, so they work from inside a pane), F6 regions,
// where focus starts, the palette, the shortcut sheet, the quick-note box and the live regions.
import { useEffect } from 'react'
import { useT } from '../../i18n/useT'
import { useLocale } from '../../i18n/locale'
import { useApp } from '../../stores/appStore'
import { runCommand, useCommand } from '../../stores/commandsStore'
import { afterFirstPaint } from '../../stores/firstPaint'
import { useIncidents } from '../../stores/incidentsStore'
import { announce, useKeyboard } from '../../stores/keyboardStore'
import { commandForKey, currentOs } from '../../ui/shortcuts'
import { setFocusFallback, topDialog } from '../../ui/useDialogFocus'
import { Announcer } from './Announcer'
import { CommandPalette } from './CommandPalette'
import { QuickNote } from './QuickNote'
import { cycleRegion, focusStart, trackRegionFocus } from './regions'
import { ShortcutSheet } from './ShortcutSheet'
import './keyboard.css'

function isTextField(el: Element): boolean {
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true
  if (el instanceof HTMLInputElement)
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(
      el.type,
    )
  return el instanceof HTMLElement && el.isContentEditable
}

/** The table's keys, from anywhere (capture phase: before a pane's terminal or a field). */
function useKeyDispatch(): void {
  useEffect(() => {
    const os = currentOs()
    const onKey = (ev: KeyboardEvent): void => {
      if (ev.defaultPrevented || ev.isComposing) return
      // A modal question (a run's confirmation, a host key, the passphrase) is answered first:
      // no command opens something behind or over it. The palette and the sheet are modal
      // too, but a command from them replaces them.
      const top = topDialog()
      if (top?.getAttribute('aria-modal') === 'true' && !top.closest('.kb-backdrop')) return
      const target = ev.target instanceof Element ? ev.target : null
      const inTerminal = target?.closest('.xterm') != null
      const inText = inTerminal || (target !== null && isTextField(target))
      const id = commandForKey(ev, os, { inTerminal, inText })
      if (!id) return
      if (runCommand(id)) {
        ev.preventDefault()
        ev.stopPropagation()
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [])
}

/**
 * On start, focus goes where a responder acts first: the note box of the active incident, or
 * Declare without one; never silently into a shell. Once, when the page first knows which.
 */
function useStartFocus(): void {
  const ready = useApp((s) => s.status?.state === 'ready')
  const activeId = useIncidents((s) => s.activeId)
  const loaded = useIncidents((s) => s.incident !== null)
  useEffect(() => {
    setFocusFallback(focusStart)
    return trackRegionFocus()
  }, [])
  useEffect(() => {
    if (!ready || (activeId !== null && !loaded) || started) return
    started = true
    // After React drew the incident's note box, and once the first screen was painted: focus
    // lays the page out (~20 ms under load), which held the newest events' frame (issue #20).
    void afterFirstPaint().then(() =>
      requestAnimationFrame(() => {
        const idle = !document.activeElement || document.activeElement === document.body
        if (idle) focusStart()
      }),
    )
  }, [ready, activeId, loaded])
}
let started = false

function useLayerCommands(): void {
  const t = useT()
  const open = useKeyboard.getState().open
  useCommand('palette.open', () => open({ kind: 'palette' }))
  useCommand('sheet.open', () => open({ kind: 'sheet' }))
  useCommand('region.next', () => cycleRegion(1))
  useCommand('region.previous', () => cycleRegion(-1))
  useCommand('focus.tabMoves', () => {
    const on = !useKeyboard.getState().tabMovesFocus
    useKeyboard.getState().setTabMovesFocus(on)
    announce(t(on ? 'regions.tabMoves.on' : 'regions.tabMoves.off'))
  })
  useCommand('note.add', () => open({ kind: 'note', pinned: false }))
  useCommand('note.pinned', () => open({ kind: 'note', pinned: true }))
  useCommand('language.switch', () => {
    const locale = useLocale.getState()
    locale.setLocale(locale.locale === 'en' ? 'ja' : 'en')
  })
  useCommand('screenReader.toggle', () => {
    const on = !useKeyboard.getState().screenReaderMode
    useKeyboard.getState().setScreenReaderMode(on)
    announce(t(on ? 'settings.screenReader.on' : 'settings.screenReader.off'))
  })
}

export function KeyboardLayer(): React.JSX.Element {
  const overlay = useKeyboard((s) => s.overlay)
  useKeyDispatch()
  useStartFocus()
  useLayerCommands()
  return (
    <>
      {overlay.kind === 'palette' ? <CommandPalette /> : null}
      {overlay.kind === 'sheet' ? <ShortcutSheet /> : null}
      {overlay.kind === 'note' ? (
        <QuickNote key={String(overlay.pinned)} pinned={overlay.pinned} />
      ) : null}
      <Announcer />
    </>
  )
}
