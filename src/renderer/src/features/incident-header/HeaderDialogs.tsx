// The dialogs the header's "More" menu opens (export, postmortem, import), composed here from
// their features and kept outside the menu, so closing the menu does not close them. Each takes
// focus when it opens, keeps Tab inside and gives focus back when it closes; the palette opens
// them by name.
import { Suspense, useRef } from 'react'
import { useCommand } from '../../stores/commandsStore'
import { useExport } from '../../stores/exportStore'
import { useDialogFocus } from '../../ui/useDialogFocus'
import { lazyPart, PartLoading } from '../../ui/lazyPart'
import { NotifyPanelHost } from '../notify/NotifyPanelHost'

// Each dialog is its own chunk, loaded when it first opens (issue #20). Suspense sits around the
// frame, so the frame mounts (and takes focus) only once the dialog's controls are there.
const ExportDialog = lazyPart(() => import('../export/ExportDialog'), 'ExportDialog')
const ImportDialog = lazyPart(() => import('../export/ImportDialog'), 'ImportDialog')
const PostmortemEditor = lazyPart(
  () => import('../postmortem/PostmortemEditor'),
  'PostmortemEditor',
)

/** The keyboard frame around one dialog (no box of its own: the dialog draws itself). */
function DialogFrame({
  onEscape,
  children,
}: {
  onEscape?: () => void
  children: React.ReactNode
}): React.JSX.Element {
  const ref = useRef<HTMLDivElement>(null)
  useDialogFocus(ref, { onEscape })
  return (
    <div ref={ref} style={{ display: 'contents' }}>
      {children}
    </div>
  )
}

export function HeaderDialogs({ incidentId }: { incidentId: string | null }): React.JSX.Element {
  const panel = useExport((s) => s.panel)
  const setPanel = useExport((s) => s.setPanel)
  const close = (): void => setPanel('none')
  const exporting = useExport((s) => s.exportId !== null)
  const hasIncident = (): boolean => incidentId !== null
  useCommand('panel.export', () => setPanel('export'), hasIncident)
  useCommand('panel.postmortem', () => setPanel('postmortem'), hasIncident)
  useCommand('panel.import', () => setPanel('import'))
  // Escape closes the export and import dialogs, but not while an export runs (its progress and
  // Cancel live there). The postmortem editor keeps its own Close: it holds unsaved writing.
  return (
    <Suspense fallback={<PartLoading />}>
      <NotifyPanelHost incidentId={incidentId} />
      {panel === 'export' && incidentId ? (
        <DialogFrame key="export" onEscape={exporting ? undefined : close}>
          <ExportDialog incidentId={incidentId} onClose={close} />
        </DialogFrame>
      ) : null}
      {panel === 'postmortem' && incidentId ? (
        <DialogFrame key="postmortem">
          <PostmortemEditor incidentId={incidentId} onClose={close} />
        </DialogFrame>
      ) : null}
      {panel === 'import' ? (
        <DialogFrame key="import" onEscape={close}>
          <ImportDialog onClose={close} />
        </DialogFrame>
      ) : null}
    </Suspense>
  )
}
