// Importing a bundle from another laptop: pick the file, see what was created or merged, and
// every conflicting change both laptops made.
import { useState } from 'react'
import type { ImportResult } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../incidents/InlineError'

export function ImportDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const t = useT()
  const actor = useIncidents((s) => s.actor)
  const [result, setResult] = useState<ImportResult | null>(null)
  const load = useAction(async (file: File) => {
    setResult(null)
    const content = await file.text()
    setResult(await api.call('export.import', { content, actor: actor.trim() || null }))
  })
  return (
    <div
      className="export-dialog"
      role="dialog"
      aria-label={t('export.import.title')}
      data-testid="import-dialog"
    >
      <h2>{t('export.import.title')}</h2>
      <label>
        {t('export.import.file')}
        <input
          type="file"
          accept=".json,application/json"
          data-testid="import-file"
          disabled={load.busy}
          onChange={(e) => {
            const file = e.target.files?.[0]
            if (file) void load.run(file)
          }}
        />
      </label>
      {load.busy ? <p>{t('export.import.working')}</p> : null}
      <InlineError error={load.error} testId="import-error" />
      {result ? (
        <div className="export-result" data-testid="import-result">
          <p>
            {result.mode === 'created'
              ? t('export.import.created', {
                  title: result.title,
                  added: result.added,
                  sessions: result.sessions,
                })
              : t('export.import.merged', {
                  title: result.title,
                  added: result.added,
                  duplicates: result.duplicates,
                  sessions: result.sessions,
                })}
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
                        c.kept === 'local'
                          ? 'export.import.kept.local'
                          : 'export.import.kept.imported',
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
        </div>
      ) : null}
      <div className="export-actions">
        <button type="button" onClick={onClose}>
          {t('export.close')}
        </button>
      </div>
    </div>
  )
}
