// The threshold table: normal / warning / critical per metric (seed 004's defaults to start
// with), for all sources or one, higher-is-worse or lower-is-worse, editable and resettable.
import { useEffect, useState } from 'react'
import type { ThresholdInput } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useMetrics } from '../../stores/metricsStore'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../../ui/InlineError'

interface Row {
  metric: string
  sourceId: string
  direction: 'above' | 'below'
  normal: string
  warning: string
  critical: string
  suggestSeverity: boolean
}

export function ThresholdEditor(): React.JSX.Element {
  const t = useT()
  const sources = useMetrics((s) => s.sources)
  const [rows, setRows] = useState<Row[] | null>(null)
  const [saved, setSaved] = useState(false)

  const fill = (list: Awaited<ReturnType<typeof api.call<'metrics.thresholds'>>>): void =>
    setRows(
      list.map((x) => ({
        metric: x.metric,
        sourceId: x.sourceId ?? '',
        direction: x.direction,
        normal: String(x.normal),
        warning: String(x.warning),
        critical: String(x.critical),
        suggestSeverity: x.suggestSeverity,
      })),
    )

  useEffect(() => {
    void api.call('metrics.thresholds', {}).then(fill)
  }, [])

  const save = useAction(async () => {
    const thresholds: ThresholdInput[] = (rows ?? []).map((r) => ({
      metric: r.metric.trim(),
      sourceId: r.sourceId || null,
      direction: r.direction,
      normal: Number(r.normal),
      warning: Number(r.warning),
      critical: Number(r.critical),
      suggestSeverity: r.suggestSeverity,
    }))
    fill(await api.call('metrics.setThresholds', { thresholds }))
    setSaved(true)
  })
  const reset = useAction(async () => {
    fill(await api.call('metrics.resetThresholds', {}))
    setSaved(true)
  })

  const update = (i: number, patch: Partial<Row>): void => {
    setSaved(false)
    setRows((rows ?? []).map((r, j) => (j === i ? { ...r, ...patch } : r)))
  }

  if (!rows) return <p className="muted">…</p>
  return (
    <section className="threshold-editor" data-testid="threshold-editor">
      <p className="muted">{t('metrics.th.help')}</p>
      <table>
        <thead>
          <tr>
            <th>{t('metrics.th.metric')}</th>
            <th>{t('metrics.th.source')}</th>
            <th>{t('metrics.th.direction')}</th>
            <th>{t('metrics.th.normal')}</th>
            <th>{t('metrics.th.warning')}</th>
            <th>{t('metrics.th.critical')}</th>
            <th>{t('metrics.th.suggest')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} data-testid="threshold-row">
              <td>
                <input
                  value={r.metric}
                  aria-label={t('metrics.th.metric')}
                  onChange={(e) => update(i, { metric: e.target.value })}
                />
              </td>
              <td>
                <select
                  value={r.sourceId}
                  aria-label={t('metrics.th.source')}
                  onChange={(e) => update(i, { sourceId: e.target.value })}
                >
                  <option value="">{t('metrics.th.allSources')}</option>
                  {sources.map((s) => (
                    <option key={s.config.id} value={s.config.id}>
                      {s.config.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <select
                  value={r.direction}
                  aria-label={t('metrics.th.direction')}
                  onChange={(e) => update(i, { direction: e.target.value as Row['direction'] })}
                >
                  <option value="above">{t('metrics.th.above')}</option>
                  <option value="below">{t('metrics.th.below')}</option>
                </select>
              </td>
              {(['normal', 'warning', 'critical'] as const).map((k) => (
                <td key={k}>
                  <input
                    type="number"
                    step="any"
                    className="threshold-num"
                    aria-label={t(`metrics.th.${k}`)}
                    data-testid={`threshold-${k}`}
                    value={r[k]}
                    onChange={(e) => update(i, { [k]: e.target.value })}
                  />
                </td>
              ))}
              <td>
                <input
                  type="checkbox"
                  aria-label={t('metrics.th.suggest')}
                  checked={r.suggestSeverity}
                  onChange={(e) => update(i, { suggestSeverity: e.target.checked })}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="inc-btn"
                  onClick={() => setRows(rows.filter((_, j) => j !== i))}
                >
                  {t('metrics.th.remove')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <InlineError error={save.error ?? reset.error} testId="threshold-error" />
      <div className="metric-form-buttons">
        <button
          type="button"
          className="inc-btn"
          onClick={() =>
            setRows([
              ...rows,
              {
                metric: '',
                sourceId: '',
                direction: 'above',
                normal: '',
                warning: '',
                critical: '',
                suggestSeverity: true,
              },
            ])
          }
        >
          {t('metrics.th.add')}
        </button>
        <button
          type="button"
          className="inc-btn primary"
          data-testid="threshold-save"
          disabled={save.busy}
          onClick={() => void save.run()}
        >
          {t('metrics.th.save')}
        </button>
        <button
          type="button"
          className="inc-btn"
          disabled={reset.busy}
          onClick={() => void reset.run()}
        >
          {t('metrics.th.reset')}
        </button>
        {saved ? <span className="muted">{t('metrics.th.saved')}</span> : null}
      </div>
    </section>
  )
}
