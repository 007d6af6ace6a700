// The command palette (Ctrl+K, Ctrl+Shift+P; Cmd on macOS): every action of the app by name,
// in English or Japanese, with its keys. Running an entry closes the palette first, so focus is
// back where it was before the action opens its own panel or confirmation (actions that change
// production ask exactly as their buttons do: they are the same code).
import { useMemo, useRef, useState } from 'react'
import { useT } from '../../i18n/useT'
import { useLocale } from '../../i18n/locale'
import { useCommands } from '../../stores/commandsStore'
import { useKeyboard } from '../../stores/keyboardStore'
import { paletteEntries, rankEntries, type PaletteEntry } from '../../ui/paletteEntries'
import { currentOs } from '../../ui/shortcuts'
import { useDialogFocus } from '../../ui/useDialogFocus'

const MAX_SHOWN = 60

export function CommandPalette(): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const handlers = useCommands((s) => s.handlers)
  const families = useCommands((s) => s.families)
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const ref = useRef<HTMLDivElement>(null)
  const close = (): void => useKeyboard.getState().close()
  useDialogFocus(ref, { onEscape: close })

  const entries = useMemo(
    () => paletteEntries({ handlers, families }, currentOs()),
    [handlers, families],
  )
  const shown = useMemo(() => rankEntries(entries, query).slice(0, MAX_SHOWN), [entries, query])
  const current = Math.min(active, Math.max(0, shown.length - 1))
  // The name in the UI language first; the other language's shows when it was the one matched.
  const nameOf = (e: PaletteEntry): string =>
    locale === 'ja' ? (e.names[1] ?? '') : (e.names[0] ?? '')

  const run = (e: PaletteEntry | undefined): void => {
    if (!e || !e.available) return
    close()
    // After the palette is gone and focus is back where it was.
    setTimeout(() => void e.run(), 0)
  }

  return (
    <div className="kb-backdrop">
      <div
        className="kb-palette"
        role="dialog"
        aria-modal="true"
        aria-label={t('palette.title')}
        data-testid="command-palette"
        ref={ref}
      >
        <input
          className="kb-palette-input"
          data-autofocus
          role="combobox"
          aria-expanded="true"
          aria-controls="kb-palette-list"
          aria-activedescendant={shown[current] ? `kb-option-${current}` : undefined}
          aria-autocomplete="list"
          aria-label={t('palette.input')}
          placeholder={t('palette.input')}
          data-testid="palette-input"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value)
            setActive(0)
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault()
              const step = e.key === 'ArrowDown' ? 1 : -1
              setActive((current + step + shown.length) % Math.max(1, shown.length))
            } else if (e.key === 'Home' && e.ctrlKey) {
              setActive(0)
            } else if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault()
              run(shown[current])
            }
          }}
        />
        {shown.length === 0 ? (
          <p className="kb-palette-empty" role="status">
            {t('palette.empty')}
          </p>
        ) : null}
        <ul
          className="kb-palette-list"
          id="kb-palette-list"
          role="listbox"
          aria-label={t('palette.title')}
        >
          {shown.map((e, i) => (
            <li
              key={e.key}
              id={`kb-option-${i}`}
              role="option"
              aria-selected={i === current}
              aria-disabled={!e.available}
              className={`kb-palette-option${i === current ? ' kb-active' : ''}${
                e.available ? '' : ' kb-unavailable'
              }`}
              data-testid="palette-option"
              data-command={e.command}
              onMouseMove={() => setActive(i)}
              onClick={() => run(e)}
            >
              <span className="kb-palette-name">{nameOf(e)}</span>
              {!e.available ? (
                <span className="kb-palette-note">{t('palette.unavailable')}</span>
              ) : null}
              <span className="kb-keys">
                {e.keys.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  )
}
