// Deploys and the rollback rule (seed 004) in the page: the rule's suggestions as they land on a
// timeline (`rollback.suggested`, written by core's rollback watcher) become loud alerts in the
// header until dismissed, and "Mark deploy" writes a deploy on the active incident.
import { create } from 'zustand'
import type { TimelineEvent } from '../../../shared/contract'
import { api } from '../api'
import { useIncidents } from './incidentsStore'

export interface RollbackAlert {
  /** The suggestion's event uid: one alert per (incident, rule, deploy). */
  key: string
  incidentId: string
  event: TimelineEvent
  runbook: string
  step: string
}

interface RollbackState {
  alerts: RollbackAlert[]
  /** Whether the Mark deploy form is open (the header button or the palette). */
  marking: boolean
  setMarking(open: boolean): void
  markDeploy(version: string): Promise<TimelineEvent>
  dismiss(key: string): void
  applyAppended(e: TimelineEvent): void
}

const text = (v: unknown, fallback: string): string =>
  typeof v === 'string' && v !== '' ? v : fallback

export const useRollback = create<RollbackState>()((set, get) => ({
  alerts: [],
  marking: false,
  setMarking(open) {
    set({ marking: open })
  },
  async markDeploy(version) {
    const incidentId = useIncidents.getState().activeId
    if (!incidentId) throw new Error('No active incident.')
    const actor = useIncidents.getState().actor.trim()
    const v = version.trim()
    return api.call('incidents.markDeploy', {
      incidentId,
      ...(v ? { version: v } : {}),
      ...(actor ? { actor } : {}),
    })
  },
  dismiss(key) {
    set({ alerts: get().alerts.filter((a) => a.key !== key) })
  },
  applyAppended(e) {
    if (e.kind !== 'rollback.suggested') return
    const alert: RollbackAlert = {
      key: e.uid,
      incidentId: e.incidentId,
      event: e,
      runbook: text(e.payload.runbook, 'after-deploy'),
      step: text(e.payload.step, 'rollout-undo'),
    }
    set({ alerts: [alert, ...get().alerts.filter((a) => a.key !== e.uid)].slice(0, 10) })
  },
}))

let started = false

/** Subscribes once per page (boot.ts): suggestions are heard even before the header mounts. */
export function startRollback(): void {
  if (started) return
  started = true
  api.on('timeline.appended', (e) => useRollback.getState().applyAppended(e))
}
