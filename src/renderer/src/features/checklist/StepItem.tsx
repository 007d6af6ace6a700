// A checklist step: its checkbox (ticked by hand, with an optional comment, or by a run where
// every target exited 0), the lines under it, and its commands.
import { useState } from 'react'
import type { IncidentRunbook, RunbookStep } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'
import { useRunbooks } from '../../stores/runbooksStore'
import { useAction } from '../../ui/useAction'
import { InlineError } from '../../ui/InlineError'
import { Markdown } from '../../ui/Markdown'
import { CommandBlock } from './CommandBlock'
import type { RunContext } from './runContext'

interface Props {
  rb: IncidentRunbook
  step: RunbookStep
  ctx: RunContext
}

export function StepItem({ rb, step, ctx }: Props): React.JSX.Element {
  const t = useT()
  const tick = useRunbooks((s) => s.tick)
  const state = rb.ticks[step.id]
  const checked = state?.checked ?? false
  const [comment, setComment] = useState('')
  const [commenting, setCommenting] = useState(false)
  const action = useAction(async (next: boolean) => {
    await tick(rb.summary.id, step.id, next, comment.trim() || undefined)
    setComment('')
    setCommenting(false)
  })
  return (
    <li
      className={`rb-step ${checked ? 'done' : ''}`}
      data-testid="runbook-step"
      data-step={step.id}
      data-checked={checked}
    >
      <div className="rb-step-row">
        <input
          type="checkbox"
          checked={checked}
          disabled={action.busy}
          aria-label={step.text}
          data-testid="runbook-step-check"
          onChange={(e) => void action.run(e.target.checked)}
        />
        <span className="rb-step-text">{step.text}</span>
        <button
          type="button"
          className="rb-link"
          aria-pressed={commenting}
          onClick={() => setCommenting(!commenting)}
          title={t('runbook.step.commentPrompt')}
        >
          ✎
        </button>
      </div>
      {state ? (
        <div className="rb-step-meta" data-testid="runbook-step-meta">
          {state.auto ? t('runbook.step.auto') : null}
          {state.by ? ` ${t('runbook.step.by', { by: state.by })}` : null}
          {state.comment ? ` — ${state.comment}` : null}
        </div>
      ) : null}
      {commenting ? (
        <div className="rb-step-comment">
          <input
            value={comment}
            placeholder={t('runbook.step.comment')}
            data-testid="runbook-step-comment"
            onChange={(e) => setComment(e.target.value)}
          />
          <button
            type="button"
            className="inc-btn"
            disabled={action.busy}
            onClick={() => void action.run(!checked)}
          >
            {checked ? '☐' : t('runbook.step.tick')}
          </button>
        </div>
      ) : null}
      <InlineError error={action.error} />
      {step.subLines.length > 0 ? (
        <div className="rb-sub">
          <Markdown text={step.subLines.join('\n')} />
        </div>
      ) : null}
      {step.commands.map((c) => (
        <CommandBlock
          key={c.id}
          runbookId={rb.summary.id}
          command={c}
          lastRun={rb.lastRuns[c.id]}
          ctx={ctx}
        />
      ))}
    </li>
  )
}
