// What the first screen reads, named once for the entry chunk (main.tsx), which asks for it
// before the app's code has loaded (bridge/earlyCalls.ts, "early calls"), and for the stores,
// whose first calls are then answered by those replies. The list itself is shared with the
// bridge, which asks the same for the page's HTML (shared/earlyCalls.ts).
import {
  ACTIVE_INCIDENT_COOKIE,
  firstScreenCallsFor,
  LOCALE_COOKIE,
  type FirstCall,
} from '../../../shared/earlyCalls'
import { LOCALE_KEY } from '../i18n/savedLocale'
import { readStored, writeStored } from './stored'

export { NEWEST_PAGE, type FirstCall } from '../../../shared/earlyCalls'

/** Where the incident the window showed last is remembered across reloads. */
export const ACTIVE_INCIDENT_KEY = 'sitrep.activeIncident'

/**
 * In a browser, a cookie of the same meaning as a localStorage value the first screen depends
 * on, for the bridge's sketch in the HTML (the app has no bridge: no cookie).
 */
function keepCookie(cookie: string, value: string | null): void {
  if (window.sitrep) return
  document.cookie =
    value === null
      ? `${cookie}=; Path=/; SameSite=Strict; Max-Age=0`
      : `${cookie}=${encodeURIComponent(value)}; Path=/; SameSite=Strict; Max-Age=31536000`
}

/** A value the first screen depends on: kept in localStorage and, in a browser, its cookie. */
export function rememberForFirstScreen(
  storageKey: string,
  cookie: string,
  value: string | null,
): void {
  writeStored(storageKey, value)
  keepCookie(cookie, value)
}

/** The incident the window showed last, for the stores and the first calls. */
export function rememberActiveIncident(id: string | null): void {
  rememberForFirstScreen(ACTIVE_INCIDENT_KEY, ACTIVE_INCIDENT_COOKIE, id)
}

/**
 * The cookies again from localStorage, at each load in a browser: a page from before they
 * existed, or whose cookies were cleared, gets its sketch in the HTML from the next load on.
 */
export function keepFirstScreenCookies(): void {
  keepCookie(ACTIVE_INCIDENT_COOKIE, readStored(ACTIVE_INCIDENT_KEY))
  const locale = readStored(LOCALE_KEY)
  if (locale) keepCookie(LOCALE_COOKIE, locale)
}

/** The first screen's calls, for what this page remembers. */
export function firstScreenCalls(): FirstCall[] {
  return firstScreenCallsFor(readStored(ACTIVE_INCIDENT_KEY))
}

/** One call's identity: the method and its parameters (their keys in one order). */
export function callKey(method: string, params: unknown): string {
  const p = Object.entries((params ?? {}) as Record<string, unknown>)
  return `${method} ${JSON.stringify(Object.fromEntries(p.sort(([a], [b]) => (a < b ? -1 : 1))))}`
}
