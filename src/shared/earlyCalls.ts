// The first screen's calls over plain HTTP (issue #20): where the page sends them, the header its
// token goes in, and the only methods answered there. One description for the page that sends
// them (renderer bridge/earlyCalls.ts, stores/firstScreen.ts) and the bridge that answers them
// (main/core/bridge/earlyCalls.ts, which says why they exist). No imports: the entry chunk reads it.

export const EARLY_CALLS_PATH = '/bridge/first'

/** The header the page sends its token in (a custom header also keeps forms from posting here). */
export const EARLY_TOKEN_HEADER = 'x-sitrep-token'

/** The first screen's calls, all of them reads: the only ones answered over HTTP. */
export const EARLY_METHODS = [
  'incidents.latestOpen',
  'timeline.list',
  'incidents.get',
  'app.info',
  'store.status',
] as const

export type EarlyMethod = (typeof EARLY_METHODS)[number]

/** How many of the newest events the timeline reads at once. */
export const NEWEST_PAGE = 200

export interface FirstCall {
  /** The bridge answers exactly these over HTTP. */
  method: EarlyMethod
  params: Record<string, string | number>
}

/**
 * The calls the first screen makes first, with the same parameters as the stores
 * (timelineStore, incidentsStore, appStore): the remembered incident and its newest page, or the
 * most recent open incident with its page; the app's version and the database status, which the
 * war room waits for. The page asks them with what it remembers (renderer stores/firstScreen.ts);
 * the bridge asks the same for the page's HTML (core/bridge/firstScreenHtml.ts).
 */
export function firstScreenCallsFor(remembered: string | null): FirstCall[] {
  const incident: FirstCall[] = remembered
    ? [
        { method: 'timeline.list', params: { incidentId: remembered, limit: NEWEST_PAGE } },
        { method: 'incidents.get', params: { incidentId: remembered } },
      ]
    : [{ method: 'incidents.latestOpen', params: { limit: NEWEST_PAGE } }]
  return [...incident, { method: 'app.info', params: {} }, { method: 'store.status', params: {} }]
}

/**
 * Cookies a page in a browser keeps beside its localStorage, so the bridge writes the sketch of
 * the incident and in the language the page will show (the server cannot read localStorage).
 * Neither is a secret: an incident id and "en" or "ja".
 */
export const ACTIVE_INCIDENT_COOKIE = 'sitrep.activeIncident'
export const LOCALE_COOKIE = 'sitrep.locale'
