// The header's export entry points: Export and Postmortem for the active incident, Import for a
// bundle from another laptop (items of the header's "More" menu); and the dialogs they open,
// which live outside the menu so closing the menu does not close them.
import { useEffect } from 'react'
import { useT } from '../../i18n/useT'
import { useExport, type ExportPanel } from '../../stores/exportStore'
import { PostmortemEditor } from '../postmortem/PostmortemEditor'
import { ExportDialog } from './ExportDialog'
import { ImportDialog } from './ImportDialog'
import '../../styles/export.css'

export function ExportButtons({
  incidentId,
  onPicked,
}: {
  incidentId: string | null
  /** Called after an item is chosen (the menu closes). */
  onPicked?: () => void
}): React.JSX.Element {
  const t = useT()
  const panel = useExport((s) => s.panel)
  const setPanel = useExport((s) => s.setPanel)
  const toggle = (p: ExportPanel): void => {
    setPanel(panel === p ? 'none' : p)
    onPicked?.()
  }
  return (
    <>
      {incidentId ? (
        <>
          <button
            type="button"
            className="inc-btn"
            role="menuitem"
            data-testid="open-export"
            title={t('export.open.tooltip')}
            onClick={() => toggle('export')}
          >
            {t('export.open')}
          </button>
          <button
            type="button"
            className="inc-btn"
            role="menuitem"
            data-testid="open-postmortem"
            title={t('postmortem.open.tooltip')}
            onClick={() => toggle('postmortem')}
          >
            {t('postmortem.open')}
          </button>
        </>
      ) : null}
      <button
        type="button"
        className="inc-btn"
        role="menuitem"
        data-testid="open-import"
        title={t('export.import.tooltip')}
        onClick={() => toggle('import')}
      >
        {t('export.import')}
      </button>
    </>
  )
}

export function ExportDialogs({ incidentId }: { incidentId: string | null }): React.JSX.Element {
  const panel = useExport((s) => s.panel)
  const setPanel = useExport((s) => s.setPanel)
  const close = (): void => setPanel('none')
  const exporting = useExport((s) => s.exportId !== null)
  // Escape closes the export and import dialogs, but not while an export runs (its progress and
  // Cancel live there). The postmortem editor keeps its own Close: it holds unsaved writing.
  useEffect(() => {
    if (panel !== 'import' && (panel !== 'export' || exporting)) return
    const onKey = (ev: KeyboardEvent): void => {
      if (ev.key === 'Escape' && !ev.defaultPrevented) setPanel('none')
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [panel, setPanel, exporting])
  return (
    <>
      {panel === 'export' && incidentId ? (
        <ExportDialog incidentId={incidentId} onClose={close} />
      ) : null}
      {panel === 'postmortem' && incidentId ? (
        <PostmortemEditor incidentId={incidentId} onClose={close} />
      ) : null}
      {panel === 'import' ? <ImportDialog onClose={close} /> : null}
    </>
  )
}
