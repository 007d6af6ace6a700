// The bridge writes the first screen's sketch into the page's HTML (issue #20, first paint): the
// incident and language the page remembers, the newest rows, every text escaped; nothing for a
// request the bridge does not serve, nothing when there is nothing to show.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SKETCH_ROWS } from '../../../src/main/core/bridge/firstScreenHtml'
import type { Bridge } from '../../../src/main/core/bridge/server'
import type { Core } from '../../../src/main/core/core'
import {
  askBridge,
  declareIncident,
  startTestBridge,
  type BridgeAnswer,
} from '../../helpers/bridge'

let core: Core
let bridge: Bridge
let session = ''
let stop: () => Promise<void>

const PAGE =
  '<!doctype html><html><body><div id="root"></div><script type="module" src="./a.js"></script></body></html>'
const HOSTILE = `<img src=x onerror="alert(1)"></textarea><script>alert(2)</script> $& $'`

const declare = (title: string) => declareIncident(core, title)

const get = (headers: Record<string, string>, path = '/'): Promise<BridgeAnswer> =>
  askBridge(bridge, 'GET', path, headers)

const withCookies = (...more: string[]): Record<string, string> => ({
  cookie: [session, ...more].join('; '),
})
const rows = (html: string): number[] =>
  [...html.matchAll(/data-testid="timeline-row"[^>]*data-seq="(\d+)"/g)].map((m) => Number(m[1]))
const title = (html: string): string | null =>
  /<span class="incident-title">([^<]*)<\/span>/.exec(html)?.[1] ?? null

beforeAll(async () => {
  let dir: string
  ;({ core, bridge, stop, dir } = await startTestBridge({ prefix: 'sitrep-sketch-' }))
  writeFileSync(join(dir, 'index.html'), PAGE)
  const first = await get({}, `/?token=${bridge.token}`)
  session = String(first.headers['set-cookie']).split(';')[0] ?? ''
  // No incident yet: the page as built.
  expect(first.status).toBe(200)
  expect(first.body).toBe(PAGE)
})

afterAll(async () => {
  await stop()
})

describe('the first screen sketch in the page', () => {
  let older = ''
  let newer = ''

  beforeAll(() => {
    older = declare(`older ${HOSTILE}`).id
    core.incidents().addNote(older, { text: HOSTILE, actor: `eve ${HOSTILE}` })
    newer = declare('checkout 502s').id
    for (let i = 0; i < 60; i++)
      core.incidents().addNote(newer, { text: `note ${i}`, actor: 'bob' })
  })

  it('the most recent open incident, its newest rows, newest last', async () => {
    const page = await get(withCookies())
    expect(page.status).toBe(200)
    expect(page.body).toContain('data-testid="first-screen-sketch"')
    expect(title(page.body)).toBe('checkout 502s')
    const seqs = rows(page.body)
    expect(seqs).toHaveLength(SKETCH_ROWS)
    const newest = core.incidents().latestOpen(1)?.events.at(-1)?.seq
    expect(newest).toBeGreaterThan(60)
    expect(seqs.at(-1)).toBe(newest)
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
    expect(page.body).toContain('note 59')
    // Only inside the root element; the rest of the page as built.
    expect(page.body.startsWith('<!doctype html><html><body><div id="root"><div class="app"')).toBe(
      true,
    )
    expect(
      page.body.endsWith('</div><script type="module" src="./a.js"></script></body></html>'),
    ).toBe(true)
    expect(page.headers['cache-control']).toBe('no-store')
  })

  it('the incident the page remembers, with hostile text as text only', async () => {
    const page = await get(withCookies(`sitrep.activeIncident=${encodeURIComponent(older)}`))
    expect(title(page.body)).toBe(
      'older &lt;img src=x onerror="alert(1)"&gt;&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt; $&amp; $\'',
    )
    // The page's own script is the only one; no element came from the text.
    expect(page.body.match(/<script/g)).toHaveLength(1)
    expect(page.body).not.toContain('<img')
    expect(page.body.match(/<textarea/g)).toHaveLength(1)
    expect(page.body).toContain('<span class="tl-summary">&lt;img src=x onerror="alert(1)"&gt;')
    expect(page.body).toContain('eve &lt;img')
  })

  it('in the language the page remembers, else the browser’s first', async () => {
    const ja = await get(withCookies('sitrep.locale=ja'))
    expect(ja.body).toContain('<h2>タイムライン</h2>')
    const byBrowser = await get({ ...withCookies(), 'accept-language': 'ja-JP,en;q=0.8' })
    expect(byBrowser.body).toContain('<h2>タイムライン</h2>')
    const saidEnglish = await get({
      ...withCookies('sitrep.locale=en'),
      'accept-language': 'ja-JP',
    })
    expect(saidEnglish.body).toContain('<h2>Timeline</h2>')
  })

  it('no sketch for a remembered incident that is not there or not an id; the page still loads', async () => {
    for (const value of ['00000000-0000-4000-8000-000000000000', 'x'.repeat(5000), '"><b>']) {
      const page = await get(withCookies(`sitrep.activeIncident=${value}`))
      expect(page.status).toBe(200)
      expect(page.body, value.slice(0, 40)).toBe(PAGE)
    }
  })

  it('a cookie that does not decode counts as none: the most recent open incident', async () => {
    const page = await get(withCookies('sitrep.activeIncident=%zz'))
    expect(title(page.body)).toBe('checkout 502s')
  })

  it('nothing for a request without the session or the token', async () => {
    const page = await get({ cookie: `sitrep.activeIncident=${older}` })
    expect(page.status).toBe(403)
    expect(page.body).not.toContain('older')
    expect(page.body).not.toContain('first-screen-sketch')
  })

  it('a resolved incident is not sketched unless remembered', async () => {
    core.incidents().changeStatus(newer, { status: 'resolved', actor: 'test' })
    const latest = await get(withCookies())
    // The most recent open one is now the older incident.
    expect(title(latest.body)).toMatch(/^older /)
  })
})
