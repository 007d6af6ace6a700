// One runnable block of a runbook: its code, what makes it dangerous, the Run button and the
// last run's results per target.
import { useRef, useState } from 'react'
import type { RunbookCommand, RunRecord } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'
import { useRunbooks } from '../../stores/runbooksStore'
import { InlineError } from '../../ui/InlineError'
import { previewCommand } from './preview'
import { RunResults } from '../../ui/RunResults'
import type { RunContext } from './runContext'
import { useConfirmedRun } from './useConfirmedRun'
import { ParamInput } from './ParamInput'
import { useFillPreview } from './useFillPreview'

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
  // An undeclared $VAR left empty is taken from the target's environment: not missing.
  const missing = command.parameters
    .filter((p) => !p.fromEnvironment)
    .map((p) => p.name)
    .filter((n) => !ctx.values[n])
  // A Run with values missing points at the fields below instead of failing: the hint goes by
  // itself once they are filled in.
  const [askedForMissing, setAskedForMissing] = useState(false)
  const fillRef = useRef<HTMLDivElement>(null)
  const preview = useFillPreview(
    runbookId,
    command.id,
    ctx.filledValues(),
    runnable && command.parameters.length > 0,
  )

  const onRun = (): void => {
    if (missing.length > 0) {
      flow.fail(null)
      // The keyboard goes to the first value still missing, next to the hint.
      const first = missing[0]
      fillRef.current
        ?.querySelector<HTMLElement>(
          `[data-testid="runbook-step-param-${CSS.escape(first ?? '')}"]`,
        )
        ?.focus()
      return setAskedForMissing(true)
    }
    if (ctx.refs.length === 0) return flow.fail(new Error(t('runbook.targets.none')))
    flow.start(
      {
        command: previewCommand(command, ctx.values),
        targets: ctx.names,
        reasons: { en: command.danger.reasons, ja: command.danger.reasonsJa },
        authorConfirm: command.attributes.confirm,
        blockClass: command.danger.class,
        commands: command.danger.commands,
        parseErrors: command.danger.parseErrors,
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
              {l.prompt ? <span className="rb-tx-prompt">{`${l.prompt} `}</span> : null}
              {l.text === '' ? '\u00a0' : l.text}
            </div>
          ))}
        </pre>
      ) : (
        <pre className="rb-code">{command.code}</pre>
      )}
      {command.danger.parseErrors.length > 0 ? (
        // Text bash or PostgreSQL cannot read is never judged harmless: say where it breaks.
        <ul className="rb-parse-errors" data-testid="runbook-parse-errors">
          {command.danger.parseErrors.map((e) => (
            <li key={e}>{t('runbook.command.parseError', { detail: e })}</li>
          ))}
        </ul>
      ) : null}
      {runnable && command.danger.sessions.length > 0 ? (
        <div className="rb-hint rb-session-hint" data-testid="runbook-session-hint">
          {t('runbook.command.opensSession', {
            command: command.danger.sessions.map((s) => s.command).join(', '),
          })}
        </div>
      ) : null}
      {runnable && command.parameters.length > 0 ? (
        <div className="rb-fill" data-testid="runbook-fill" ref={fillRef}>
          {command.parameters.map((p) => (
            <label key={p.name} className="rb-fill-param">
              <span>{p.name}</span>
              <ParamInput
                param={p}
                value={ctx.values[p.name] ?? ''}
                testId={`runbook-step-param-${p.name}`}
                onChange={(v) => ctx.setValue(p.name, v)}
              />
            </label>
          ))}
          {missing.length > 0 ? (
            <p
              className={`rb-fill-missing${askedForMissing ? ' asked' : ''}`}
              role={askedForMissing ? 'alert' : undefined}
              data-testid="runbook-fill-missing"
            >
              {t('runbook.fill.missing', { names: missing.join(', ') })}
            </p>
          ) : preview?.error ? (
            <p className="rb-fill-error" role="alert" data-testid="runbook-fill-error">
              {preview.error}
            </p>
          ) : preview?.text ? (
            <>
              <div className="rb-fill-label">{t('runbook.fill.runsAs')}</div>
              <pre className="rb-code rb-filled" data-testid="runbook-filled">
                {preview.text}
              </pre>
            </>
          ) : null}
        </div>
      ) : null}
      <InlineError error={flow.error} testId="runbook-run-error" />
      {lastRun ? <RunResults run={lastRun} /> : null}
      {flow.dialog}
    </div>
  )
}
