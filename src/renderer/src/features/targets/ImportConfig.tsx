// Importing hosts from ~/.ssh/config (read by main through OpenSSH's `ssh -G`) or from pasted
// config text. Shows each host that came in with its route (ProxyJump hosts or ProxyCommand), the
// hosts OpenSSH could not read with its reason, and main's warnings; a config that does not parse
// is refused with a message that names the line, shown inline.
import { useState } from 'react'
import type { FailedImportHost, Target } from '../../../../shared/contract'
import { useAction } from '../../ui/useAction'
import { api } from '../../api'
import { useT } from '../../i18n/useT'
import { useTargets } from '../../stores/targetsStore'
import { InlineError } from '../../ui/InlineError'

interface Outcome {
  imported: Target[]
  failed: FailedImportHost[]
  warnings: string[]
}

function Route({ host }: { host: Target }): React.JSX.Element {
  const t = useT()
  const all = useTargets((s) => s.targets)
  if (host.proxyCommand)
    return (
      <span className="mono" title={host.proxyCommand}>
        {t('targets.viaCommand', { command: host.proxyCommand })}
      </span>
    )
  if (host.jumpVia.length > 0) {
    const names = host.jumpVia.map((id) => all.find((o) => o.id === id)?.name ?? id)
    return <span>{t('targets.via', { hosts: names.join(' → ') })}</span>
  }
  return <span className="muted">{t('targets.import.direct')}</span>
}

export function ImportConfig(): React.JSX.Element {
  const t = useT()
  const [text, setText] = useState('')
  const [outcome, setOutcome] = useState<Outcome | null>(null)

  const { busy, error, run } = useAction(async (params: { text?: string }): Promise<void> => {
    setOutcome(null)
    const result = await api.call('targets.importSshConfig', params)
    for (const target of result.imported) useTargets.getState().upsert(target)
    setOutcome({ imported: result.imported, failed: result.failed, warnings: result.warnings })
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
          <p>{t('targets.import.done', { count: outcome.imported.length })}</p>
          {outcome.imported.length > 0 ? (
            <ul className="import-hosts" data-testid="target-import-hosts">
              {outcome.imported.map((h) => (
                <li key={h.id} data-testid="target-import-host">
                  <strong>{h.name}</strong>{' '}
                  <span className="mono">
                    {h.user}@{h.host}:{h.port}
                  </span>{' '}
                  <Route host={h} />
                </li>
              ))}
            </ul>
          ) : null}
          {outcome.failed.length > 0 ? (
            <>
              <p className="muted">{t('targets.import.failed')}</p>
              <ul className="import-warnings" data-testid="target-import-failed">
                {outcome.failed.map((f) => (
                  <li key={f.alias}>
                    <strong>{f.alias}</strong>: {f.error}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
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
