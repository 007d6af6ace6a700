// The shape each receiver takes (Slack text + blocks, a Teams Workflows Adaptive Card, a legacy
// MessageCard, Sitrep's generic JSON), the seeds' wording in both languages, the URL check and
// the retry timing. Each assertion names a field a receiver would refuse or misread without it.
import { describe, expect, it } from 'vitest'
import type { TimelineEvent } from '../../../src/shared/contract'
import type { Incident } from '../../../src/shared/incidents'
import { parseRetryAfter, retryDelay } from '../../../src/main/core/notify/backoff'
import {
  genericPayload,
  slackPayload,
  teamsLegacyPayload,
  teamsWorkflowPayload,
} from '../../../src/main/core/notify/payloads'
import { messageFor, notifyKindOf, outageLength } from '../../../src/main/core/notify/templates'
import { parseWebhookUrl, WebhookUrlError } from '../../../src/main/core/notify/webhookUrl'

const T0 = Date.UTC(2026, 11, 4, 5, 0) // 14:00 in Tokyo

function event(kind: string, payload: TimelineEvent['payload'], at = T0): TimelineEvent {
  return {
    uid: 'u-1',
    incidentId: 'i-1',
    seq: 1,
    at,
    recordedAt: at,
    tz: 'Asia/Tokyo',
    kind,
    actor: 'aiko',
    payload,
    amends: null,
    prevHash: '',
    hash: '',
  }
}

const incident = {
  id: 'i-1',
  title: 'Checkout 5xx',
  severity: 'P1',
  status: 'investigating',
  services: ['checkout', 'api'],
  impactScope: 'all',
  description: 'Every checkout returns 502\nmore detail',
  declaredAt: T0,
  declaredBy: 'aiko',
  occurredAt: T0 - 5 * 60_000,
  detectedAt: T0,
  roles: { commander: 'kenji', scribe: null, communications: null },
} as unknown as Incident

describe('templates (seeds 002/003)', () => {
  it('declared reads like the seed: 【P1インシデント発生】, 発生時刻 in JST, 症状, 影響範囲, 対応者', () => {
    const m = messageFor(
      event('incident.declared', { title: 'Checkout 5xx', severity: 'P1' }),
      'declared',
      incident,
      'ja',
    )
    expect(m.title).toBe('【P1インシデント発生】 Checkout 5xx')
    expect(m.facts).toEqual([
      { name: '発生時刻', value: '2026-12-04 13:55 JST' },
      { name: '症状', value: 'Every checkout returns 502' },
      { name: '影響範囲', value: '全サービス (checkout、api)' },
      { name: '対応者', value: 'kenji' },
    ])
    const en = messageFor(event('incident.declared', {}), 'declared', incident, 'en')
    expect(en.title).toBe('[P1 incident declared] Checkout 5xx')
    expect(en.facts.map((f) => f.name)).toEqual(['Occurred at', 'Symptoms', 'Impact', 'Responder'])
  })

  it('resolved: 復旧時刻, 障害時間 X時間Y分, 原因, ポストモーテム実施予定', () => {
    const at = T0 + 65 * 60_000
    const m = messageFor(
      event(
        'incident.status_changed',
        { from: 'monitoring', to: 'resolved', reason: 'pool size' },
        at,
      ),
      'resolved',
      incident,
      'ja',
    )
    expect(m.title).toBe('【インシデント復旧】 Checkout 5xx')
    expect(m.facts).toContainEqual({ name: '障害時間', value: '1時間10分' })
    expect(m.facts).toContainEqual({ name: '原因', value: 'pool size' })
    expect(m.facts).toContainEqual({ name: '今後の対応', value: 'ポストモーテム実施予定' })
    expect(outageLength(70 * 60_000, 'en')).toBe('1 h 10 min')
  })

  it('a status update is sent as written; its own 【…】 header is not said twice', () => {
    const headed = messageFor(
      event('status_update.posted', { text: '【インシデント報告】\n現在の状態: 調査中' }),
      'status_update',
      incident,
      'ja',
    )
    expect(headed.title).toBe('P1 Checkout 5xx')
    expect(headed.text).toBe('【インシデント報告】\n現在の状態: 調査中')
    const plain = messageFor(
      event('status_update.posted', { text: 'still degraded' }),
      'status_update',
      incident,
      'en',
    )
    expect(plain.title).toBe('[Incident status update] P1 Checkout 5xx')
  })

  it('which events are notified: escalation timers and resolution only', () => {
    expect(notifyKindOf(event('timer.fired', { timer: 'escalation' }))).toBe('escalation')
    expect(notifyKindOf(event('timer.fired', { timer: 'status-update' }))).toBeNull()
    expect(notifyKindOf(event('incident.status_changed', { to: 'resolved' }))).toBe('resolved')
    expect(notifyKindOf(event('incident.status_changed', { to: 'mitigating' }))).toBeNull()
    expect(notifyKindOf(event('note', { text: 'x' }))).toBeNull()
    expect(notifyKindOf(event('status_update.posted', { text: 'x' }))).toBe('status_update')
  })
})

describe('payload shapes', () => {
  const m = messageFor(
    event('incident.severity_changed', { from: 'P2', to: 'P1', reason: 'all <users> & more' }),
    'severity',
    incident,
    'en',
  )

  it('Slack: text for notifications, blocks with the facts, & < > escaped', () => {
    const p = slackPayload(m) as { text: string; blocks: { type: string; fields?: unknown[] }[] }
    expect(p.text).toContain('[Severity changed] Checkout 5xx')
    expect(p.text).toContain('all &lt;users&gt; &amp; more')
    expect(p.blocks[0]?.type).toBe('section')
    expect(p.blocks.find((b) => b.fields)?.fields).toContainEqual({
      type: 'mrkdwn',
      text: '*Severity*\nP2 → P1',
    })
  })

  it('Teams Workflows: a message with one Adaptive Card attachment', () => {
    const p = teamsWorkflowPayload(m) as {
      type: string
      attachments: {
        contentType: string
        content: { type: string; version: string; body: { type: string; facts?: unknown[] }[] }
      }[]
    }
    expect(p.type).toBe('message')
    expect(p.attachments).toHaveLength(1)
    expect(p.attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive')
    expect(p.attachments[0]?.content.type).toBe('AdaptiveCard')
    expect(p.attachments[0]?.content.version).toBe('1.4')
    const facts = p.attachments[0]?.content.body.find((b) => b.type === 'FactSet')?.facts
    expect(facts).toContainEqual({ title: 'Severity', value: 'P2 → P1' })
  })

  it('Teams legacy connector: a MessageCard with summary (required) and facts', () => {
    const p = teamsLegacyPayload(m) as Record<string, unknown>
    expect(p['@type']).toBe('MessageCard')
    expect(p['@context']).toBe('https://schema.org/extensions')
    expect(p.summary).toBe('[Severity changed] Checkout 5xx')
    expect(p.themeColor).toMatch(/^[0-9A-F]{6}$/)
    expect(p.sections).toEqual([
      { facts: expect.arrayContaining([{ name: 'Severity', value: 'P2 → P1' }]) },
    ])
  })

  it('generic: versioned JSON naming the event and incident', () => {
    expect(genericPayload(m)).toMatchObject({
      source: 'sitrep',
      version: 1,
      kind: 'severity',
      incidentId: 'i-1',
      eventUid: 'u-1',
      at: new Date(T0).toISOString(),
      title: '[Severity changed] Checkout 5xx',
    })
  })
})

describe('webhook URLs (WHATWG parser, fail closed)', () => {
  it('https anywhere, http only to loopback', () => {
    expect(parseWebhookUrl(' https://hooks.slack.com/services/T/B/x ').host).toBe('hooks.slack.com')
    expect(parseWebhookUrl('http://127.0.0.1:8080/hook').port).toBe('8080')
    expect(parseWebhookUrl('http://[::1]:9/h').hostname).toBe('[::1]')
    expect(parseWebhookUrl('http://localhost/h').hostname).toBe('localhost')
  })

  it.each([
    ['http://hooks.example.com/x', /https/],
    ['http://127.0.0.1.evil.example/x', /https/],
    ['ftp://example.com/x', /ftp/],
    ['hooks.slack.com/services/x', /not a URL/],
    ['javascript:alert(1)', /javascript/],
  ])('%s is refused', (url, why) => {
    expect(() => parseWebhookUrl(url)).toThrow(WebhookUrlError)
    expect(() => parseWebhookUrl(url)).toThrow(why)
  })
})

describe('retry timing', () => {
  const policy = { baseMs: 1000, maxMs: 60_000 }
  it('doubles up to the cap, jittered between a tenth and all of it', () => {
    expect(retryDelay(1, policy, null, () => 0)).toBe(100)
    expect(retryDelay(1, policy, null, () => 0.999999)).toBe(1000)
    expect(retryDelay(3, policy, null, () => 0.999999)).toBe(4000)
    expect(retryDelay(30, policy, null, () => 0.999999)).toBe(60_000)
  })
  it("a 429's Retry-After wins when longer (seconds or an HTTP date)", () => {
    expect(retryDelay(1, policy, 30_000, () => 0.5)).toBe(30_000)
    expect(parseRetryAfter('7', 0)).toBe(7000)
    expect(parseRetryAfter(new Date(T0 + 5000).toUTCString(), T0)).toBe(5000)
    expect(parseRetryAfter('soon', 0)).toBeNull()
  })
})
