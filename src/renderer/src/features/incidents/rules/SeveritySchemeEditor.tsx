// The severity scheme in force: start from a built-in one (P1–P4 of seed 003, P0–P3 of seed
// 001) and adjust names, definitions and response targets. Main validates the whole scheme and
// says which part is wrong; what was typed stays until it is accepted.
import type { SeverityLevel, SeverityScheme } from '../../../../../shared/contract'
import { api } from '../../../api'
import { useLocale } from '../../../i18n/locale'
import { useT } from '../../../i18n/useT'
import { RulesSaveBar, useRulesDraft } from './rulesDraft'
import { SelectField } from '../../../ui/fields'

export function SeveritySchemeEditor({
  current,
  builtIn,
}: {
  current: SeverityScheme
  builtIn: SeverityScheme[]
}): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const rules = useRulesDraft(current, (scheme) =>
    api.call('incidents.setSeverityScheme', { scheme }),
  )
  const draft = rules.draft
  const setLevel = (i: number, patch: Partial<SeverityLevel>): void =>
    rules.edit((d) => ({
      ...d,
      levels: d.levels.map((l, j) => (j === i ? { ...l, ...patch } : l)),
    }))

  return (
    <section className="rules-section" data-testid="rules-severity">
      <h3>{t('rules.severity')}</h3>
      <SelectField
        label={t('rules.severity.base')}
        testId="rules-scheme-base"
        value={builtIn.some((s) => s.id === draft.id) ? draft.id : ''}
        onChange={(e) => {
          const base = builtIn.find((s) => s.id === e.target.value)
          if (base) rules.edit(() => base)
        }}
      >
        <option value="">{t('rules.severity.custom')}</option>
        {builtIn.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name[locale]}
          </option>
        ))}
      </SelectField>
      <table className="rules-table">
        <thead>
          <tr>
            <th>{t('rules.severity.level')}</th>
            <th>{t('rules.severity.name')}</th>
            <th>{t('rules.severity.definition')}</th>
            <th>{t('rules.severity.responseMinutes')}</th>
          </tr>
        </thead>
        <tbody>
          {draft.levels.map((l, i) => (
            <tr key={l.id} data-testid={`rules-level-${l.id}`}>
              <td>{l.id}</td>
              <td>
                <input
                  value={l.name[locale]}
                  aria-label={t('rules.severity.name')}
                  onChange={(e) => setLevel(i, { name: { ...l.name, [locale]: e.target.value } })}
                />
              </td>
              <td>
                <input
                  value={l.definition[locale]}
                  aria-label={t('rules.severity.definition')}
                  onChange={(e) =>
                    setLevel(i, { definition: { ...l.definition, [locale]: e.target.value } })
                  }
                />
              </td>
              <td>
                <input
                  type="number"
                  min={1}
                  className="rules-minutes"
                  data-testid={`rules-response-${l.id}`}
                  aria-label={t('rules.severity.responseMinutes')}
                  value={l.responseMinutes}
                  onChange={(e) => setLevel(i, { responseMinutes: Number(e.target.value) })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="details-hint">{t('rules.severity.hint')}</p>
      <RulesSaveBar rules={rules} testId="rules-severity" />
    </section>
  )
}
