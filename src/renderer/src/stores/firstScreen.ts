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

export { NEWEST_PAGE, type FirstCall } from '../../../shared/earlyCalls'

/** Where the incident the window showed last is remembered across reloads. */
export const ACTIVE_INCIDENT_KEY = 'sitrep.activeIncident'

/**
 * A value the first screen depends on, kept in localStorage and, in a browser, in a cookie of
 * the same meaning for the bridge's sketch in the HTML (the app has no bridge: no cookie).
 */
export function rememberForFirstScreen(
  storageKey: string,
  cookie: string,
  value: string | null,
): void {
  try {
    if (value === null) localStorage.removeItem(storageKey)
    else localStorage.setItem(storageKey, value)
  } catch {
    // Not remembered across reloads; the page still works.
  }
  if (window.sitrep) return
  document.cookie =
    value === null
      ? `${cookie}=; Path=/; SameSite=Strict; Max-Age=0`
      : `${cookie}=${encodeURIComponent(value)}; Path=/; SameSite=Strict; Max-Age=31536000`
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
  const saved = (key: string): string | null => {
    try {
      return localStorage.getItem(key)
    } catch {
      return null
    }
  }
  rememberActiveIncident(saved(ACTIVE_INCIDENT_KEY))
  const locale = saved(LOCALE_KEY)
  if (locale) rememberForFirstScreen(LOCALE_KEY, LOCALE_COOKIE, locale)
}

/** The first screen's calls, for what this page remembers. */
export function firstScreenCalls(): FirstCall[] {
  let remembered: string | null = null
  try {
    remembered = localStorage.getItem(ACTIVE_INCIDENT_KEY)
  } catch {
    // Storage disabled: nothing is remembered.
  }
  return firstScreenCallsFor(remembered)
}

/** One call's identity: the method and its parameters (their keys in one order). */
export function callKey(method: string, params: unknown): string {
  const p = Object.entries((params ?? {}) as Record<string, unknown>)
  return `${method} ${JSON.stringify(Object.fromEntries(p.sort(([a], [b]) => (a < b ? -1 : 1))))}`
}
