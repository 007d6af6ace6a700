// The last run of a command: one column per target (exit code, duration, stdout, stderr),
// side by side, and a diff of each target against the first when several ran the same command.
import { useState } from 'react'
import type { RunRecord, TargetResult } from '../../../shared/contract'
import { useT } from '../i18n/useT'
import { useRunbooks } from '../stores/runbooksStore'
import { diffLines } from './diff'

function exitClass(r: TargetResult, mode: RunRecord['mode']): string {
  if (r.error) return 'bad'
  if (mode === 'pane') return 'sent'
  return r.exitCode === 0 ? 'ok' : 'bad'
}

function TargetColumn({ r, run }: { r: TargetResult; run: RunRecord }): React.JSX.Element {
  const t = useT()
  return (
    <div
      className={`rb-result ${exitClass(r, run.mode)}`}
      data-testid="runbook-result"
      data-target={r.name}
    >
      <div className="rb-result-head">
        <span className="rb-result-name">{r.name}</span>
        <span className="rb-result-exit" data-testid="runbook-result-exit">
          {run.mode === 'pane' && !r.error
            ? t('runbook.result.sent')
            : r.exitCode === null
              ? t('runbook.result.noExit')
              : t('runbook.result.exit', { code: r.exitCode })}
        </span>
        {run.mode === 'captured' ? (
          <span className="rb-result-ms">{t('runbook.result.duration', { ms: r.durationMs })}</span>
        ) : null}
      </div>
      {r.error ? (
        <p className="rb-result-error" role="alert">
          {r.error}
        </p>
      ) : null}
      {r.stdout !== '' ? (
        <pre className="rb-out" data-testid="runbook-result-stdout">
          {r.stdout}
        </pre>
      ) : null}
      {r.stderr !== '' ? (
        <>
          <div className="rb-result-label">{t('runbook.result.stderr')}</div>
          <pre className="rb-out rb-err" data-testid="runbook-result-stderr">
            {r.stderr}
          </pre>
        </>
      ) : null}
      {r.truncated ? <p className="rb-hint">{t('runbook.result.truncated')}</p> : null}
      {r.shellStartupMs !== undefined ? (
        <p className="rb-hint" data-testid="runbook-result-slow-shell">
          {t('runbook.result.slowShell', { s: (r.shellStartupMs / 1000).toFixed(1) })}
        </p>
      ) : null}
    </div>
  )
}

function DiffView({ run }: { run: RunRecord }): React.JSX.Element {
  const t = useT()
  const [base, ...others] = run.targets
  if (!base) return <></>
  const text = (r: TargetResult): string => (r.stderr ? `${r.stdout}\n${r.stderr}` : r.stdout)
  return (
    <div className="rb-diff" data-testid="runbook-diff">
      {others.map((o) => {
        const lines = diffLines(text(base), text(o))
        const same = lines.every((l) => l.kind === 'same')
        return (
          <div key={o.ref} className="rb-diff-one" data-target={o.name}>
            <div className="rb-result-head">
              <span className="rb-result-name">{o.name}</span>
              <span>
                {same
                  ? t('runbook.result.diff.same', { base: base.name })
                  : t('runbook.result.diff.title', { base: base.name })}
              </span>
            </div>
            {same ? null : (
              <pre className="rb-out">
                {lines
                  .filter((l) => l.kind !== 'same')
                  .map((l, i) => (
                    <div key={i} className={`rb-diff-${l.kind}`}>
                      {l.kind === 'added' ? '+ ' : '- '}
                      {l.text}
                    </div>
                  ))}
              </pre>
            )}
          </div>
        )
      })}
    </div>
  )
}

export function RunResults({ run }: { run: RunRecord }): React.JSX.Element {
  const t = useT()
  const [diff, setDiff] = useState(false)
  const [full, setFull] = useState<RunRecord | null>(null)
  const output = useRunbooks((s) => s.output)
  const shown = full?.id === run.id ? full : run
  const clipped = shown.targets.some((r) => r.clipped)
  return (
    <div className="rb-results" data-testid="runbook-results" data-run={run.id}>
      <div className="rb-results-bar">
        {shown.targets.length > 1 && shown.mode === 'captured' ? (
          <button
            type="button"
            className="inc-btn"
            aria-pressed={diff}
            data-testid="runbook-diff-toggle"
            onClick={() => setDiff(!diff)}
          >
            {diff ? t('runbook.result.sideBySide') : t('runbook.result.diff')}
          </button>
        ) : null}
        {clipped ? (
          <button
            type="button"
            className="inc-btn"
            onClick={() => void output(run.id).then(setFull)}
          >
            {t('runbook.result.clipped')}
          </button>
        ) : null}
      </div>
      {diff ? (
        <DiffView run={shown} />
      ) : (
        <div className="rb-result-cols">
          {shown.targets.map((r) => (
            <TargetColumn key={`${r.kind}:${r.ref}`} r={r} run={shown} />
          ))}
        </div>
      )}
    </div>
  )
}
