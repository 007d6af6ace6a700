// What redaction will mask, before anything is written: totals by kind and the first findings,
// each excerpt already masked by main (the secrets themselves never reach the renderer).
import type { RedactionKind, RedactionPreview as Preview } from '../../../../shared/contract'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/useT'

const SHOWN = 50

export function RedactionPreview({ preview }: { preview: Preview }): React.JSX.Element {
  const t = useT()
  const kind = (k: RedactionKind): string => t(`export.kind.${k}` as MessageKey)
  if (preview.total === 0) {
    return (
      <p className="export-preview-none" data-testid="redaction-none">
        {t('export.preview.none', { known: preview.knownSecrets })}
      </p>
    )
  }
  return (
    <div className="export-preview" data-testid="redaction-preview">
      <p>{t('export.preview.total', { total: preview.total, known: preview.knownSecrets })}</p>
      <ul className="export-kinds">
        {Object.entries(preview.byKind).map(([k, n]) => (
          <li key={k} data-testid={`redaction-kind-${k}`}>
            {kind(k as RedactionKind)}: {n}
          </li>
        ))}
      </ul>
      <ol className="export-findings">
        {preview.findings.slice(0, SHOWN).map((f, i) => (
          <li key={i}>
            <span className="export-finding-kind">{kind(f.kind)}</span>{' '}
            <span className="export-finding-where">{f.where}</span>
            <code className="export-finding-excerpt">{f.excerpt}</code>
          </li>
        ))}
      </ol>
      {preview.findings.length > SHOWN ? (
        <p>{t('export.preview.more', { count: preview.total - SHOWN })}</p>
      ) : null}
    </div>
  )
}
