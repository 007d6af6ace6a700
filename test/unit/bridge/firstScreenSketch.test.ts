// The first screen's sketch (shared/firstScreenSketch.ts): what it is drawn from, and that no
// text from an event or an incident can ever become markup in the HTML the bridge serves.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { withSketch } from '../../../src/main/core/bridge/firstScreenHtml'
import type { ReplyMessage, TimelineEvent } from '../../../src/shared/contract'
import { firstScreenCallsFor } from '../../../src/shared/earlyCalls'
import {
  ROW_HEIGHT,
  sketchContent,
  sketchHtml,
  sketchTree,
  type SketchContent,
  type SketchElement,
} from '../../../src/shared/firstScreenSketch'
import type { Incident } from '../../../src/shared/incidents'

const incident = (title: string): Incident => ({ id: 'inc-1', title }) as unknown as Incident

function note(
  seq: number,
  text: string,
  actor: string | null = 'alice',
  kind = 'note',
): TimelineEvent {
  return {
    seq,
    uid: `u${seq}`,
    kind,
    at: Date.UTC(2026, 11, 5, 9, 0, seq % 60),
    tz: 'UTC',
    actor,
    payload: { text },
  } as unknown as TimelineEvent
}

const ok = (id: number, result: unknown): ReplyMessage => ({ id, ok: true, result }) as ReplyMessage
const failed = (id: number): ReplyMessage =>
  ({ id, ok: false, error: { code: 'not_found', message: 'gone' } }) as ReplyMessage
const READY = { state: 'ready', path: '/x', schemaVersion: 9, lastBackup: null }

/** Every tag of the HTML, in order: what the browser builds elements from. */
const tags = (html: string): string[] => html.match(/<[^>]*>/g) ?? []

/** The text the browser shows for an escaped text run (the sketch escapes only these). */
const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')

describe('what the sketch is drawn from', () => {
  const latest = firstScreenCallsFor(null)
  const remembered = firstScreenCallsFor('inc-1')

  it('the most recent open incident with its newest page, or the remembered one', () => {
    expect(latest.map((c) => c.method)).toEqual([
      'incidents.latestOpen',
      'app.info',
      'store.status',
    ])
    expect(remembered.map((c) => c.method)).toEqual([
      'timeline.list',
      'incidents.get',
      'app.info',
      'store.status',
    ])
    const events = [note(1, 'first'), note(2, 'second')]
    expect(
      sketchContent(latest, [
        ok(1, { incident: incident('db down'), events }),
        ok(2, {}),
        ok(3, READY),
      ]),
    ).toEqual({ incident: incident('db down'), events })
    expect(
      sketchContent(remembered, [
        ok(1, events),
        ok(2, incident('db down')),
        ok(3, {}),
        ok(4, READY),
      ]),
    ).toEqual({ incident: incident('db down'), events })
  })

  it('nothing when the database is not ready, a read failed, or there is nothing to show', () => {
    const events = [note(1, 'first')]
    const page = ok(1, { incident: incident('x'), events })
    expect(sketchContent(latest, [page, ok(2, {}), ok(3, { state: 'unavailable' })])).toBeNull()
    expect(sketchContent(latest, [page, ok(2, {}), failed(3)])).toBeNull()
    expect(sketchContent(latest, [page, ok(2, {}), null])).toBeNull()
    expect(sketchContent(latest, [ok(1, null), ok(2, {}), ok(3, READY)])).toBeNull()
    expect(
      sketchContent(latest, [
        ok(1, { incident: incident('x'), events: [] }),
        ok(2, {}),
        ok(3, READY),
      ]),
    ).toBeNull()
    // The remembered incident is gone: the app falls back to the latest itself; no sketch.
    expect(sketchContent(remembered, [failed(1), failed(2), ok(3, {}), ok(4, READY)])).toBeNull()
  })
})

describe('the sketch', () => {
  const content = (n: number): SketchContent => ({
    incident: incident('checkout 502s'),
    events: Array.from({ length: n }, (_, i) => note(i + 1, `note ${i + 1}`)),
  })

  it('draws the newest rows, each placed from the list’s bottom edge, newest lowest', () => {
    const html = sketchHtml(sketchTree(content(200), 'en', 40))
    const seqs = [...html.matchAll(/data-seq="(\d+)"/g)].map((m) => Number(m[1]))
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => 161 + i))
    const bottoms = [...html.matchAll(/bottom:(\d+)px/g)].map((m) => Number(m[1]))
    expect(bottoms[0]).toBe(39 * ROW_HEIGHT)
    expect(bottoms.at(-1)).toBe(0)
    expect(html).toContain('data-testid="first-screen-sketch"')
    expect(html).toMatch(
      /^<div class="app" data-testid="first-screen-sketch" aria-hidden="true" inert="">/,
    )
    expect(html).toContain('<h2>Timeline</h2>')
    expect(sketchHtml(sketchTree(content(3), 'ja', 40))).toContain('<h2>タイムライン</h2>')
  })

  it('no title, note, actor or kind can add an element or an attribute (property)', () => {
    const benign = tags(sketchHtml(sketchTree(content(3), 'en', 40)))
    const nasty = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '<img src=x onerror=alert(1)>',
        '"><script>alert(1)</script>',
        "' onmouseover='alert(1)",
        '</textarea><script>alert(2)</script>',
        '<!-- x --><![CDATA[',
        '&lt;already escaped&gt; &amp;',
        "$& $` $' $$",
      ),
    )
    fc.assert(
      fc.property(nasty, nasty, nasty, nasty, (title, text, actor, kind) => {
        const events = [note(1, 'a'), note(2, text, actor, kind), note(3, 'c')]
        const html = sketchHtml(sketchTree({ incident: incident(title), events }, 'en', 40))
        // The same elements with the same attribute names, whatever the data.
        const shape = (t: string): string => t.replace(/="[^"]*"/g, '=""')
        expect(tags(html).map(shape)).toEqual(benign.map(shape))
        // And the title reads back as it was written.
        const shown = /<span class="incident-title">([^<]*)<\/span>/.exec(html)?.[1] ?? null
        expect(shown === null ? null : unescape(shown)).toBe(title)
      }),
      { numRuns: 300 },
    )
  })

  it('refuses a tag or attribute name that is not a plain name', () => {
    const bad =
      (el: SketchElement): (() => string) =>
      () =>
        sketchHtml(el)
    expect(bad({ tag: 'img src=x', attrs: {}, children: [] })).toThrow(/tag name/)
    expect(bad({ tag: 'div', attrs: { 'onclick="x"': '' }, children: [] })).toThrow(/attribute/)
  })

  it('goes into the page’s root element, taken literally (no $& patterns)', () => {
    const page = '<!doctype html><body><div id="root"></div><script src="x.js"></script></body>'
    expect(withSketch(page, "<p>$&amp; $` $'</p>")).toBe(
      '<!doctype html><body><div id="root"><p>$&amp; $` $\'</p></div><script src="x.js"></script></body>',
    )
    expect(withSketch(page, '')).toBe(page)
    expect(withSketch('<body></body>', '<p>x</p>')).toBe('<body></body>')
  })
})
