// "Roll back" in one click: the rollback step of the after-deploy runbook, pressed as the
// checklist's own Run button is pressed, so the same things follow: the missing-value hint, the
// target check and the confirmation dialog (production targets must be named). The runbook is
// started for the incident first when it is not yet, in the responder's language if there is one.
import { useRunbooks } from '../../stores/runbooksStore'

export class RollbackStepMissingError extends Error {}

/** The runbook id (`<lang>/<slug>`) to use for `slug`: one started already, else the library's. */
function pickRunbook(
  slug: string,
  lang: string,
  incidentId: string,
): { id: string; start: boolean } | null {
  const { checklist, library } = useRunbooks.getState()
  const started =
    checklist?.incidentId === incidentId ? checklist.runbooks.map((r) => r.summary.id) : []
  const mine = `${lang}/${slug}`
  const ofSlug = (id: string): boolean => id === slug || id.endsWith(`/${slug}`)
  const running = started.includes(mine) ? mine : started.find(ofSlug)
  if (running) return { id: running, start: false }
  const ids = library.map((r) => r.id)
  const found = ids.includes(mine) ? mine : ids.find(ofSlug)
  return found ? { id: found, start: true } : null
}

/** Resolves with the element once `find` returns one, within `timeoutMs` (the checklist renders). */
function whenShown<T>(find: () => T | null, timeoutMs = 5_000): Promise<T | null> {
  const until = performance.now() + timeoutMs
  return new Promise((resolve) => {
    const look = (): void => {
      const el = find()
      if (el || performance.now() > until) resolve(el)
      else requestAnimationFrame(look)
    }
    look()
  })
}

export async function openRollbackStep(a: {
  incidentId: string
  runbook: string
  step: string
  lang: string
}): Promise<void> {
  const picked = pickRunbook(a.runbook, a.lang, a.incidentId)
  if (!picked) throw new RollbackStepMissingError(`${a.runbook} ${a.step}`)
  if (picked.start) await useRunbooks.getState().start(picked.id)
  const block = await whenShown(() =>
    document.querySelector<HTMLElement>(
      `[data-runbook="${CSS.escape(picked.id)}"] [data-testid="runbook-command"][data-command="${CSS.escape(a.step)}"]`,
    ),
  )
  if (!block) throw new RollbackStepMissingError(`${a.runbook} ${a.step}`)
  block.scrollIntoView({ block: 'center' })
  const run = block.querySelector<HTMLButtonElement>('[data-testid="runbook-run"]')
  if (!run) throw new RollbackStepMissingError(`${a.runbook} ${a.step}`)
  run.focus()
  run.click()
}
