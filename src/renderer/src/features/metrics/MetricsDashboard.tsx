// The dashboard: a sheet over the war room with a chart per source over a sliding window
// (5 min – 24 h), the add/edit source form and the threshold editor.
import { useCallback, useRef, useState } from 'react'
import { useDialogFocus } from '../../ui/useDialogFocus'
import type { MessageKey } from '../../i18n/en'
import { useT } from '../../i18n/useT'
import { useMetrics, WINDOWS } from '../../stores/metricsStore'
import { useTargets } from '../../stores/targetsStore'
import { SourceCard } from './SourceCard'
import { SourceForm } from './SourceForm'
import { ThresholdEditor } from './ThresholdEditor'

type View = { mode: 'charts' } | { mode: 'form'; id: string | null } | { mode: 'thresholds' }

export function MetricsDashboard(): React.JSX.Element {
  const t = useT()
  const sources = useMetrics((s) => s.sources)
  const windowMs = useMetrics((s) => s.windowMs)
  const [view, setView] = useState<View>({ mode: 'charts' })
  // Takes focus, keeps Tab inside; Escape closes it (a form inside keeps its own Escape first).
  const ref = useRef<HTMLElement>(null)
  useDialogFocus(ref, { onEscape: () => useMetrics.getState().setDashboardOpen(false) })
  const edit = useCallback((id: string) => {
    void useTargets.getState().load()
    setView({ mode: 'form', id })
  }, [])
  const editing =
    view.mode === 'form' && view.id
      ? (sources.find((s) => s.config.id === view.id)?.config ?? null)
      : null

  return (
    <section
      className="side-sheet metrics-dashboard"
      data-testid="metrics-dashboard"
      role="dialog"
      aria-label={t('metrics.dashboard.title')}
      ref={ref}
    >
      <header className="side-sheet-head">
        <h2>{t('metrics.dashboard.title')}</h2>
        <div className="metrics-toolbar">
          <label>
            {t('metrics.window')}{' '}
            <select
              data-testid="metrics-window"
              value={windowMs}
              onChange={(e) => useMetrics.getState().setWindow(Number(e.target.value))}
            >
              {WINDOWS.map((w) => (
                <option key={w.ms} value={w.ms}>
                  {t(w.key as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="inc-btn primary"
            data-testid="metrics-add"
            onClick={() => {
              void useTargets.getState().load()
              setView({ mode: 'form', id: null })
            }}
          >
            {t('metrics.addSource')}
          </button>
          <button
            type="button"
            className="inc-btn"
            data-testid="metrics-thresholds"
            aria-pressed={view.mode === 'thresholds'}
            onClick={() =>
              setView(view.mode === 'thresholds' ? { mode: 'charts' } : { mode: 'thresholds' })
            }
          >
            {t('metrics.thresholds')}
          </button>
          <button
            type="button"
            className="inc-icon-btn"
            aria-label={t('metrics.close')}
            onClick={() => useMetrics.getState().setDashboardOpen(false)}
          >
            ×
          </button>
        </div>
      </header>
      <div className="side-sheet-body metrics-dashboard-body">
        {view.mode === 'form' ? (
          <SourceForm
            key={view.id ?? 'new'}
            editing={editing}
            onDone={() => setView({ mode: 'charts' })}
          />
        ) : null}
        {view.mode === 'thresholds' ? <ThresholdEditor /> : null}
        {view.mode === 'charts' && sources.length === 0 ? (
          <p className="empty-state">{t('metrics.noSources')}</p>
        ) : null}
        {view.mode === 'charts' ? (
          <div className="metric-cards">
            {sources.map((s) => (
              <SourceCard key={s.config.id} source={s} onEdit={edit} />
            ))}
          </div>
        ) : null}
      </div>
    </section>
  )
}
