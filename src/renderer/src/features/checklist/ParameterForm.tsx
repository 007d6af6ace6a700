// One small form for every placeholder of the runbook, prefilled with what this incident
// already remembers; values are saved on "Save" and with every run.
import type { RunbookParameter } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'
import { InlineError } from '../../ui/InlineError'
import { useAction } from '../../ui/useAction'
import { useRunbooks } from '../../stores/runbooksStore'

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
          {p.options ? (
            <select
              value={values[p.name] ?? ''}
              data-testid={`runbook-param-${p.name}`}
              onChange={(e) => onChange({ ...values, [p.name]: e.target.value })}
            >
              <option value="">—</option>
              {p.options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          ) : (
            <input
              value={values[p.name] ?? ''}
              data-testid={`runbook-param-${p.name}`}
              spellCheck={false}
              // An undeclared $VAR: empty means the target's own environment supplies it.
              placeholder={p.fromEnvironment ? `$${p.name}` : undefined}
              title={p.hint}
              onChange={(e) => onChange({ ...values, [p.name]: e.target.value })}
            />
          )}
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
