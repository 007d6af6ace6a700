// Deploys and the rollback rule (seed 004) in the page: the rule's suggestions as they land on a
// timeline (`rollback.suggested`, written by core's rollback watcher) become loud alerts in the
// header until dismissed, and "Mark deploy" writes a deploy on the active incident. A window
// opened (or reloaded) later, or switched to the incident, shows the suggestions of the last
// hour again from the timeline: the one click must not depend on having watched it happen.
import { create } from 'zustand'
import type { TimelineEvent } from '../../../shared/contract'
import { api } from '../api'
import { afterFirstPaint } from './firstPaint'
import { useIncidents } from './incidentsStore'
import { whenDatabaseReady } from './whenReady'

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
  /** Reads the incident's recent suggestions back from its timeline. */
  restore(incidentId: string): Promise<void>
}

/** How far back a suggestion read from the timeline is still shown. */
const RESTORE_MS = 3_600_000
/** Dismissed in this tab (kept across a reload): not shown again when the timeline is read back. */
const DISMISSED_KEY = 'sitrep.rollback.dismissed'
const dismissed = new Set<string>(readDismissed())

function readDismissed(): string[] {
  try {
    const v = JSON.parse(sessionStorage.getItem(DISMISSED_KEY) ?? '[]') as unknown
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
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
    dismissed.add(key)
    try {
      sessionStorage.setItem(DISMISSED_KEY, JSON.stringify([...dismissed].slice(-50)))
    } catch {
      // Storage refused (private mode, quota): dismissed for this page only.
    }
    set({ alerts: get().alerts.filter((a) => a.key !== key) })
  },
  async restore(incidentId) {
    // 500 events read beside the 200 the first screen shows: they wait until those are painted.
    await afterFirstPaint()
    let events: TimelineEvent[]
    try {
      events = await api.call('timeline.list', { incidentId, limit: 500 })
    } catch {
      return // the alert comes back with the next suggestion; nothing to tell the responder
    }
    const since = Date.now() - RESTORE_MS
    for (const e of events) if (e.at >= since) get().applyAppended(e)
  },
  applyAppended(e) {
    if (e.kind !== 'rollback.suggested' || dismissed.has(e.uid)) return
    if (get().alerts.some((a) => a.key === e.uid)) return
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
  let active: string | null = null
  const follow = (id: string | null): void => {
    if (id === active) return
    active = id
    if (id) void useRollback.getState().restore(id)
  }
  useIncidents.subscribe((s) => follow(s.activeId))
  whenDatabaseReady({
    ready: () => {
      active = null
      follow(useIncidents.getState().activeId)
    },
    // Suggestions written while the page was away from the core.
    reconnected: () => void (active && useRollback.getState().restore(active)),
  })
}
