// A real SQLite file with the incidents domain on it, driven by a fake clock.
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { IncidentsDomain } from '../../../src/main/core/incidents/domain'
import type { DeclareInput } from '../../../src/main/core/incidents/incidentChanges'
import type { Incidents } from '../../../src/main/core/incidents/incidents'
import type { TimerFired } from '../../../src/shared/incidents'
import { openDatabase } from '../../../src/main/core/store/openDatabase'
import { Timeline } from '../../../src/main/core/store/timeline'
import { tempDir } from '../../helpers/tempDir'
import { FakeTime } from './fakeTime'

/** 2024-01-20 14:00 JST. */
export const T0 = Date.UTC(2024, 0, 20, 5, 0)
export const MIN = 60_000

export function declareInput(over: Partial<DeclareInput> = {}): DeclareInput {
  return {
    title: 'API 5xx エラー多発',
    severity: 'P1',
    services: ['api', 'postgres'],
    impactScope: 'core',
    detection: 'monitoring-alert',
    description: 'Grafana alert: 5xx rate above 20 %',
    actor: 'aiko',
    ...over,
  }
}

export interface DomainOnFile {
  db: Database.Database
  timeline: Timeline
  domain: IncidentsDomain
  incidents: Incidents
  /** What the engine's onFired callback received, in order. */
  fired: TimerFired[]
}

export function openDomain(path: string, time: FakeTime, fired: TimerFired[] = []): DomainOnFile {
  const db = openDatabase(path)
  const timeline = new Timeline(db, path, time, 'Asia/Tokyo')
  const domain = new IncidentsDomain(
    { db, path, timeline },
    { clock: time, scheduler: time, timeZone: 'Asia/Tokyo', onFired: (f) => fired.push(f) },
  )
  return { db, timeline, domain, incidents: domain.incidents, fired }
}

export function setup(start = T0): DomainOnFile & { path: string; time: FakeTime } {
  const path = join(tempDir(), 'sitrep.db')
  const time = new FakeTime(start)
  return { path, time, ...openDomain(path, time) }
}
