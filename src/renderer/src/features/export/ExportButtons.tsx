// The header's export entry points: Export and Postmortem for the active incident, Import for a
// bundle from another laptop (items of the header's "More" menu). The dialogs they open are
// composed by the header (incident-header/HeaderDialogs.tsx), outside the menu, so closing the
// menu does not close them.
import { useT } from '../../i18n/useT'
import { useExport, type ExportPanel } from '../../stores/exportStore'
import './export.css'

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
