// An incident written straight into a data folder's store before the headless core starts, as a
// long-running incident would be found on a responder's laptop: its row and its declaration.
import { createIncidentRow } from '../../src/main/core/store/incidentRows'
import type { DataDir } from '../../src/main/core/store/store'

type Store = ReturnType<DataDir['require']>

/** Declares `title` at `at` (ms); returns the incident's id for the events that follow. */
export function plantDeclared(
  store: Store,
  title: string,
  at: number,
  how: { severity: string; services: string[]; impactScope: string; detection: string },
): string {
  const id = createIncidentRow(store.db, { title, severity: how.severity, at })
  store.timeline.append(id, {
    kind: 'incident.declared',
    at,
    payload: {
      title,
      severity: how.severity,
      scheme: 'default',
      services: how.services,
      impactScope: how.impactScope,
      detection: how.detection,
      description: '',
      declaredAt: at,
      occurredAt: null,
      detectedAt: at,
      backdated: { occurredAt: false, detectedAt: false },
      commander: null,
    },
  })
  return id
}
