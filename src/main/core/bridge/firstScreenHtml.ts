// The first screen's sketch written into the page's HTML (issue #20, first paint; what the
// sketch is: shared/firstScreenSketch.ts). A browser paints the newest rows as it parses the
// HTML, before it has fetched or run any of the app's code, and the app's first render replaces
// them with the same rows at the same place.
//
// The bridge asks the same calls as the page will (shared/earlyCalls.ts), for the incident and
// the language the page remembers: the page keeps both in cookies beside its localStorage. A
// cookie is no credential here (the HTML is served only with the token or the session cookie,
// as before): another loopback page can set one, and at worst the sketch shows another incident
// of this database, or none, for the moment before the app's first render.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { ReplyMessage } from '../../../shared/contract'
import {
  ACTIVE_INCIDENT_COOKIE,
  firstScreenCallsFor,
  LOCALE_COOKIE,
} from '../../../shared/earlyCalls'
import { sketchContent, sketchHtml, sketchTree } from '../../../shared/firstScreenSketch'
import type { Lang } from '../../../shared/incidents'
import type { Handlers } from '../rpc/handlerTypes'
import { dispatch } from '../rpc/handlers'
import { cookieToken } from './guard'

/**
 * Rows written: the server does not know the window's height; 40 fill a list 1 840 px tall
 * (a 4K screen at 100 %), and the rows that do not fit are cut at the top.
 */
export const SKETCH_ROWS = 40

/** Where the sketch goes: the page's root element, empty in the built index.html. */
const ROOT = '<div id="root"></div>'

/** The page's language as the page will pick it: its saved choice, else the browser's first. */
export function sketchLang(req: IncomingMessage): Lang {
  const saved = cookieToken(req, LOCALE_COOKIE)
  if (saved === 'en' || saved === 'ja') return saved
  const first = (req.headers['accept-language'] ?? '').split(',')[0] ?? ''
  return first.trim().toLowerCase().startsWith('ja') ? 'ja' : 'en'
}

/**
 * The sketch's HTML for this request, or '' when there is nothing to sketch (no open incident,
 * no events, the database not ready) or a call failed: the page then loads as without one.
 */
export async function firstScreenSketch(handlers: Handlers, req: IncomingMessage): Promise<string> {
  const calls = firstScreenCallsFor(cookieToken(req, ACTIVE_INCIDENT_COOKIE))
  const ctx = { viewer: { id: randomUUID(), sendFrame: () => undefined } }
  const replies: ReplyMessage[] = await Promise.all(
    calls.map((c, i) => dispatch(handlers, i + 1, c.method, c.params, ctx)),
  )
  const content = sketchContent(calls, replies)
  return content ? sketchHtml(sketchTree(content, sketchLang(req), SKETCH_ROWS)) : ''
}

/** index.html with the sketch in its root element (unchanged when there is none). */
export function withSketch(indexHtml: string, sketch: string): string {
  if (!sketch || !indexHtml.includes(ROOT)) return indexHtml
  return indexHtml.replace(ROOT, () => `<div id="root">${sketch}</div>`)
}
