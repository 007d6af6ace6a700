// Imports a runbook from a Markdown file (read in the page, so it works in the browser too) or
// from pasted text, and shows what main said: new version or unchanged, warnings with lines.
import { useState } from 'react'
import type { ImportOutcome } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'
import { useRunbooks } from '../../stores/runbooksStore'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../incidents/InlineError'

export function ImportPanel({ onClose }: { onClose(): void }): React.JSX.Element {
  const t = useT()
  const importText = useRunbooks((s) => s.importText)
  const [text, setText] = useState('')
  const [source, setSource] = useState('')
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null)
  const action = useAction(async () => {
    if (text.trim() === '') throw new Error(t('runbook.import.empty'))
    setOutcome(await importText(text, source.trim() || 'pasted.md'))
  })
  return (
    <form
      className="rb-import"
      data-testid="runbook-import"
      onSubmit={(e) => {
        e.preventDefault()
        void action.run()
      }}
    >
      <div className="rb-params-title">{t('runbook.import.title')}</div>
      <label className="rb-param">
        <span className="rb-param-name">{t('runbook.import.file')}</span>
        <input
          type="file"
          accept=".md,.markdown,.txt,text/markdown,text/plain"
          data-testid="runbook-import-file"
          onChange={(e) => {
            const file = e.target.files?.[0]
            if (!file) return
            setSource(file.name)
            void file.text().then(setText)
          }}
        />
      </label>
      <label className="rb-param">
        <span className="rb-param-name">{t('runbook.import.source')}</span>
        <input
          value={source}
          data-testid="runbook-import-source"
          onChange={(e) => setSource(e.target.value)}
        />
      </label>
      <label className="rb-param rb-param-wide">
        <span className="rb-param-name">{t('runbook.import.paste')}</span>
        <textarea
          rows={6}
          value={text}
          spellCheck={false}
          data-testid="runbook-import-text"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <div className="rb-confirm-actions">
        <button type="button" className="inc-btn" onClick={onClose}>
          {t('runbook.close')}
        </button>
        <button
          type="submit"
          className="inc-btn primary"
          disabled={action.busy}
          data-testid="runbook-import-submit"
        >
          {t('runbook.import.submit')}
        </button>
      </div>
      <InlineError error={action.error} />
      {outcome ? (
        <div className="rb-import-outcome" data-testid="runbook-import-outcome">
          {outcome.imported.map(({ summary, created }) => (
            <div key={summary.id}>
              <p>
                {created
                  ? t('runbook.import.done', { title: summary.title, version: summary.version })
                  : t('runbook.import.unchanged', {
                      title: summary.title,
                      version: summary.version,
                    })}
              </p>
              {summary.warnings.length > 0 ? (
                <ul className="rb-warnings" data-testid="runbook-import-warnings">
                  {summary.warnings.map((w, i) => (
                    <li key={i}>{w.message}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ))}
          {outcome.failed.map((f) => (
            <p key={f.source} className="inline-error" role="alert">
              {t('runbook.import.failed', f)}
            </p>
          ))}
        </div>
      ) : null}
    </form>
  )
}
