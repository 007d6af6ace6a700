// A 100 000-event timeline opens at its newest events with only the visible rows in the DOM,
// and scrolling up pages older events in from main.
import { DataDir } from '../../src/main/core/store/store'
import { expect, test } from './fixtures'
import { plantDeclared } from './plant'

const EVENTS = 100_000

function plantLongTimeline(dataDir: string): void {
  const dir = new DataDir(dataDir)
  dir.open()
  const store = dir.require()
  const now = Date.now() - 3_600_000
  const id = plantDeclared(store, 'Long timeline', now, {
    severity: 'P3',
    services: ['batch'],
    impactScope: 'auxiliary',
    detection: 'routine-check',
  })
  for (let start = 1; start < EVENTS; start += 10_000) {
    const drafts = []
    for (let i = start; i < Math.min(start + 10_000, EVENTS); i++)
      drafts.push({ kind: 'note', at: now + i, payload: { text: `note ${i}` } })
    store.timeline.appendMany(id, drafts)
  }
  dir.close()
}

test.use({ prepareData: async ({}, use) => use(plantLongTimeline) })
test.skip(
  ({ shell }) => shell !== 'chromium',
  'plants the database before the headless core starts',
)

test('a 100 000-event timeline is windowed and pages older events on scroll', async ({ app }) => {
  const rows = app.getByTestId('timeline-row')
  // Timers overdue since the planted declaration fire at start and append a few events more.
  await expect
    .poll(async () => Number(await rows.last().getAttribute('data-seq')))
    .toBeGreaterThanOrEqual(EVENTS)
  const rendered = await rows.count()
  expect(rendered).toBeGreaterThan(3)
  expect(rendered).toBeLessThan(80)

  const list = app.getByTestId('timeline-list')
  const firstSeq = async (): Promise<number> => Number(await rows.first().getAttribute('data-seq'))
  // Scroll to the top of what is loaded: the page before it comes in and the view stays put.
  await list.evaluate((el) => (el.scrollTop = 0))
  await expect.poll(async () => list.evaluate((el) => el.scrollHeight / 46)).toBeGreaterThan(390)
  // The rows that were on screen stay on screen: the view moved down by the prepended page.
  expect(await list.evaluate((el) => el.scrollTop)).toBeGreaterThan(100 * 46)
  const before = await firstSeq()
  expect(before).toBeGreaterThan(EVENTS - 400)
  expect(await rows.count()).toBeLessThan(80)
})

test('reopened, the newest page is the first call, remembered or not', async ({ app }) => {
  // The app's own list: the first screen's sketch (in the page's HTML) shows the same rows
  // before the app's code has run.
  const rows = app.getByTestId('timeline-list').getByTestId('timeline-row')
  const newest = async (): Promise<number> => Number(await rows.last().getAttribute('data-seq'))
  await expect.poll(newest).toBeGreaterThanOrEqual(EVENTS)
  // What the reloaded page asks for and receives, in order: the first screen's calls, sent by the
  // entry over HTTP (POST /bridge/first), then what goes over its bridge socket (opened from a
  // worker); a socket of the page before still open is not listened to.
  const log: {
    sent?: string
    limit?: number
    before?: number
    answered?: number | string
    id?: number | string
    http?: boolean
    at: number
  }[] = []
  // The app's code (render.js) is held back 1 s at every load: the first screen's calls go out,
  // and are answered, before it has even arrived (the entry sends them at once).
  await app.route(/\/assets\/render-[\w-]+\.js$/, async (route) => {
    await new Promise((r) => setTimeout(r, 1000))
    await route.continue()
  })
  // Went over HTTP, and was answered before the app's code had even arrived: on the page's own
  // clock (resource timing), as Playwright may report a request and its answer late.
  const answeredEarly = async (method: string): Promise<void> => {
    expect(
      log.find((e) => e.sent === method && e.http),
      method,
    ).toBeTruthy()
    const [early, code] = await app.evaluate(() => {
      const end = (re: RegExp): number =>
        (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) =>
          re.test(e.name),
        )?.responseEnd ?? NaN
      return [end(/\/bridge\/first$/), end(/\/assets\/render-[\w-]+\.js$/)]
    })
    expect(early, method).toBeLessThan(code)
  }
  type Call = { id: number; method: string; params?: { limit?: number; beforeSeq?: number } }
  const record = (m: Call, http: boolean): void =>
    void log.push({
      sent: m.method,
      limit: m.params?.limit,
      before: m.params?.beforeSeq,
      id: http ? `http ${m.id}` : m.id,
      http,
      at: Date.now(),
    })
  app.on('request', (req) => {
    if (!req.url().endsWith('/bridge/first')) return
    for (const c of (req.postDataJSON() as { calls: Call[] }).calls) record(c, true)
  })
  app.on('response', (res) => {
    if (!res.url().endsWith('/bridge/first')) return
    void res.json().then((body: { replies: { id: number }[] }) => {
      for (const r of body.replies) log.push({ answered: `http ${r.id}`, at: Date.now() })
    })
  })
  let current: unknown = null
  app.on('websocket', (ws) => {
    current = ws
    ws.on('framesent', (f) => {
      if (ws !== current || typeof f.payload !== 'string') return
      record(JSON.parse(f.payload) as Call, false)
    })
    ws.on('framereceived', (f) => {
      if (ws !== current || typeof f.payload !== 'string') return
      const m = JSON.parse(f.payload) as { id?: number }
      if (m.id !== undefined) log.push({ answered: m.id, at: Date.now() })
    })
  })
  // From here on: the reloaded page's calls, and nothing more the page before still sends.
  log.length = 0
  current = null
  await app.reload()
  await expect.poll(newest).toBeGreaterThanOrEqual(EVENTS)
  // Issue #20: the incident remembered from the last visit is read in the first round, its
  // newest page first of all, before the database status has even answered (it used to wait
  // for that, then for the settings, then for the incident).
  // The first round is one HTTP request (Playwright may report it after the socket's first
  // frames, so its place in the log says nothing; the page sent it before the socket existed).
  const calls = log.filter((e) => e.sent !== undefined && e.http)
  expect(calls.map((c) => c.sent)).toEqual([
    'timeline.list',
    'incidents.get',
    'app.info',
    'store.status',
  ])
  expect(calls[0]).toMatchObject({ limit: 200 })
  // Sent by the entry before the app's code ran; the stores' own first calls are answered by
  // those replies, not sent again.
  const once = (method: string): void =>
    expect(log.filter((e) => e.sent === method && e.before === undefined)).toHaveLength(1)
  for (const method of ['store.status', 'app.info', 'incidents.get']) once(method)
  expect(log.filter((e) => e.sent === 'timeline.list' && e.limit === 200)).toHaveLength(1)
  for (const method of ['timeline.list', 'incidents.get', 'store.status'])
    await answeredEarly(method)
  expect(log.some((e) => e.answered === calls[0]?.id)).toBe(true)
  // The rollback rule's read-back of 500 events is its own read, on the socket, once the first
  // screen is painted (stores/firstPaint.ts).
  await expect.poll(() => log.some((e) => e.limit === 500 && e.http === false)).toBe(true)

  // A first visit, no incident remembered in this browser: one call of the first round, sent
  // before anything was answered, names the most recent open incident and brings its newest
  // page, which is not asked for again (older pages and the read-back of 500 are other reads).
  await app.evaluate(() => localStorage.removeItem('sitrep.activeIncident'))
  // From here on: the reloaded page's calls, and nothing more the page before still sends.
  log.length = 0
  current = null
  await app.reload()
  await expect.poll(newest).toBeGreaterThanOrEqual(EVENTS)
  const latest = log.findIndex((e) => e.sent === 'incidents.latestOpen')
  expect(log[latest]).toMatchObject({ limit: 200, http: true })
  expect(log.filter((e) => e.sent !== undefined && e.http).map((e) => e.sent)).toEqual([
    'incidents.latestOpen',
    'app.info',
    'store.status',
  ])
  expect(log.filter((e) => e.sent === 'incidents.list')).toEqual([])
  for (const method of ['incidents.latestOpen', 'store.status', 'app.info']) once(method)
  for (const method of ['incidents.latestOpen', 'store.status']) await answeredEarly(method)
  expect(
    log.filter((e) => e.sent === 'timeline.list' && e.limit === 200 && e.before === undefined),
  ).toEqual([])
  // And remembered for the next visit.
  expect(await app.evaluate(() => localStorage.getItem('sitrep.activeIncident'))).toMatch(/\S/)
})
