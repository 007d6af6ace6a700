// The clocks a responder is held to: response-start target on/off, the phase time boxes (seeds
// 000/003), escalation rules (seed 002: unresolved after N minutes → someone; a raised flag →
// everyone at once) and the status-update cadence (seed 001). Saving re-plans every open
// incident's timers in main.
import { incidentFlags, incidentStatuses } from '../../../../../shared/incidents'
import type {
  EscalationRule,
  IncidentFlag,
  TimeBox,
  TimerPolicy,
} from '../../../../../shared/contract'
import { api } from '../../../api'
import { useLocale } from '../../../i18n/locale'
import { useT } from '../../../i18n/useT'
import { useIncidents } from '../../../stores/incidentsStore'
import { RulesSaveBar, useRulesDraft } from './rulesDraft'
import { TextField } from '../../../ui/fields'

const newId = (prefix: string): string => `${prefix}-${Date.now().toString(36)}`

export function TimerPolicyEditor({ current }: { current: TimerPolicy }): React.JSX.Element {
  const t = useT()
  const locale = useLocale((s) => s.locale)
  const rules = useRulesDraft(current, async (policy: TimerPolicy) => {
    await api.call('incidents.setTimerPolicy', { policy })
    await useIncidents.getState().refreshTimers()
  })
  const { draft, edit: setDraft } = rules
  const setBox = (i: number, patch: Partial<TimeBox>): void =>
    setDraft((d) => ({
      ...d,
      timeBoxes: d.timeBoxes.map((b, j) => (j === i ? { ...b, ...patch } : b)),
    }))
  const setRule = (i: number, patch: Partial<EscalationRule>): void =>
    setDraft((d) => ({
      ...d,
      escalations: d.escalations.map((r, j) => (j === i ? { ...r, ...patch } : r)),
    }))

  return (
    <section className="rules-section" data-testid="rules-timers">
      <h3>{t('rules.timers')}</h3>
      <label className="flag-toggle">
        <input
          type="checkbox"
          checked={draft.responseStart}
          onChange={(e) => setDraft((d) => ({ ...d, responseStart: e.target.checked }))}
        />
        {t('rules.timers.responseStart')}
      </label>
      <TextField
        label={t('rules.timers.cadence')}
        type="number"
        min={0}
        controlClassName="rules-minutes"
        testId="rules-cadence"
        value={draft.statusUpdateEveryMinutes}
        onChange={(e) =>
          setDraft((d) => ({ ...d, statusUpdateEveryMinutes: Number(e.target.value) }))
        }
      />

      <h4>{t('rules.timers.boxes')}</h4>
      <table className="rules-table">
        <thead>
          <tr>
            <th>{t('rules.severity.name')}</th>
            <th>{t('rules.timers.start')}</th>
            <th>{t('rules.timers.minutes')}</th>
            <th>{t('rules.timers.until')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.timeBoxes.map((b, i) => (
            <tr key={b.id} data-testid="rules-box">
              <td>
                <input
                  value={b.name[locale]}
                  aria-label={t('rules.severity.name')}
                  onChange={(e) => setBox(i, { name: { ...b.name, [locale]: e.target.value } })}
                />
              </td>
              <td>
                <input
                  type="number"
                  min={0}
                  className="rules-minutes"
                  aria-label={t('rules.timers.start')}
                  value={b.startMinutes}
                  onChange={(e) => setBox(i, { startMinutes: Number(e.target.value) })}
                />
              </td>
              <td>
                <input
                  type="number"
                  min={1}
                  className="rules-minutes"
                  aria-label={t('rules.timers.minutes')}
                  value={b.minutes}
                  onChange={(e) => setBox(i, { minutes: Number(e.target.value) })}
                />
              </td>
              <td>
                <select
                  aria-label={t('rules.timers.until')}
                  value={b.until}
                  onChange={(e) => setBox(i, { until: e.target.value as TimeBox['until'] })}
                >
                  {/* A box cannot be met by the status every incident starts in. */}
                  {incidentStatuses.slice(1).map((s) => (
                    <option key={s} value={s}>
                      {t(`status.${s}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button
                  type="button"
                  className="inc-icon-btn"
                  aria-label={t('rules.remove')}
                  onClick={() =>
                    setDraft((d) => ({ ...d, timeBoxes: d.timeBoxes.filter((_, j) => j !== i) }))
                  }
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        className="inc-btn"
        onClick={() =>
          setDraft((d) => ({
            ...d,
            timeBoxes: [
              ...d.timeBoxes,
              {
                id: newId('box'),
                name: { en: 'New phase', ja: '新しいフェーズ' },
                startMinutes: 0,
                minutes: 30,
                until: 'identified',
              },
            ],
          }))
        }
      >
        {t('rules.timers.addBox')}
      </button>

      <h4>{t('rules.timers.escalations')}</h4>
      <ul className="rules-escalations">
        {draft.escalations.map((r, i) => (
          <li key={r.id} data-testid="rules-escalation">
            <select
              aria-label={t('rules.escalation.when')}
              value={r.when.type === 'flag' ? `flag:${r.when.flag}` : 'unresolved'}
              onChange={(e) => {
                const v = e.target.value
                setRule(i, {
                  when: v.startsWith('flag:')
                    ? { type: 'flag', flag: v.slice(5) as IncidentFlag }
                    : { type: 'unresolved', minutes: 10 },
                })
              }}
            >
              <option value="unresolved">{t('rules.escalation.unresolved')}</option>
              {incidentFlags.map((f) => (
                <option key={f} value={`flag:${f}`}>
                  {t(`details.flag.${f}`)}
                </option>
              ))}
            </select>
            {r.when.type === 'unresolved' ? (
              <input
                type="number"
                min={1}
                className="rules-minutes"
                data-testid="rules-escalation-minutes"
                aria-label={t('rules.timers.minutes')}
                value={r.when.minutes}
                onChange={(e) =>
                  setRule(i, { when: { type: 'unresolved', minutes: Number(e.target.value) } })
                }
              />
            ) : (
              // Keeps the row's columns in place: a flag rule has no minutes.
              <span aria-hidden="true" />
            )}
            <span>→</span>
            <input
              data-testid="rules-escalation-notify"
              aria-label={t('rules.escalation.notify')}
              placeholder={t('rules.escalation.notify')}
              value={r.notify}
              onChange={(e) => setRule(i, { notify: e.target.value })}
            />
            <button
              type="button"
              className="inc-icon-btn"
              aria-label={t('rules.remove')}
              onClick={() =>
                setDraft((d) => ({ ...d, escalations: d.escalations.filter((_, j) => j !== i) }))
              }
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="inc-btn"
        data-testid="rules-add-escalation"
        onClick={() =>
          setDraft((d) => ({
            ...d,
            escalations: [
              ...d.escalations,
              { id: newId('esc'), when: { type: 'unresolved', minutes: 30 }, notify: '' },
            ],
          }))
        }
      >
        {t('rules.timers.addEscalation')}
      </button>
      <RulesSaveBar rules={rules} testId="rules-timers" />
    </section>
  )
}
