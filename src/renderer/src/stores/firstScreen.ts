// What the first screen reads, named once for the entry chunk (main.tsx), which asks for it
// before the app's code has loaded (bridge/bridgeSocket.ts, "early calls"), and for the stores,
// whose first calls are then answered by those replies. Type imports only: it is part of the
// 4 KB entry.
import type { EarlyMethod } from '../../../shared/earlyCalls'

/** How many of the newest events the timeline reads at once. */
export const NEWEST_PAGE = 200

/** Where the incident the window showed last is remembered across reloads. */
export const ACTIVE_INCIDENT_KEY = 'sitrep.activeIncident'

export interface FirstCall {
  /** The bridge answers exactly these over HTTP (shared/earlyCalls.ts). */
  method: EarlyMethod
  params: Record<string, string | number>
}

/**
 * The calls the stores make first, with the same parameters (timelineStore, incidentsStore,
 * appStore): the remembered incident and its newest page, or the most recent open incident with
 * its page; the app's version and the database status, which the war room waits for.
 */
export function firstScreenCalls(): FirstCall[] {
  let remembered: string | null = null
  try {
    remembered = localStorage.getItem(ACTIVE_INCIDENT_KEY)
  } catch {
    // Storage disabled: nothing is remembered.
  }
  const incident: FirstCall[] = remembered
    ? [
        { method: 'timeline.list', params: { incidentId: remembered, limit: NEWEST_PAGE } },
        { method: 'incidents.get', params: { incidentId: remembered } },
      ]
    : [{ method: 'incidents.latestOpen', params: { limit: NEWEST_PAGE } }]
  return [...incident, { method: 'app.info', params: {} }, { method: 'store.status', params: {} }]
}

/** One call's identity: the method and its parameters (their keys in one order). */
export function callKey(method: string, params: unknown): string {
  const p = Object.entries((params ?? {}) as Record<string, unknown>)
  return `${method} ${JSON.stringify(Object.fromEntries(p.sort(([a], [b]) => (a < b ? -1 : 1))))}`
}
