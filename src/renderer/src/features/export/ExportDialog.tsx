// The export dialog: format and language, the redaction preview, then the export itself with a
// progress bar and a cancel button; the result lists the files written.
import { useState } from 'react'
import {
  exportFormats,
  type ExportFormat,
  type ExportResult,
  type RedactionPreview as Preview,
} from '../../../../shared/contract'
import { api, ApiError } from '../../api'
import type { MessageKey } from '../../i18n/en'
import { useLocale } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useExport } from '../../stores/exportStore'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../../ui/InlineError'
import { PatternsEditor } from './PatternsEditor'
import { RedactionPreview } from './RedactionPreview'
import { SelectField } from '../../ui/fields'

export function ExportDialog({
  incidentId,
  onClose,
}: {
  incidentId: string
  onClose: () => void
}): React.JSX.Element {
  const t = useT()
  const [format, setFormat] = useState<ExportFormat>('markdown')
  const [lang, setLang] = useState(useLocale.getState().locale)
  const [preview, setPreview] = useState<Preview | null>(null)
  const [result, setResult] = useState<ExportResult | null>(null)
  const [cancelled, setCancelled] = useState(false)
  const progress = useExport((s) => s.progress)
  const exportId = useExport((s) => s.exportId)

  const check = useAction(async () => {
    setPreview(await api.call('export.preview', { incidentId }))
  })
  const run = useAction(async () => {
    const id = crypto.randomUUID()
    setResult(null)
    setCancelled(false)
    useExport.getState().begin(id)
    try {
      setResult(await api.call('export.run', { incidentId, format, lang, exportId: id }))
    } catch (err) {
      if (err instanceof ApiError && err.code === 'cancelled') setCancelled(true)
      else throw err
    } finally {
      useExport.getState().end()
    }
  })
  const cancel = (): void => {
    if (exportId) void api.call('export.cancel', { exportId })
  }
  const percent =
    progress && progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0

  return (
    <div
      className="export-dialog"
      role="dialog"
      aria-label={t('export.title')}
      data-testid="export-dialog"
    >
      <h2>{t('export.title')}</h2>
      <SelectField
        label={t('export.format')}
        frame="export-field"
        value={format}
        testId="export-format"
        onChange={(e) => setFormat(e.target.value as ExportFormat)}
      >
        {exportFormats.map((f) => (
          <option key={f} value={f}>
            {t(`export.format.${f}` as MessageKey)}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={t('export.lang')}
        frame="export-field"
        value={lang}
        testId="export-lang"
        onChange={(e) => setLang(e.target.value as 'en' | 'ja')}
      >
        <option value="en">English</option>
        <option value="ja">日本語</option>
      </SelectField>
      <p className="export-note">{t('export.redactionNote')}</p>
      <PatternsEditor onSaved={() => setPreview(null)} />
      <button
        type="button"
        data-testid="export-preview"
        disabled={check.busy}
        onClick={() => void check.run()}
      >
        {check.busy ? t('export.preview.working') : t('export.preview')}
      </button>
      <InlineError error={check.error} testId="export-preview-error" />
      {preview ? <RedactionPreview preview={preview} /> : null}
      <div className="export-actions">
        <button
          type="button"
          className="primary"
          data-testid="export-run"
          disabled={run.busy}
          onClick={() => void run.run()}
        >
          {t('export.run')}
        </button>
        {run.busy ? (
          <button type="button" data-testid="export-cancel" onClick={cancel}>
            {t('export.cancel')}
          </button>
        ) : null}
        <button type="button" onClick={onClose}>
          {t('export.close')}
        </button>
      </div>
      {run.busy ? (
        <div className="export-progress" data-testid="export-progress">
          <progress max={100} value={percent} />
          <span>{t('export.running', { percent })}</span>
        </div>
      ) : null}
      <InlineError error={run.error} testId="export-error" />
      {cancelled ? <p data-testid="export-cancelled">{t('export.cancelled')}</p> : null}
      {result ? (
        <div className="export-result" data-testid="export-result">
          <p>{t('export.done', { masked: result.masked })}</p>
          <ul>
            {result.files.map((f) => (
              <li key={f.path}>
                <code>{f.path}</code> ({Math.ceil(f.bytes / 1024)} KB)
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  )
}
