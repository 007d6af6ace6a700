// The kubectl contexts and databases under the SSH hosts: a kubectl row opens a preset shell or
// lists the pods to exec into or follow; a database row connects (read-only on production) or,
// with a reason that goes on the timeline, connects for writes.
import { useEffect, useState } from 'react'
import type { KubectlTarget, KubePod, PsqlTarget } from '../../../../shared/contract'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useTargets } from '../../stores/targetsStore'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../../ui/InlineError'
import { useServiceTargets } from './serviceTargetsStore'
import { TextField } from '../../ui/fields'

function Prod({ on }: { on: boolean }): React.JSX.Element | null {
  const t = useT()
  return on ? (
    <span className="prod-badge" title={t('targets.production.tooltip')}>
      {t('targets.production')}
    </span>
  ) : null
}

function RemoveButton({ target }: { target: { id: string; name: string } }): React.JSX.Element {
  const t = useT()
  const [confirming, setConfirming] = useState(false)
  const remove = useAction(() => useServiceTargets.getState().remove(target.id))
  return confirming ? (
    <span className="target-confirm" role="alert">
      {t('services.remove.confirm', { name: target.name })}
      <button type="button" className="inc-btn danger" onClick={() => void remove.run()}>
        {t('services.remove')}
      </button>
      <button type="button" className="inc-btn" onClick={() => setConfirming(false)}>
        {t('services.cancel')}
      </button>
      <InlineError error={remove.error} />
    </span>
  ) : (
    <button type="button" className="inc-btn" onClick={() => setConfirming(true)}>
      {t('services.remove')}
    </button>
  )
}

function KubectlRow({ target }: { target: KubectlTarget }): React.JSX.Element {
  const t = useT()
  const [pods, setPods] = useState<KubePod[] | null>(null)
  const [showPods, setShowPods] = useState(false)
  const open = useAction((mode: 'exec' | 'logs' | 'shell', pod?: KubePod) =>
    useServiceTargets.getState().openKubectl(target.id, mode, pod),
  )
  const list = useAction(async () => {
    setPods(await api.call('targets.kubePods', { targetId: target.id }))
  })
  return (
    <li className="target-row" data-testid="kubectl-row" data-target-id={target.id}>
      <div className="target-main">
        <div className="target-title">
          <strong className="target-name">{target.name}</strong> <Prod on={target.production} />
        </div>
        <div className="target-address mono">
          {t('services.kubectl.where', {
            context: target.context,
            namespace: target.namespace ?? t('services.kubectl.contextNamespace'),
          })}
        </div>
      </div>
      <div className="target-actions">
        <button
          type="button"
          className="inc-btn primary"
          data-testid="kubectl-shell"
          title={t('services.kubectl.shell.tooltip')}
          disabled={open.busy}
          onClick={() => void open.run('shell')}
        >
          {t('services.kubectl.shell')}
        </button>
        <button
          type="button"
          className="inc-btn"
          data-testid="kubectl-pods"
          onClick={() => {
            setShowPods(!showPods)
            if (!showPods) void list.run()
          }}
        >
          {showPods ? t('services.kubectl.hidePods') : t('services.kubectl.pods')}
        </button>
        <RemoveButton target={target} />
      </div>
      {showPods ? (
        <ul className="pod-list" data-testid="pod-list">
          {list.busy ? <li className="muted">{t('services.kubectl.loadingPods')}</li> : null}
          {pods?.length === 0 ? <li className="muted">{t('services.kubectl.noPods')}</li> : null}
          {(pods ?? []).map((p) => (
            <li key={`${p.namespace}/${p.name}`} className="pod-row" data-testid="pod-row">
              <span className="mono">{p.name}</span>
              <span className={p.ready ? 'muted' : 'pod-unready'}>
                {p.phase} · {p.ready ? t('services.kubectl.ready') : t('services.kubectl.notReady')}{' '}
                · {t('services.kubectl.restarts', { count: p.restarts })}
              </span>
              <button
                type="button"
                className="inc-btn"
                data-testid="pod-exec"
                title={t('services.kubectl.exec.tooltip')}
                onClick={() => void open.run('exec', p)}
              >
                {t('services.kubectl.exec')}
              </button>
              <button
                type="button"
                className="inc-btn"
                data-testid="pod-logs"
                title={t('services.kubectl.logs.tooltip')}
                onClick={() => void open.run('logs', p)}
              >
                {t('services.kubectl.logs')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <InlineError error={list.error} testId="kubectl-pods-error" />
      <InlineError error={open.error} testId="kubectl-open-error" />
    </li>
  )
}

function PsqlRow({ target }: { target: PsqlTarget }): React.JSX.Element {
  const t = useT()
  const hosts = useTargets((s) => s.targets)
  const [asking, setAsking] = useState(false)
  const [reason, setReason] = useState('')
  const open = useAction(async (writes?: { reason: string }) => {
    await useServiceTargets.getState().openPsql(target.id, writes)
    setAsking(false)
    setReason('')
  })
  const via = target.viaSshTargetId
    ? (hosts.find((h) => h.id === target.viaSshTargetId)?.name ?? '?')
    : null
  const readOnly =
    target.readOnly === 'always' || (target.readOnly === 'production' && target.production)
  return (
    <li className="target-row" data-testid="psql-row" data-target-id={target.id}>
      <div className="target-main">
        <div className="target-title">
          <strong className="target-name">{target.name}</strong> <Prod on={target.production} />
          {readOnly ? (
            <span className="target-tag" data-testid="psql-readonly-badge">
              {t('services.psql.readOnly')}
            </span>
          ) : null}
        </div>
        <div className="target-address mono">
          {t('services.psql.where', {
            user: target.user,
            host: target.host,
            port: target.port,
            database: target.database,
          })}
        </div>
        {via ? (
          <div className="target-via muted">{t('services.psql.via', { host: via })}</div>
        ) : null}
      </div>
      <div className="target-actions">
        <button
          type="button"
          className="inc-btn primary"
          data-testid="psql-connect"
          disabled={open.busy}
          onClick={() => void open.run()}
        >
          {t('services.psql.connect')}
        </button>
        {readOnly ? (
          <button
            type="button"
            className="inc-btn"
            data-testid="psql-connect-write"
            title={t('services.psql.connectWrite.tooltip')}
            onClick={() => setAsking(!asking)}
          >
            {t('services.psql.connectWrite')}
          </button>
        ) : null}
        <RemoveButton target={target} />
      </div>
      {asking ? (
        <form
          className="write-reason"
          onSubmit={(e) => {
            e.preventDefault()
            void open.run({ reason })
          }}
        >
          <p className="muted">{t('services.psql.writeHint')}</p>
          <TextField
            label={t('services.psql.writeReason')}
            className="wide"
            testId="psql-write-reason"
            value={reason}
            placeholder={t('services.psql.writeReason.placeholder')}
            onChange={(e) => setReason(e.target.value)}
          />
          <button
            type="submit"
            className="inc-btn danger"
            data-testid="psql-write-go"
            disabled={reason.trim() === '' || open.busy}
          >
            {t('services.psql.writeGo')}
          </button>
        </form>
      ) : null}
      <InlineError error={open.error} testId="psql-open-error" />
    </li>
  )
}

export function ServiceTargets({
  onAdd,
}: {
  onAdd(kind: 'kubectl' | 'psql'): void
}): React.JSX.Element {
  const t = useT()
  const kubectl = useServiceTargets((s) => s.kubectl)
  const psql = useServiceTargets((s) => s.psql)
  useEffect(() => void useServiceTargets.getState().load(), [])
  return (
    <section className="service-targets" data-testid="service-targets">
      <h3>{t('services.title')}</h3>
      <div className="hosts-tools">
        <button
          type="button"
          className="inc-btn"
          data-testid="kubectl-add"
          onClick={() => onAdd('kubectl')}
        >
          {t('services.addKubectl')}
        </button>
        <button
          type="button"
          className="inc-btn"
          data-testid="psql-add"
          onClick={() => onAdd('psql')}
        >
          {t('services.addPsql')}
        </button>
      </div>
      {kubectl.length === 0 && psql.length === 0 ? (
        <p className="muted">{t('services.empty')}</p>
      ) : (
        <ul className="target-list">
          {kubectl.map((k) => (
            <KubectlRow key={k.id} target={k} />
          ))}
          {psql.map((p) => (
            <PsqlRow key={p.id} target={p} />
          ))}
        </ul>
      )}
    </section>
  )
}
