// The field for one runbook parameter: a choice list for `[A|B]`, else a text box. Used by the
// runbook's parameter form and under each command, so both edit the same value the same way.
import type { RunbookParameter } from '../../../../shared/contract'

export function ParamInput({
  param,
  value,
  testId,
  onChange,
}: {
  param: RunbookParameter
  value: string
  testId: string
  onChange(value: string): void
}): React.JSX.Element {
  if (param.options) {
    return (
      <select value={value} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {param.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    )
  }
  return (
    <input
      value={value}
      data-testid={testId}
      spellCheck={false}
      // An undeclared $VAR: empty means the target's own environment supplies it.
      placeholder={param.fromEnvironment ? `$${param.name}` : undefined}
      title={param.hint}
      onChange={(e) => onChange(e.target.value)}
    />
  )
}
