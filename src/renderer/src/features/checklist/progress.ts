// Steps done vs. steps in the runbooks an incident follows (for the header and the checklist).
import type {
  IncidentChecklist,
  IncidentRunbook,
  RunbookSection,
} from '../../../../shared/contract'

function steps(sections: RunbookSection[]): string[] {
  return sections.flatMap((s) => [...s.steps.map((st) => st.id), ...steps(s.children)])
}

export function runbookProgress(rb: IncidentRunbook): { done: number; total: number } {
  const ids = steps(rb.document.sections)
  return { done: ids.filter((id) => rb.ticks[id]?.checked).length, total: ids.length }
}

export function checklistProgress(c: IncidentChecklist | null): { done: number; total: number } {
  let done = 0
  let total = 0
  for (const rb of c?.runbooks ?? []) {
    const p = runbookProgress(rb)
    done += p.done
    total += p.total
  }
  return { done, total }
}
