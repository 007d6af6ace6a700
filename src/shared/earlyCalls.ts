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
