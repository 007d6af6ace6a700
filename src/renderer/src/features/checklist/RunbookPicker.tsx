// Picks a runbook from the library (the responder's language first) and starts it for the
// active incident; opens the import panel.
import { useState } from 'react'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useRunbooks } from '../../stores/runbooksStore'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../../ui/InlineError'

export function RunbookPicker({ onImport }: { onImport(): void }): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const library = useRunbooks((s) => s.library)
  const checklist = useRunbooks((s) => s.checklist)
  const started = checklist?.runbooks.map((r) => r.summary.id) ?? []
  const start = useRunbooks((s) => s.start)
  const [all, setAll] = useState(false)
  const [choice, setChoice] = useState('')
  const action = useAction(async () => {
    if (!choice) return
    await start(choice)
    setChoice('')
    // A runbook started after another lands at the bottom of the checklist: bring it into view
    // (once React has drawn it) so the responder sees what they just started.
    requestAnimationFrame(() => {
      const view = [...document.querySelectorAll<HTMLElement>('[data-testid="runbook-view"]')].find(
        (el) => el.dataset.runbook === choice,
      )
      view?.scrollIntoView({ block: 'start', behavior: 'smooth' })
      view?.querySelector<HTMLElement>('.rb-title')?.focus()
    })
  })
  const shown = library.filter((r) => (all || r.lang === locale) && !started.includes(r.id))
  return (
    <div className="rb-picker" data-testid="runbook-picker">
      <select
        value={choice}
        aria-label={t('runbook.pick')}
        data-testid="runbook-select"
        onChange={(e) => setChoice(e.target.value)}
      >
        <option value="">{t('runbook.pick.none')}</option>
        {shown.map((r) => (
          <option key={r.id} value={r.id}>
            {r.title}
            {all ? ` [${r.lang}]` : ''} · {t('runbook.version', { version: r.version })}
            {r.builtin ? ` · ${t('runbook.builtin')}` : ''}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="inc-btn primary"
        disabled={!choice || action.busy}
        title={t('runbook.start.tooltip')}
        data-testid="runbook-start"
        onClick={() => void action.run()}
      >
        {t('runbook.start')}
      </button>
      <button
        type="button"
        className="inc-btn"
        data-testid="runbook-import-open"
        onClick={onImport}
      >
        {t('runbook.import')}
      </button>
      <label className="rb-hint rb-all">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
        {t('runbook.otherLanguage')}
      </label>
      <InlineError error={action.error} />
    </div>
  )
}
