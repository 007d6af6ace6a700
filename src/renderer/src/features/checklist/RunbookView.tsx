// A runbook the incident follows: title, version and progress, the targets and parameters its
// commands run with, then its phases and steps.
import { useEffect, useMemo, useState } from 'react'
import type { IncidentRunbook, RunbookParameter } from '../../../../shared/contract'
import { useT } from '../../i18n/useT'
import { useAwsProfiles } from '../../stores/awsProfilesStore'
import { useSessions } from '../../stores/sessionsStore'
import { useTargets } from '../../stores/targetsStore'
import { useBroadcast } from '../../stores/broadcastStore'
import { ParameterForm } from './ParameterForm'
import { runbookProgress } from './progress'
import type { RunContext } from './runContext'
import { SectionView } from './SectionView'
import { TargetPicker } from './TargetPicker'
import { resolveNames, toRefs, type TargetSelection } from './targetSelection'
import { phaseBoxes } from './timeBoxes'

interface Props {
  rb: IncidentRunbook
  remembered: Record<string, string>
  selection: TargetSelection
  onSelection(next: TargetSelection): void
}

function allParameters(rb: IncidentRunbook): RunbookParameter[] {
  const out = new Map<string, RunbookParameter>()
  const visit = (s: IncidentRunbook['document']['sections'][number]): void => {
    for (const c of [...s.commands, ...s.steps.flatMap((st) => st.commands)]) {
      for (const p of c.parameters) if (!out.has(p.name)) out.set(p.name, p)
    }
    s.children.forEach(visit)
  }
  rb.document.sections.forEach(visit)
  return [...out.values()]
}

/** Re-renders every 30 s so time boxes turn overdue without a click. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

export function RunbookView({ rb, remembered, selection, onSelection }: Props): React.JSX.Element {
  const t = useT()
  const now = useNow()
  const targets = useTargets((s) => s.targets)
  const awsProfiles = useAwsProfiles((s) => s.profiles)
  const panes = useSessions((s) => s.panes)
  const grid = useBroadcast((s) => s.targets)
  // What the responder typed here, over what the incident remembers (saved by a run or in
  // another window): remembered values show up unless a field is being edited.
  const [edits, setEdits] = useState<Record<string, string>>({})
  const values = { ...remembered, ...edits }
  const parameters = useMemo(() => allParameters(rb), [rb])
  const boxes = useMemo(() => phaseBoxes(rb.document, rb.startedAt), [rb])
  const gridIds = [...grid]
  const ctx: RunContext = {
    mode: selection.mode,
    refs: toRefs(selection, gridIds),
    names: resolveNames(selection, targets, panes, gridIds, awsProfiles),
    values,
    filledValues: () => nonEmpty(values),
    setValue: (name, value) => setEdits({ ...values, [name]: value }),
  }
  const progress = runbookProgress(rb)
  return (
    <article className="rb-runbook" data-testid="runbook-view" data-runbook={rb.summary.id}>
      <header className="rb-runbook-head">
        <h3 className="rb-title" tabIndex={-1}>
          {rb.document.title}
        </h3>
        <span className="rb-version">{t('runbook.version', { version: rb.summary.version })}</span>
        <span className="rb-progress" data-testid="runbook-progress">
          {t('runbook.progress', progress)}
        </span>
      </header>
      {rb.newerVersion ? (
        <p className="rb-hint">
          {t('runbook.newerVersion', { version: rb.newerVersion, current: rb.summary.version })}
        </p>
      ) : null}
      <TargetPicker value={selection} onChange={onSelection} />
      <ParameterForm parameters={parameters} values={values} onChange={setEdits} />
      {rb.document.sections.map((s) => (
        <SectionView key={s.id} rb={rb} section={s} ctx={ctx} boxes={boxes} now={now} />
      ))}
    </article>
  )
}

function nonEmpty(v: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x.trim() !== ''))
}
