// The shortcut sheet (`?` outside text fields, or from the palette): generated from the same
// table that binds the keys, in the UI language, with this OS's keys.
import { useRef } from 'react'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useKeyboard } from '../../stores/keyboardStore'
import { sheetRows, type SheetRow } from '../../ui/shortcutSheet'
import { currentOs } from '../../ui/shortcuts'
import { useDialogFocus } from '../../ui/useDialogFocus'

export function ShortcutSheet(): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const ref = useRef<HTMLDivElement>(null)
  const close = (): void => useKeyboard.getState().close()
  useDialogFocus(ref, { onEscape: close })
  const reader = useKeyboard((s) => s.screenReaderMode)
  const rows = sheetRows(locale, currentOs())
  const groups = new Map<string, SheetRow[]>()
  for (const r of rows) groups.set(r.groupName, [...(groups.get(r.groupName) ?? []), r])

  return (
    <div className="kb-backdrop">
      <div
        className="kb-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby="kb-sheet-title"
        data-testid="shortcut-sheet"
        ref={ref}
      >
        <header className="kb-sheet-head">
          <h2 id="kb-sheet-title">{t('sheet.title')}</h2>
          <button type="button" className="inc-btn" data-autofocus onClick={close}>
            {t('sheet.close')}
          </button>
        </header>
        {/* Scrolls when the window is short: focusable so the keyboard can scroll it too. */}
        <div className="kb-sheet-body" tabIndex={0} role="region" aria-labelledby="kb-sheet-title">
          {[...groups].map(([group, list]) => (
            <table key={group} className="kb-sheet-table">
              <caption>{group}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sheet.command')}</th>
                  <th scope="col">{t('sheet.keys')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <tr key={r.id} data-testid="sheet-row" data-command={r.id}>
                    <td>{r.name}</td>
                    <td className="kb-keys">
                      {r.keys.map((k, i) => (
                        <span key={k} className="kb-sheet-key">
                          <kbd>{k}</kbd>
                          {r.where[i] ? <span className="kb-where"> ({r.where[i]})</span> : null}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
          <p className="hint">{t('sheet.escape')}</p>
          <p className="hint">{t('sheet.paletteHint')}</p>
          {/* The one keyboard setting: also in the palette ("screen reader"). */}
          <label className="kb-setting">
            <input
              type="checkbox"
              checked={reader}
              data-testid="screen-reader-mode"
              onChange={(e) => useKeyboard.getState().setScreenReaderMode(e.target.checked)}
            />
            {t('settings.screenReader')}
          </label>
        </div>
      </div>
    </div>
  )
}
