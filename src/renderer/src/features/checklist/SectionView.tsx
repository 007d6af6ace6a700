// A heading of the runbook: phases carry their time box (overdue in red while steps are open),
// blocks are shown in the author's order, and "Run all" runs the section's commands in order.
import { useState } from 'react'
import type { IncidentRunbook, RunbookCommand, RunbookSection } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'
import { useRunbooks } from '../../stores/runbooksStore'
import { InlineError } from '../../ui/InlineError'
import { Markdown } from '../../ui/Markdown'
import { CommandBlock } from './CommandBlock'
import { previewCommand } from './preview'
import type { RunContext } from './runContext'
import { StepItem } from './StepItem'
import { formatDuration, type PhaseBox } from './timeBoxes'
import { useConfirmedRun } from './useConfirmedRun'

interface Props {
  rb: IncidentRunbook
  section: RunbookSection
  ctx: RunContext
  boxes: Map<string, PhaseBox>
  now: number
}

function openSteps(rb: IncidentRunbook, s: RunbookSection): number {
  const own = s.steps.filter((st) => !rb.ticks[st.id]?.checked).length
  return own + s.children.reduce((n, c) => n + openSteps(rb, c), 0)
}

export function SectionView({ rb, section, ctx, boxes, now }: Props): React.JSX.Element {
  const t = useT()
  const runSection = useRunbooks((s) => s.runSection)
  const running = useRunbooks((s) => Boolean(s.running[`section:${section.id}`]))
  const flow = useConfirmedRun()
  const [goOn, setGoOn] = useState(false)
  const [stopped, setStopped] = useState<number | null>(null)
  const box = boxes.get(section.id)
  const open = openSteps(rb, section)
  const overdue = box !== undefined && open > 0 && now > box.dueAt
  const commands = [...section.commands, ...section.steps.flatMap((s) => s.commands)].filter(
    (c) => c.runnable && c.kind !== 'promql',
  )
  const stepsById = new Map(section.steps.map((s) => [s.id, s]))
  const commandsById = new Map(section.commands.map((c) => [c.id, c]))
  const Heading = `h${Math.min(Math.max(section.level, 3), 6)}` as 'h3'

  const onRunAll = (): void => {
    if (ctx.refs.length === 0) return flow.fail(new Error(t('runbook.targets.none')))
    setStopped(null)
    flow.start(
      {
        command: commands.map((c) => previewCommand(c, ctx.values)).join('\n\n'),
        targets: ctx.names,
        reasons: {
          en: [...new Set(commands.flatMap((c) => c.danger.reasons))],
          ja: [...new Set(commands.flatMap((c) => c.danger.reasonsJa))],
        },
        authorConfirm: commands.some((c) => c.attributes.confirm),
        blockClass: worstClass(commands.map((c) => c.danger.class)),
        commands: commands.flatMap((c) => c.danger.commands),
        parseErrors: commands.flatMap((c) => c.danger.parseErrors),
      },
      async (confirmation) => {
        const out = await runSection(rb.summary.id, {
          sectionId: section.id,
          targets: ctx.refs,
          mode: ctx.mode,
          continueOnFailure: goOn,
          values: ctx.filledValues(),
          ...(confirmation ? { confirmation } : {}),
        })
        setStopped(out.stoppedAt ? out.skipped.length : null)
      },
    )
  }

  return (
    <section
      className={`rb-section ${overdue ? 'overdue' : ''}`}
      data-testid="runbook-section"
      data-section={section.id}
      data-overdue={overdue}
    >
      {section.title ? (
        <Heading className="rb-heading">
          <span>{section.title}</span>
          {box ? (
            <span className={`rb-box ${overdue ? 'late' : ''}`} data-testid="runbook-timebox">
              {t('runbook.timeBox', { box: box.box })}
              {open > 0
                ? ` · ${
                    overdue
                      ? t('runbook.overdue', { late: formatDuration(now - box.dueAt) })
                      : t('runbook.remaining', { left: formatDuration(box.dueAt - now) })
                  }`
                : ''}
            </span>
          ) : null}
        </Heading>
      ) : null}
      {commands.length > 1 ? (
        <div className="rb-runall">
          <button
            type="button"
            className="inc-btn"
            disabled={running || flow.busy}
            title={t('runbook.section.runAll.tooltip')}
            data-testid="runbook-run-section"
            onClick={onRunAll}
          >
            {t('runbook.section.runAll')}
          </button>
          <label>
            <input type="checkbox" checked={goOn} onChange={(e) => setGoOn(e.target.checked)} />
            {t('runbook.section.continue')}
          </label>
          {stopped !== null ? (
            <span className="rb-hint">{t('runbook.section.stopped', { skipped: stopped })}</span>
          ) : null}
          <InlineError error={flow.error} />
          {flow.dialog}
        </div>
      ) : null}
      <ul className="rb-blocks">
        {section.blocks.map((b, i) => {
          if (b.kind === 'markdown') {
            return (
              <li key={`md-${i}`} className="rb-prose">
                <Markdown text={b.text} />
              </li>
            )
          }
          if (b.kind === 'step') {
            const step = stepsById.get(b.stepId)
            return step ? <StepItem key={step.id} rb={rb} step={step} ctx={ctx} /> : null
          }
          const c = commandsById.get(b.commandId)
          return c ? (
            <li key={c.id} className="rb-loose-command">
              <CommandBlock
                runbookId={rb.summary.id}
                command={c}
                lastRun={rb.lastRuns[c.id]}
                ctx={ctx}
              />
            </li>
          ) : null
        })}
      </ul>
      {section.children.map((child) => (
        <SectionView key={child.id} rb={rb} section={child} ctx={ctx} boxes={boxes} now={now} />
      ))}
    </section>
  )
}

function worstClass(
  classes: RunbookCommand['danger']['class'][],
): RunbookCommand['danger']['class'] {
  if (classes.includes('state-changing')) return 'state-changing'
  return classes.includes('unknown') ? 'unknown' : 'read-only'
}
