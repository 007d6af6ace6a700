// What the three rules editors share: a draft edited locally, a save that sends it to main,
// reloads the settings and says "Saved" until the next edit, and the bar with the error and the
// button. A refused save keeps the draft as typed.
import { useState } from 'react'
import { useT } from '../../../i18n/useT'
import { useIncidents } from '../../../stores/incidentsStore'
import { useAction, type Action } from '../../../ui/useAction'
import { InlineError } from '../../../ui/InlineError'

export interface RulesDraft<T> {
  draft: T
  /** Changes the draft; clears "Saved". */
  edit(fn: (d: T) => T): void
  saved: boolean
  save: Action<[]>
}

export function useRulesDraft<T>(initial: T, send: (draft: T) => Promise<unknown>): RulesDraft<T> {
  const [draft, setDraft] = useState<T>(initial)
  const [saved, setSaved] = useState(false)
  const save = useAction(async (): Promise<void> => {
    await send(draft)
    await useIncidents.getState().loadSettings()
    setSaved(true)
  })
  const edit = (fn: (d: T) => T): void => {
    setSaved(false)
    setDraft(fn)
  }
  return { draft, edit, saved, save }
}

export function RulesSaveBar({
  rules,
  testId,
}: {
  rules: Pick<RulesDraft<unknown>, 'saved' | 'save'>
  /** Prefix for the save button (`<testId>-save`) and the error (`<testId>-error`). */
  testId: string
}): React.JSX.Element {
  const t = useT()
  return (
    <>
      <InlineError error={rules.save.error} testId={`${testId}-error`} />
      <div className="form-actions">
        {rules.saved ? <span className="details-saved">{t('rules.saved')}</span> : null}
        <button
          type="button"
          className="declare-button"
          data-testid={`${testId}-save`}
          disabled={rules.save.busy}
          onClick={() => void rules.save.run()}
        >
          {t('rules.save')}
        </button>
      </div>
    </>
  )
}
