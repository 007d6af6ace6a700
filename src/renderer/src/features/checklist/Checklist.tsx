// The runbook checklist column: pick and start runbooks for the active incident, import new
// ones, and work through phases and steps, running commands on chosen targets. The column
// widens while a runbook is open so results can stand side by side.
import { useEffect, useMemo, useState } from 'react'
import { useLocale } from '../../i18n/locale'
import { useCommand, useFamily, type FamilyEntry } from '../../stores/commandsStore'
import { reportError } from '../../stores/toastStore'
import { useTargets } from '../../stores/targetsStore'
import { useT } from '../../i18n/useT'
import { useIncidents } from '../../stores/incidentsStore'
import { useRunbooks } from '../../stores/runbooksStore'
import { Area } from '../../ui/Area'
import { ImportPanel } from './ImportPanel'
import { RunbookPicker } from './RunbookPicker'
import { RunbookView } from './RunbookView'
import { emptySelection, type TargetSelection } from './targetSelection'

/**
 * "Run the next step": the Run button of the first unticked step that has one, pressed as a
 * click would (the same missing-value hint, the same confirmation dialog).
 */
function runNextStep(): boolean {
  const area = document.querySelector('[data-testid="checklist"]')
  for (const step of area?.querySelectorAll('[data-testid="runbook-step"][data-checked="false"]') ??
    []) {
    const run = step.querySelector<HTMLButtonElement>('[data-testid="runbook-run"]:not([disabled])')
    if (!run) continue
    run.scrollIntoView({ block: 'nearest' })
    run.focus()
    run.click()
    return true
  }
  return false
}
import './checklist.css'

export function Checklist(): React.JSX.Element {
  const t = useT()
  const incidentId = useIncidents((s) => s.activeId)
  const checklist = useRunbooks((s) => s.checklist)
  const [importing, setImporting] = useState(false)
  const [selection, setSelection] = useState<TargetSelection>(emptySelection)
  const runbooks = useMemo(
    () => (checklist && checklist.incidentId === incidentId ? checklist.runbooks : []),
    [checklist, incidentId],
  )

  // The palette's runbook actions. Running on a tag picks that tag as the only target, then
  // presses Run once the picker shows it (an effect: after React drew the new selection).
  const [runRequest, setRunRequest] = useState(0)
  useEffect(() => {
    if (runRequest > 0) runNextStep()
  }, [runRequest])
  const hasRunbook = (): boolean => runbooks.length > 0
  useCommand('runbook.runNext', () => void runNextStep(), hasRunbook)
  const locale = useLocale((s) => s.locale)
  const library = useRunbooks((s) => s.library)
  const targets = useTargets((s) => s.targets)
  const entries = useMemo<FamilyEntry[]>(() => {
    if (!incidentId) return []
    const started = new Set(runbooks.map((r) => r.summary.id))
    const starts: FamilyEntry[] = library
      .filter((r) => !started.has(r.id))
      // The responder's language first; the other language's runbooks are there by name too.
      .sort((a, b) => Number(b.lang === locale) - Number(a.lang === locale))
      .map((r) => ({
        family: 'runbook.start',
        key: r.id,
        vars: { name: `${r.title} [${r.lang}]` },
        run: async () =>
          void (await useRunbooks
            .getState()
            .start(r.id)
            .then(() =>
              requestAnimationFrame(() =>
                document
                  .querySelector<HTMLElement>(`[data-runbook="${CSS.escape(r.id)}"] .rb-title`)
                  ?.focus(),
              ),
            )
            .catch((err: unknown) => reportError('palette.runbookFailed', err))),
      }))
    const tags = [...new Set(targets.flatMap((x) => x.tags))].sort()
    const onTag: FamilyEntry[] =
      runbooks.length === 0
        ? []
        : tags.map((tag) => ({
            family: 'runbook.runOnTag',
            key: tag,
            vars: { name: tag },
            run: () => {
              setSelection({ ...emptySelection, tags: [tag] })
              setRunRequest((n) => n + 1)
            },
          }))
    return [...starts, ...onTag]
  }, [incidentId, library, runbooks, targets, locale])
  useFamily('checklist', entries)
  return (
    <Area
      testId="checklist"
      title={t('checklist.title')}
      className={`checklist-area rb-area ${runbooks.length > 0 ? 'rb-wide' : ''}`}
    >
      {incidentId ? (
        <>
          <RunbookPicker onImport={() => setImporting(!importing)} />
          {importing ? <ImportPanel onClose={() => setImporting(false)} /> : null}
          {runbooks.length === 0 ? <p className="empty-state">{t('checklist.empty')}</p> : null}
          {runbooks.map((rb) => (
            <RunbookView
              key={rb.summary.id}
              rb={rb}
              remembered={checklist?.parameters ?? {}}
              selection={selection}
              onSelection={setSelection}
            />
          ))}
        </>
      ) : (
        <p className="empty-state">{t('runbook.noIncident')}</p>
      )}
    </Area>
  )
}
