// One small form for every placeholder of the runbook, prefilled with what this incident
// already remembers; values are saved on "Save" and with every run.
import type { RunbookParameter } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'
import { InlineError } from '../../ui/InlineError'
import { useAction } from '../../ui/useAction'
import { useRunbooks } from '../../stores/runbooksStore'
import { ParamInput } from './ParamInput'

interface Props {
  parameters: RunbookParameter[]
  values: Record<string, string>
  onChange(values: Record<string, string>): void
}

export function ParameterForm({ parameters, values, onChange }: Props): React.JSX.Element | null {
  const t = useT()
  const setParameters = useRunbooks((s) => s.setParameters)
  const save = useAction(async () => setParameters(values))
  if (parameters.length === 0) return null
  return (
    <form
      className="rb-params"
      data-testid="runbook-params"
      onSubmit={(e) => {
        e.preventDefault()
        void save.run()
      }}
    >
      <div className="rb-params-title">{t('runbook.params')}</div>
      {parameters.map((p) => (
        <label key={p.name} className="rb-param">
          <span className="rb-param-name">{p.name}</span>
          <ParamInput
            param={p}
            value={values[p.name] ?? ''}
            testId={`runbook-param-${p.name}`}
            onChange={(v) => onChange({ ...values, [p.name]: v })}
          />
        </label>
      ))}
      <button
        type="submit"
        className="inc-btn"
        disabled={save.busy}
        data-testid="runbook-params-save"
      >
        {t('runbook.params.save')}
      </button>
      <InlineError error={save.error} />
    </form>
  )
}
