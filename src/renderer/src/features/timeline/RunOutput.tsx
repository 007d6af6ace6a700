// The full output of a runbook command, opened from its timeline event: the event keeps a short
// excerpt per target (the timeline stays small); all of it is read on demand by the run's id.
import { useState } from 'react'
import type { RunRecord } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { InlineError } from '../../ui/InlineError'
import { RunResults } from '../../ui/RunResults'

export function RunOutput({ runId }: { runId: string }): React.JSX.Element {
  const t = useT()
  const [run, setRun] = useState<RunRecord | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  if (run) return <RunResults run={run} />
  return (
    <div className="tl-run-output">
      <button
        type="button"
        className="inc-btn"
        data-testid="event-run-output"
        disabled={busy}
        onClick={() => {
          setBusy(true)
          setError(null)
          api
            .call('runbooks.output', { runId })
            .then(setRun, setError)
            .finally(() => setBusy(false))
        }}
      >
        {t('timeline.runOutput')}
      </button>
      <InlineError error={error} testId="event-run-output-error" />
    </div>
  )
}
