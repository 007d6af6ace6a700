// "Mark deploy": the responder says a deploy just went out (with its version if known), so the
// rollback rule watches the error rate after it. Deploys run through Sitrep's runbooks, or seen
// by an ECS source, are marked without this.
import { useRef, useState } from 'react'
import { useT } from '../../i18n/useT'
import { useCommand } from '../../stores/commandsStore'
import { useIncidents } from '../../stores/incidentsStore'
import { useRollback } from '../../stores/rollbackStore'
import { announce } from '../../stores/keyboardStore'
import { TextField } from '../../ui/fields'
import { InlineError } from '../../ui/InlineError'
import { useDialogFocus } from '../../ui/useDialogFocus'
import './deploys.css'

function MarkDeployForm({ onClose }: { onClose(): void }): React.JSX.Element {
  const t = useT()
  const ref = useRef<HTMLFormElement>(null)
  const [version, setVersion] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  useDialogFocus(ref, { onEscape: onClose })
  return (
    <form
      ref={ref}
      className="deploy-form"
      data-testid="mark-deploy-form"
      aria-label={t('deploy.mark')}
      onSubmit={(e) => {
        e.preventDefault()
        setBusy(true)
        setError(null)
        useRollback
          .getState()
          .markDeploy(version)
          .then(() => {
            announce(t('deploy.marked'))
            onClose()
          })
          .catch(setError)
          .finally(() => setBusy(false))
      }}
    >
      <div data-dialog-body>
        <TextField
          label={t('deploy.version')}
          hint={t('deploy.version.hint')}
          value={version}
          maxLength={200}
          testId="mark-deploy-version"
          onChange={(e) => setVersion(e.target.value)}
        />
      </div>
      <InlineError error={error} testId="mark-deploy-error" />
      <div className="deploy-form-actions">
        <button
          type="submit"
          className="inc-btn primary"
          disabled={busy}
          data-testid="mark-deploy-save"
        >
          {t('deploy.mark.save')}
        </button>
        <button type="button" className="inc-btn" onClick={onClose}>
          {t('deploy.mark.cancel')}
        </button>
      </div>
    </form>
  )
}

export function MarkDeploy(): React.JSX.Element | null {
  const t = useT()
  const incidentId = useIncidents((s) => s.activeId)
  const marking = useRollback((s) => s.marking)
  const setMarking = useRollback((s) => s.setMarking)
  useCommand(
    'deploy.mark',
    () => setMarking(true),
    () => incidentId !== null,
  )
  if (!incidentId) return null
  return (
    <div className="deploy-mark">
      <button
        type="button"
        className="inc-btn"
        data-testid="mark-deploy"
        title={t('deploy.mark.tooltip')}
        aria-expanded={marking}
        onClick={() => setMarking(!marking)}
      >
        {t('deploy.mark')}
      </button>
      {marking ? <MarkDeployForm onClose={() => setMarking(false)} /> : null}
    </div>
  )
}
