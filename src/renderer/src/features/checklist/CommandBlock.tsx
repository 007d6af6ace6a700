// One runnable block of a runbook: its code, what makes it dangerous, the Run button and the
// last run's results per target.
import type { RunbookCommand, RunRecord } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'
import { useRunbooks } from '../../stores/runbooksStore'
import { InlineError } from '../incidents/InlineError'
import { previewCommand } from './preview'
import { RunResults } from './RunResults'
import type { RunContext } from './runContext'
import { useConfirmedRun } from './useConfirmedRun'

interface Props {
  runbookId: string
  command: RunbookCommand
  lastRun: RunRecord | undefined
  ctx: RunContext
}

export function CommandBlock({ runbookId, command, lastRun, ctx }: Props): React.JSX.Element {
  const t = useT()
  const run = useRunbooks((s) => s.run)
  const running = useRunbooks((s) => Boolean(s.running[command.id]))
  const flow = useConfirmedRun()
  const runnable = command.runnable && command.kind !== 'promql'
  const missing = command.parameters.map((p) => p.name).filter((n) => !ctx.values[n])

  const onRun = (): void => {
    if (ctx.refs.length === 0) return flow.fail(new Error(t('runbook.targets.none')))
    if (missing.length > 0) {
      return flow.fail(new Error(t('runbook.params.missing', { names: missing.join(', ') })))
    }
    flow.start(
      {
        command: previewCommand(command, ctx.values),
        targets: ctx.names,
        reasons: { en: command.danger.reasons, ja: command.danger.reasonsJa },
        authorConfirm: command.attributes.confirm,
      },
      async (confirmation) => {
        await run(runbookId, {
          commandId: command.id,
          targets: ctx.refs,
          mode: ctx.mode,
          values: ctx.filledValues(),
          ...(confirmation ? { confirmation } : {}),
        })
      },
    )
  }

  return (
    <div
      className={`rb-command ${command.danger.dangerous ? 'dangerous' : ''}`}
      data-testid="runbook-command"
      data-command={command.attributes.name ?? command.id}
    >
      <div className="rb-command-bar">
        {command.attributes.name ? (
          <span className="rb-command-name">{command.attributes.name}</span>
        ) : null}
        {command.language ? <span className="rb-lang">{command.language}</span> : null}
        {command.attributes.target ? (
          <span className="rb-lang" title={t('runbook.command.suggestedTarget')}>
            → {command.attributes.target}
          </span>
        ) : null}
        {command.danger.dangerous ? (
          <span className="rb-badge danger" title={command.danger.reasons.join('; ')}>
            {t('runbook.command.dangerous')}
          </span>
        ) : null}
        {command.attributes.confirm ? (
          <span className="rb-badge warn">{t('runbook.command.confirm')}</span>
        ) : null}
        {runnable ? (
          <button
            type="button"
            className="inc-btn primary rb-run"
            disabled={running || flow.busy}
            data-testid="runbook-run"
            onClick={onRun}
          >
            {running ? t('runbook.command.running') : t('runbook.command.run')}
          </button>
        ) : (
          <span className="rb-hint">{t('runbook.command.notRunnable')}</span>
        )}
      </div>
      {command.transcript ? (
        // A terminal session as written: commands (what runs) and the output shown with them.
        <pre className="rb-code rb-transcript" data-testid="runbook-transcript">
          {command.transcript.map((l) => (
            <div key={l.line} className={l.role === 'command' ? 'rb-tx-command' : 'rb-tx-output'}>
              {l.role === 'command' ? <span className="rb-tx-prompt">$ </span> : null}
              {l.text === '' ? '\u00a0' : l.text}
            </div>
          ))}
        </pre>
      ) : (
        <pre className="rb-code">{command.code}</pre>
      )}
      <InlineError error={flow.error} testId="runbook-run-error" />
      {lastRun ? <RunResults run={lastRun} /> : null}
      {flow.dialog}
    </div>
  )
}
