// The SSH hosts: a list to connect from (each row says where it goes, its tags, PROD and jump
// hosts), the add/edit form, and the ~/.ssh/config import. A side sheet on the left so the
// terminals and the incident panels on the right stay in view.
import { useRef, useState } from 'react'
import type { AwsProfileTarget, Target } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'
import { useTargets } from '../../stores/targetsStore'
import { InlineError } from '../../ui/InlineError'
import { useDialogFocus } from '../../ui/useDialogFocus'
import { AwsProfileForm, AwsProfiles } from './AwsProfiles'
import { ImportConfig } from './ImportConfig'
import { KubectlForm } from './KubectlForm'
import { PsqlForm } from './PsqlForm'
import { ServiceTargets } from './ServiceTargets'
import { TargetForm } from './TargetForm'

type Editing =
  | { mode: 'none' }
  | { mode: 'add' }
  | { mode: 'edit'; id: string }
  | { mode: 'kubectl' }
  | { mode: 'psql' }
  | { mode: 'aws'; profile: AwsProfileTarget | null }

function TargetRow({ target, onEdit }: { target: Target; onEdit(): void }): React.JSX.Element {
  const t = useT()
  const targets = useTargets((s) => s.targets)
  const connecting = useTargets((s) => s.connecting[target.id] === true)
  const error = useTargets((s) => s.connectErrors[target.id])
  const [confirming, setConfirming] = useState(false)
  const [removeError, setRemoveError] = useState<unknown>(null)
  const jumpNames = target.jumpVia.map((id) => targets.find((o) => o.id === id)?.name ?? id)

  const remove = async (): Promise<void> => {
    setRemoveError(null)
    try {
      await useTargets.getState().remove(target.id)
    } catch (err) {
      setRemoveError(err)
      setConfirming(false)
    }
  }

  return (
    <li
      className={`target-row${target.production ? ' production' : ''}`}
      data-testid="target-row"
      data-target-id={target.id}
      aria-busy={connecting}
    >
      <div className="target-main">
        <div className="target-title">
          <strong className="target-name">{target.name}</strong>
          {target.production ? (
            <span
              className="prod-badge"
              data-testid="target-prod"
              title={t('targets.production.tooltip')}
            >
              {t('targets.production')}
            </span>
          ) : null}
        </div>
        <div className="target-address mono">
          {target.user}@{target.host}:{target.port}
        </div>
        {target.proxyCommand ? (
          <div
            className="target-via muted mono"
            data-testid="target-proxy-command"
            title={target.proxyCommand}
          >
            {t('targets.viaCommand', { command: target.proxyCommand })}
          </div>
        ) : null}
        {jumpNames.length > 0 ? (
          <div className="target-via muted">
            {t('targets.via', { hosts: jumpNames.join(' → ') })}
          </div>
        ) : null}
        {target.tags.length > 0 ? (
          <div className="target-tags">
            {target.tags.map((tag) => (
              <span key={tag} className="target-tag">
                {tag}
              </span>
            ))}
          </div>
        ) : null}
      </div>
      <div className="target-actions">
        <button
          type="button"
          className="inc-btn primary"
          data-testid="target-connect"
          disabled={connecting}
          onClick={() => void useTargets.getState().connect(target.id)}
        >
          {connecting ? (
            <>
              <span className="spinner" aria-hidden="true" data-testid="target-spinner" />
              {t('targets.connecting')}
            </>
          ) : (
            t('targets.connect')
          )}
        </button>
        <button type="button" className="inc-btn" data-testid="target-edit" onClick={onEdit}>
          {t('targets.edit')}
        </button>
        <button
          type="button"
          className="inc-btn"
          data-testid="target-remove"
          onClick={() => setConfirming(true)}
        >
          {t('targets.remove')}
        </button>
      </div>
      {confirming ? (
        <div className="target-confirm" role="alert" data-testid="target-remove-confirm">
          <span>{t('targets.remove.confirm', { name: target.name })}</span>
          <button
            type="button"
            className="inc-btn danger"
            data-testid="target-remove-yes"
            onClick={() => void remove()}
          >
            {t('targets.remove.yes')}
          </button>
          <button type="button" className="inc-btn" onClick={() => setConfirming(false)}>
            {t('targets.remove.no')}
          </button>
        </div>
      ) : null}
      {error !== undefined ? (
        <div className="target-error">
          <InlineError error={error} testId="target-error" />
          <button
            type="button"
            className="inc-icon-btn"
            aria-label={t('targets.dismiss')}
            title={t('targets.dismiss')}
            onClick={() => useTargets.getState().clearError(target.id)}
          >
            ×
          </button>
        </div>
      ) : null}
      <InlineError error={removeError} testId="target-remove-error" />
    </li>
  )
}

export function HostsPanel(): React.JSX.Element | null {
  const t = useT()
  const open = useTargets((s) => s.panelOpen)
  const targets = useTargets((s) => s.targets)
  const [editing, setEditing] = useState<Editing>({ mode: 'none' })

  const ref = useRef<HTMLElement>(null)
  useDialogFocus(ref, {
    openKey: open || null,
    onEscape: () => {
      // A host-key question is on top: Esc must not close the sheet underneath it.
      if (useTargets.getState().prompts.length === 0) useTargets.getState().setPanelOpen(false)
    },
  })

  if (!open) return null
  const editTarget =
    editing.mode === 'edit' ? (targets.find((o) => o.id === editing.id) ?? null) : null

  return (
    <section
      className="side-sheet hosts-panel"
      data-testid="hosts-panel"
      role="dialog"
      aria-label={t('targets.title')}
      ref={ref}
    >
      <header className="side-sheet-head">
        <h2>{t('targets.title')}</h2>
        <button
          type="button"
          className="inc-icon-btn"
          aria-label={t('targets.close')}
          onClick={() => useTargets.getState().setPanelOpen(false)}
        >
          ×
        </button>
      </header>
      <div className="side-sheet-body hosts-panel-body" data-dialog-body>
        {editing.mode === 'none' ? (
          <>
            <div className="hosts-tools">
              <button
                type="button"
                className="inc-btn primary"
                data-testid="target-add"
                onClick={() => setEditing({ mode: 'add' })}
              >
                {t('targets.add')}
              </button>
            </div>
            {targets.length === 0 ? (
              <p className="muted">{t('targets.empty')}</p>
            ) : (
              <ul className="target-list" data-testid="target-list">
                {targets.map((target) => (
                  <TargetRow
                    key={target.id}
                    target={target}
                    onEdit={() => setEditing({ mode: 'edit', id: target.id })}
                  />
                ))}
              </ul>
            )}
            <ImportConfig />
            <ServiceTargets onAdd={(mode) => setEditing({ mode })} />
            <AwsProfiles
              onAdd={() => setEditing({ mode: 'aws', profile: null })}
              onEdit={(profile) => setEditing({ mode: 'aws', profile })}
            />
          </>
        ) : editing.mode === 'kubectl' ? (
          <KubectlForm onDone={() => setEditing({ mode: 'none' })} />
        ) : editing.mode === 'psql' ? (
          <PsqlForm onDone={() => setEditing({ mode: 'none' })} />
        ) : editing.mode === 'aws' ? (
          <AwsProfileForm
            key={editing.profile?.id ?? 'new'}
            editing={editing.profile}
            onDone={() => setEditing({ mode: 'none' })}
          />
        ) : (
          <TargetForm
            key={editing.mode === 'edit' ? editing.id : 'new'}
            target={editTarget}
            onDone={() => setEditing({ mode: 'none' })}
          />
        )}
      </div>
    </section>
  )
}
