// The first screen's sketch (issue #20, first paint): the newest rows of the incident a window
// opens on, with the header's first row and the note box under them, drawn before the app's code
// has loaded and replaced whole by the app's first render (React empties #root when it commits
// there). One description, two outputs:
//
// - in a browser the bridge writes it into the page's HTML (core/bridge/firstScreenHtml.ts), so
//   the rows are painted as the HTML is, with no script run and no round trip first;
// - in the app the entry draws it as DOM from the preload's answers (renderer
//   features/first-screen/sketch.ts), before the ~550 KB of React and the stores have run.
//
// It uses the app's own classes, row height and note box, so the list's bottom edge, where the
// newest rows stick, is where the app's will be: the rows do not move when the app takes over.
// It is a picture: inert (no click, no focus) and hidden from screen readers.
//
// Its text comes from events and the incident, so from hosts, runbooks and other laptops: in the
// HTML every text and attribute value is escaped (sketchHtml); as DOM it goes in as text nodes.
import type { ReplyMessage, StoreStatus, TimelineEvent } from './contract'
import { describeEvent } from './eventText'
import type { Incident, Lang } from './incidents'
import type { LatestOpenIncident } from './incidentSchemas'

/** A timeline row's height in pixels: the app's windowed list places rows by it. */
export const ROW_HEIGHT = 46

/** The class a row carries for its kind (colours per kind in timeline.css). */
export function kindClass(kind: string): string {
  return `kind-${kind.replace(/[^a-z0-9]+/gi, '-')}`
}

const timeFormat = new Map<string, Intl.DateTimeFormat>()

/** A row's time of day, in the responder's own time zone, whatever zone recorded the event. */
export function clock(lang: string, ms: number): string {
  let f = timeFormat.get(lang)
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
    timeFormat.set(lang, f)
  }
  return f.format(ms)
}

/** The sketch's words; the app's dictionaries (renderer i18n en.ts, ja.ts) include them. */
export const FIRST_SCREEN_STRINGS = {
  en: {
    'app.name': 'Sitrep',
    'timeline.title': 'Timeline',
    'timeline.note.placeholder': 'Add a note (Markdown). Ctrl+Enter to add',
    'timeline.note.add': 'Add note',
    'timeline.note.pin': 'Pin it',
  },
  ja: {
    'app.name': 'Sitrep',
    'timeline.title': 'タイムライン',
    'timeline.note.placeholder': 'メモを追加（Markdown）。Ctrl+Enter で追加',
    'timeline.note.add': 'メモを追加',
    'timeline.note.pin': 'ピン留めする',
  },
} as const satisfies Record<Lang, Record<string, string>>

/** What the sketch shows. */
export interface SketchContent {
  incident: Incident
  /** The newest events, oldest first, as timeline.list and incidents.latestOpen give them. */
  events: TimelineEvent[]
}

/**
 * The content from the first screen's calls and their replies (same order); null when a reply
 * needed failed, the database is not ready, or there is no event to show: then no sketch, and
 * the app's own waiting screen shows as it would without one.
 */
export function sketchContent(
  calls: readonly { method: string }[],
  replies: readonly (ReplyMessage | null)[],
): SketchContent | null {
  const result = (method: string): unknown => {
    const i = calls.findIndex((c) => c.method === method)
    const r = i < 0 ? null : replies[i]
    return r && r.ok ? r.result : undefined
  }
  const status = result('store.status') as StoreStatus | undefined
  if (status?.state !== 'ready') return null
  const latest = result('incidents.latestOpen') as LatestOpenIncident | null | undefined
  const incident = latest ? latest.incident : (result('incidents.get') as Incident | undefined)
  const events = latest ? latest.events : (result('timeline.list') as TimelineEvent[] | undefined)
  if (!incident || typeof incident.title !== 'string') return null
  if (!Array.isArray(events) || events.length === 0) return null
  return { incident, events }
}

/** An element of the sketch: tag and attribute names are this file's own, never data. */
export interface SketchElement {
  tag: string
  attrs: Record<string, string>
  children: (SketchElement | string)[]
}

function h(
  tag: string,
  attrs: Record<string, string>,
  ...children: (SketchElement | string)[]
): SketchElement {
  return { tag, attrs, children }
}

/** One row, as the app's timeline draws it (without the badges and tooltips the app adds). */
function row(lang: Lang, e: TimelineEvent, seqOf: (uid: string) => number | null): SketchElement {
  const d = describeEvent(e, { lang, seqOf })
  return h(
    'button',
    {
      type: 'button',
      class: `tl-row ${kindClass(e.kind)}`,
      tabindex: '-1',
      'data-testid': 'timeline-row',
      'data-kind': e.kind,
      'data-seq': String(e.seq),
    },
    h(
      'span',
      { class: 'tl-meta' },
      h('time', { datetime: new Date(e.at).toISOString() }, clock(lang, e.at)),
      h('span', { class: 'tl-kind' }, d.label),
      h('span', { class: 'tl-actor' }, e.actor ?? ''),
    ),
    h('span', { class: 'tl-summary' }, d.summary),
  )
}

/**
 * The sketch: the header's first row (the app's name, the incident's title) and the timeline
 * column with its newest `rows` rows and the note box. Rows are placed from the list's bottom
 * edge, stuck there as the app's list is, without a scroll (which needs a layout first): rows
 * that do not fit are cut at the top.
 */
export function sketchTree(content: SketchContent, lang: Lang, rows: number): SketchElement {
  const t = FIRST_SCREEN_STRINGS[lang]
  const { incident, events } = content
  const shown = events.slice(-Math.max(1, rows))
  const seqByUid = new Map(events.map((e) => [e.uid, e.seq]))
  const seqOf = (uid: string): number | null => seqByUid.get(uid) ?? null
  const slots = shown.map((e, i) =>
    h(
      'div',
      {
        class: 'vrow',
        style: `bottom:${(shown.length - 1 - i) * ROW_HEIGHT}px;height:${ROW_HEIGHT}px`,
      },
      row(lang, e, seqOf),
    ),
  )
  return h(
    'div',
    { class: 'app', 'data-testid': 'first-screen-sketch', 'aria-hidden': 'true', inert: '' },
    h(
      'header',
      { class: 'incident-header' },
      h(
        'div',
        { class: 'header-row' },
        h('h1', { class: 'brand' }, t['app.name']),
        h(
          'div',
          { class: 'incident-slot' },
          h('span', { class: 'incident-title' }, incident.title),
        ),
      ),
    ),
    h(
      'main',
      { class: 'war-room' },
      h(
        'section',
        { class: 'area timeline-area' },
        h('header', { class: 'area-header' }, h('h2', {}, t['timeline.title'])),
        h(
          'div',
          { class: 'tl-body' },
          h(
            'div',
            { class: 'vrows' },
            h('div', { class: 'vrows-spacer', style: 'height:100%' }, ...slots),
          ),
          // The note box's place, so the list ends where the app's does.
          h(
            'div',
            { class: 'note-composer' },
            h('textarea', { rows: '3', placeholder: t['timeline.note.placeholder'], disabled: '' }),
            h(
              'div',
              { class: 'note-actions' },
              h(
                'label',
                {},
                h('input', { type: 'checkbox', disabled: '' }),
                t['timeline.note.pin'],
              ),
              h(
                'button',
                { type: 'button', class: 'inc-btn primary', disabled: '' },
                t['timeline.note.add'],
              ),
            ),
          ),
        ),
      ),
    ),
  )
}

const NAME = /^[a-z][a-z0-9-]*$/
/** Elements without content or end tag. */
const VOID = new Set(['input'])

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/**
 * The sketch as HTML. Every text and attribute value is escaped; a tag or attribute name that is
 * not a plain lower-case name throws (they come from this file, never from data).
 */
export function sketchHtml(node: SketchElement): string {
  if (!NAME.test(node.tag)) throw new Error(`Not a tag name: ${node.tag}`)
  let out = `<${node.tag}`
  for (const [k, v] of Object.entries(node.attrs)) {
    if (!NAME.test(k)) throw new Error(`Not an attribute name: ${k}`)
    out += ` ${k}="${escapeAttr(v)}"`
  }
  out += '>'
  if (VOID.has(node.tag)) return out
  // A textarea's content is its text: escaped like any other, though it has none here.
  for (const c of node.children) out += typeof c === 'string' ? escapeText(c) : sketchHtml(c)
  return `${out}</${node.tag}>`
}
