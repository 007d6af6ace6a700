// Importing a bundle from another laptop: pick the file, see what it would create or merge and
// every conflicting change both laptops made, then confirm (or cancel: nothing was written).
import { useState } from 'react'
import type { ImportResult } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../../ui/InlineError'
import { TextField } from '../../ui/fields'

/** What the import did, or (preview) what it will do. */
function Outcome({
  result,
  preview,
}: {
  result: ImportResult
  preview: boolean
}): React.JSX.Element {
  const t = useT()
  const vars = {
    title: result.title,
    added: result.added,
    duplicates: result.duplicates,
    sessions: result.sessions,
  }
  return (
    <>
      <p>
        {result.mode === 'created'
          ? t(preview ? 'export.import.preview.created' : 'export.import.created', vars)
          : t(preview ? 'export.import.preview.merged' : 'export.import.merged', vars)}
      </p>
      {result.conflicts.length ? (
        <>
          <p>{t('export.import.conflicts')}</p>
          <ul data-testid="import-conflicts">
            {result.conflicts.map((c) => (
              <li key={c.field}>
                {t('export.import.conflict', {
                  field: c.field,
                  local: c.local.value,
                  imported: c.imported.value,
                  kept: t(
                    c.kept === 'local' ? 'export.import.kept.local' : 'export.import.kept.imported',
                  ),
                })}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {result.redactedEvents ? (
        <p>{t('export.import.redacted', { count: result.redactedEvents })}</p>
      ) : null}
      {result.signers.length ? (
        <>
          <p>{t('export.import.signed')}</p>
          <ul data-testid="import-signers">
            {result.signers.map((s) => (
              <li key={`${s.install}-${s.throughSeq}`}>
                {t('export.import.signer', {
                  name: s.name,
                  install: s.install,
                  fingerprint: s.fingerprint,
                  through: s.throughSeq,
                })}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p data-testid="import-unsigned">{t('export.import.unsigned')}</p>
      )}
    </>
  )
}

export function ImportDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const t = useT()
  const actor = useIncidents((s) => s.actor)
  const [content, setContent] = useState<string | null>(null)
  const [preview, setPreview] = useState<ImportResult | null>(null)
  const [result, setResult] = useState<ImportResult | null>(null)
  const who = actor.trim() || null
  // Choosing a file only shows what would happen (the import, rolled back in main); nothing is
  // written until the responder confirms, and merging into an incident here says so by name.
  const load = useAction(async (file: File) => {
    setPreview(null)
    setResult(null)
    const text = await file.text()
    setContent(text)
    setPreview(await api.call('export.importPreview', { content: text, actor: who }))
  })
  const confirm = useAction(async () => {
    if (content === null) return
    setResult(await api.call('export.import', { content, actor: who }))
    setPreview(null)
    setContent(null)
  })
  return (
    <div
      className="export-dialog"
      role="dialog"
      aria-label={t('export.import.title')}
      data-testid="import-dialog"
    >
      <h2>{t('export.import.title')}</h2>
      <TextField
        label={t('export.import.file')}
        frame="export-field"
        type="file"
        accept=".json,application/json"
        testId="import-file"
        disabled={load.busy || confirm.busy}
        onChange={(e) => {
          const file = e.target.files?.[0]
          if (file) void load.run(file)
        }}
      />
      {load.busy ? <p>{t('export.import.reading')}</p> : null}
      {confirm.busy ? <p>{t('export.import.working')}</p> : null}
      <InlineError error={load.error ?? confirm.error} testId="import-error" />
      {preview ? (
        <div className="export-result" data-testid="import-preview">
          <Outcome result={preview} preview />
        </div>
      ) : null}
      {result ? (
        <div className="export-result" data-testid="import-result">
          <Outcome result={result} preview={false} />
        </div>
      ) : null}
      <div className="export-actions">
        {preview ? (
          <button
            type="button"
            className="primary"
            data-testid="import-confirm"
            disabled={confirm.busy}
            onClick={() => void confirm.run()}
          >
            {preview.mode === 'merged'
              ? t('export.import.confirm.merge', { title: preview.title })
              : t('export.import.confirm.create')}
          </button>
        ) : null}
        <button type="button" onClick={onClose}>
          {preview ? t('export.import.cancel') : t('export.close')}
        </button>
      </div>
    </div>
  )
}
