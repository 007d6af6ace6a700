// The outbox against a real HTTP receiver on loopback: a receiver that fails twice gets one
// delivery and the timeline shows both retries; a receiver that is down for a while gets the
// message when it is back; a refusal (404) fails at once with its reason; a 429's Retry-After
// is waited for. Timing is shortened (backoff 100 ms … 400 ms) so this runs in seconds.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import type { TimelineEvent } from '../../../src/shared/contract'
import { describeEvent } from '../../../src/shared/eventText'
import { tempDir } from '../../helpers/tempDir'
import { until } from '../../helpers/until'
import { Receiver } from './receiver'

let core: Core
let receiver: Receiver

function startCore(dataDir = tempDir()): Core {
  const c = new Core({
    dataDir,
    shell: 'headless',
    version: 't',
    backupIntervalMs: 0,
    userKnownHosts: join(dataDir, 'none'),
    notifyTiming: { backoff: { baseMs: 100, maxMs: 400 }, timeoutMs: 2_000, giveUpMs: 30_000 },
  })
  c.start()
  return c
}

beforeEach(async () => {
  receiver = new Receiver()
  await receiver.start()
  core = startCore()
})

afterEach(async () => {
  await core.notify().close()
  core.close()
  await receiver.stop()
})

function declare(): string {
  return core.incidents().incidents.declare({
    title: 'Checkout 5xx',
    severity: 'P2',
    services: ['checkout'],
    impactScope: 'core',
    detection: 'monitoring-alert',
    actor: 'aiko',
  }).id
}

function post(incidentId: string, text: string): TimelineEvent {
  return core.incidents().incidents.postStatusUpdate(incidentId, {
    template: 'progress',
    lang: 'en',
    text,
    actor: 'aiko',
  })
}

const deliveryLines = (incidentId: string): string[] =>
  core
    .incidents()
    .timeline(incidentId, { limit: 500 })
    .filter((e) => e.kind === 'notify.delivery')
    .map((e) => describeEvent(e, { lang: 'en' }).summary)

describe('chat notifications through the outbox', () => {
  it('500, 500, then 200: one delivery, and the timeline shows both retries', async () => {
    const ch = core.notify().addChannel({
      name: '#inc-checkout',
      type: 'generic',
      url: receiver.url,
      lang: 'en',
      kinds: ['status_update'],
    })
    expect(ch.host).toBe(`127.0.0.1:${receiver.port}`)
    expect(JSON.stringify(ch)).not.toContain('s3cr3t')
    const incidentId = declare() // not a kind this channel wants
    receiver.script = [500, 500]
    const update = post(incidentId, 'Checkout recovering after the pool resize')
    const [d] = await until(() => {
      const list = core.notify().deliveries(incidentId)
      return list[0]?.state === 'sent' && list
    }, 'the delivery to be sent')
    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200])
    expect(receiver.delivered).toHaveLength(1)
    // Every try carried the same idempotency key: the event and the channel.
    const keys = new Set(receiver.received.map((r) => r.headers['idempotency-key']))
    expect([...keys]).toEqual([`${update.uid}/${ch.id}`])
    const body = JSON.parse(receiver.delivered[0]?.body ?? '{}') as Record<string, unknown>
    expect(body).toMatchObject({ source: 'sitrep', kind: 'status_update', eventUid: update.uid })
    expect(body.text).toBe('Checkout recovering after the pool resize')
    expect(d).toMatchObject({ attempts: 3, reason: null, channelName: '#inc-checkout' })
    await until(() => deliveryLines(incidentId).length === 4, 'four delivery lines')
    expect(deliveryLines(incidentId)).toEqual([
      'Status update to webhook #inc-checkout: queued',
      expect.stringMatching(
        /^Status update to webhook #inc-checkout: try 1 failed \(HTTP 500 boom\); next try in \d+ s$/,
      ),
      expect.stringMatching(/: try 2 failed \(HTTP 500 boom\); next try in \d+ s$/),
      'Status update to webhook #inc-checkout: sent (try 3)',
    ])
    // A second pass sends nothing again.
    await core.notify().flush()
    expect(receiver.received).toHaveLength(3)
  })

  it('receiver down for a while: the message waits, retries, and is delivered on return', async () => {
    core.notify().addChannel({
      name: 'ops relay',
      type: 'slack',
      url: receiver.url,
      lang: 'ja',
      kinds: ['declared', 'status_update'],
    })
    await receiver.stop()
    const incidentId = declare()
    const waiting = await until(() => {
      const d = core.notify().deliveries(incidentId)[0]
      return d && d.state === 'retrying' && d.attempts >= 3 && d
    }, 'three refused tries')
    expect(waiting.reason).toBe('connection refused')
    // Meanwhile a status update queues behind the declaration (same channel, in order).
    post(incidentId, '【インシデント報告】 調査中')
    await receiver.start() // the same port: the saved URL works again
    await until(
      () =>
        core
          .notify()
          .deliveries(incidentId)
          .every((d) => d.state === 'sent') && true,
      'both delivered',
    )
    expect(receiver.delivered).toHaveLength(2)
    const [first, second] = receiver.delivered.map(
      (r) => JSON.parse(r.body) as { text: string; blocks: unknown[] },
    )
    expect(first?.text).toMatch(/^\*?【P2インシデント発生】 Checkout 5xx/)
    expect(second?.text).toContain('【インシデント報告】 調査中')
    expect(
      deliveryLines(incidentId).some((l) => /try 1 failed \(connection refused\)/.test(l)),
    ).toBe(true)
  })

  it('a 404 fails at once with its reason; a 429 waits for its Retry-After', async () => {
    const gone = core.notify().addChannel({
      name: 'old channel',
      type: 'teams',
      url: receiver.url,
      lang: 'en',
      kinds: ['declared'],
    })
    receiver.script = [404]
    const incidentId = declare()
    await until(
      () => core.notify().deliveries(incidentId)[0]?.state === 'failed',
      'the delivery to fail',
    )
    expect(core.notify().deliveries(incidentId)[0]?.reason).toBe('HTTP 404 boom')
    expect(deliveryLines(incidentId)).toContain(
      'Declaration to Teams old channel: failed (HTTP 404 boom)',
    )
    core.notify().removeChannel(gone.id)

    core.notify().addChannel({
      name: 'rate limited',
      type: 'teams-legacy',
      url: receiver.url,
      lang: 'en',
      kinds: ['status_update'],
    })
    receiver.script = [429]
    receiver.headers[429] = { 'retry-after': '1' }
    post(incidentId, 'still degraded')
    await until(() => receiver.delivered.length === 1, 'the delivery after Retry-After')
    const [limited, ok] = receiver.received.slice(-2)
    expect(limited?.status).toBe(429)
    // Backoff alone would have come back within 100 ms; Retry-After said 1 s.
    expect((ok?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950)
    expect(core.notify().deliveries(incidentId).at(-1)).toMatchObject({
      state: 'sent',
      attempts: 2,
    })
    expect(JSON.parse(ok?.body ?? '{}')).toMatchObject({
      '@type': 'MessageCard',
      summary: '[Incident status update] P2 Checkout 5xx',
      text: 'still degraded',
    })
  })

  it('without a channel the outbox writes nothing; the first channel starts from now', async () => {
    const db = core.data.require().db
    const mark = (): string | undefined =>
      (
        db.prepare(`SELECT value FROM settings WHERE key = 'notify.ownThrough'`).get() as
          { value: string } | undefined
      )?.value
    const before = mark()
    const incidentId = declare()
    post(incidentId, 'written before any channel')
    await core.notify().flush()
    expect(mark()).toBe(before) // no write per append while there is nothing to send
    core.notify().addChannel({
      name: 'late channel',
      type: 'generic',
      url: receiver.url,
      lang: 'en',
      kinds: ['status_update', 'declared'],
    })
    const newest = db.prepare('SELECT max(id) AS n FROM timeline_events').get() as { n: number }
    expect(Number(mark())).toBe(newest.n)
    post(incidentId, 'written after the channel')
    await until(() => receiver.delivered.length === 1, 'the later update sent')
    await core.notify().flush()
    expect(receiver.received).toHaveLength(1)
    expect(receiver.delivered[0]?.body).toContain('written after the channel')
  })
})
