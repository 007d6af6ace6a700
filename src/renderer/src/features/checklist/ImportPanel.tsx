// Imports a runbook from a Markdown file, a whole folder (read in the page, so it works in the
// browser too) or pasted text, and shows what main said: which ids are new, changed, unchanged
// or conflicting (two files that would share an id: neither imported), warnings with lines.
import { useState } from 'react'
import type { ImportOutcome } from '../../../../shared/contract'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/useT'
import { useRunbooks } from '../../stores/runbooksStore'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../../ui/InlineError'
import { TextField } from '../../ui/fields'

export function ImportPanel({ onClose }: { onClose(): void }): React.JSX.Element {
  const t = useT()
  const importText = useRunbooks((s) => s.importText)
  const importFiles = useRunbooks((s) => s.importFiles)
  const [text, setText] = useState('')
  const [source, setSource] = useState('')
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null)
  const action = useAction(async () => {
    if (text.trim() === '') throw new Error(t('runbook.import.empty'))
    setOutcome(await importText(text, source.trim() || 'pasted.md'))
  })
  const folder = useAction(async (files: File[]) => {
    // webkitRelativePath keeps the picked folder's name first: `ops/db/README.md`.
    const picked = files.filter((f) => /\.(md|markdown|txt)$/i.test(f.name))
    if (picked.length === 0) throw new Error(t('runbook.import.folder.none'))
    const read = await Promise.all(
      picked.map(async (f) => ({ path: f.webkitRelativePath || f.name, text: await f.text() })),
    )
    setOutcome(await importFiles(read))
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
      <TextField
        label={t('runbook.import.file')}
        frame="rb-param"
        labelClassName="rb-param-name"
        type="file"
        accept=".md,.markdown,.txt,text/markdown,text/plain"
        testId="runbook-import-file"
        onChange={(e) => {
          const file = e.target.files?.[0]
          if (!file) return
          setSource(file.name)
          void file.text().then(setText)
        }}
      />
      <TextField
        label={t('runbook.import.folder')}
        frame="rb-param"
        labelClassName="rb-param-name"
        type="file"
        multiple
        testId="runbook-import-folder"
        // Not in React's types: the attribute that makes the picker choose a folder.
        {...{ webkitdirectory: '' }}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])]
          if (files.length > 0) void folder.run(files)
        }}
      />
      <TextField
        label={t('runbook.import.source')}
        frame="rb-param"
        labelClassName="rb-param-name"
        value={source}
        testId="runbook-import-source"
        onChange={(e) => setSource(e.target.value)}
      />
      <TextField
        label={t('runbook.import.paste')}
        frame="rb-param"
        className="rb-param-wide"
        labelClassName="rb-param-name"
        multiline
        rows={6}
        value={text}
        spellCheck={false}
        testId="runbook-import-text"
        onChange={(e) => setText(e.target.value)}
      />
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
      <InlineError error={action.error ?? folder.error} />
      {outcome ? <ImportResult outcome={outcome} /> : null}
    </form>
  )
}

const STATUSES = ['new', 'changed', 'unchanged'] as const

function ImportResult({ outcome }: { outcome: ImportOutcome }): React.JSX.Element {
  const t = useT()
  const byId = new Map(outcome.imported.map((i) => [i.summary.id, i.summary]))
  return (
    <div className="rb-import-outcome" data-testid="runbook-import-outcome">
      <p data-testid="runbook-import-summary">
        {t('runbook.import.summary', {
          new: outcome.new.length,
          changed: outcome.changed.length,
          unchanged: outcome.unchanged.length,
          conflicts: outcome.conflicts.length,
        })}
      </p>
      {STATUSES.map((status) =>
        outcome[status].length > 0 ? (
          <div key={status} data-testid={`runbook-import-${status}`}>
            <div className="rb-params-title">
              {t(`runbook.import.status.${status}` as MessageKey)}
            </div>
            <ul className="rb-import-ids">
              {outcome[status].map((id) => {
                const summary = byId.get(id)
                return (
                  <li key={id}>
                    <code>{id}</code>
                    {summary ? ` ${summary.title} (v${summary.version})` : ''}
                    {summary && status !== 'unchanged' && summary.warnings.length > 0 ? (
                      <ul className="rb-warnings" data-testid="runbook-import-warnings">
                        {summary.warnings.map((w, i) => (
                          <li key={i}>{w.message}</li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                )
              })}
            </ul>
          </div>
        ) : null,
      )}
      {outcome.conflicts.length > 0 ? (
        <div data-testid="runbook-import-conflicts">
          <div className="rb-params-title">{t('runbook.import.status.conflicts')}</div>
          {outcome.conflicts.map((c) => (
            <p key={c.id} className="inline-error" role="alert">
              <code>{c.id}</code> {c.message}
            </p>
          ))}
        </div>
      ) : null}
      {outcome.failed.map((f) => (
        <p key={f.source} className="inline-error" role="alert">
          {t('runbook.import.failed', f)}
        </p>
      ))}
    </div>
  )
}
