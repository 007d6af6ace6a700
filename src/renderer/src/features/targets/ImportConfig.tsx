// Importing hosts from ~/.ssh/config (read by main) or from pasted config text. Shows how many
// hosts came in and main's warnings; a config that does not parse is refused with a message that
// names the line, shown inline.
import { useState } from 'react'
import { useAction } from '../../ui/useAction'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useTargets } from '../../stores/targetsStore'
import { InlineError } from '../../ui/InlineError'

interface Outcome {
  count: number
  warnings: string[]
}

export function ImportConfig(): React.JSX.Element {
  const t = useT()
  const [text, setText] = useState('')
  const [outcome, setOutcome] = useState<Outcome | null>(null)

  const { busy, error, run } = useAction(async (params: { text?: string }): Promise<void> => {
    setOutcome(null)
    const result = await api.call('targets.importSshConfig', params)
    for (const target of result.imported) useTargets.getState().upsert(target)
    setOutcome({ count: result.imported.length, warnings: result.warnings })
  })

  return (
    <section className="target-import" data-testid="target-import">
      <button
        type="button"
        className="inc-btn"
        data-testid="target-import-file"
        disabled={busy}
        onClick={() => void run({})}
      >
        {busy ? t('targets.import.working') : t('targets.import')}
      </button>
      <details>
        <summary>{t('targets.import.paste')}</summary>
        <textarea
          data-testid="target-import-text"
          rows={6}
          spellCheck={false}
          value={text}
          placeholder={t('targets.import.paste.placeholder')}
          onChange={(e) => setText(e.target.value)}
        />
        <button
          type="button"
          className="inc-btn"
          data-testid="target-import-paste"
          disabled={busy || text.trim() === ''}
          onClick={() => void run({ text })}
        >
          {t('targets.import.paste.submit')}
        </button>
      </details>
      <InlineError error={error} testId="target-import-error" />
      {outcome ? (
        <div className="import-outcome" role="status" data-testid="target-import-outcome">
          <p>{t('targets.import.done', { count: outcome.count })}</p>
          {outcome.warnings.length > 0 ? (
            <>
              <p className="muted">{t('targets.import.warnings')}</p>
              <ul className="import-warnings" data-testid="target-import-warnings">
                {outcome.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}
