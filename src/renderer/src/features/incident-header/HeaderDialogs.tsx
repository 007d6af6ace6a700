// The dialogs the header's "More" menu opens (export, postmortem, import), composed here from
// their features and kept outside the menu, so closing the menu does not close them.
import { useEffect } from 'react'
import { useExport } from '../../stores/exportStore'
import { ExportDialog } from '../export/ExportDialog'
import { ImportDialog } from '../export/ImportDialog'
import { PostmortemEditor } from '../postmortem/PostmortemEditor'

export function HeaderDialogs({ incidentId }: { incidentId: string | null }): React.JSX.Element {
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
