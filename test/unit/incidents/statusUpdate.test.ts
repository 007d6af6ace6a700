import { describe, expect, it } from 'vitest'
import { baseIncident } from '../../../src/main/core/incidents/projection'
import { draftStatusUpdate, type DraftOptions } from '../../../src/main/core/incidents/statusUpdate'
import type { Incident } from '../../../src/shared/incidents'

const MIN = 60_000
// 2024-01-20 14:00 JST
const T = Date.UTC(2024, 0, 20, 5, 0)

const incident: Incident = {
  ...baseIncident({
    id: 'i',
    title: 'API 5xx エラー多発',
    severity: 'P1',
    status: 'mitigating',
    created_at: T,
    updated_at: T,
  }),
  services: ['api', 'postgres'],
  impactScope: 'all',
  occurredAt: T - 5 * MIN,
  detectedAt: T,
  roles: { commander: '佐藤', scribe: null, communications: null, responders: ['Ken'] },
}

const opts = (over: Partial<DraftOptions>): DraftOptions => ({
  template: 'declaration',
  lang: 'ja',
  now: T + 10 * MIN,
  timeZone: 'Asia/Tokyo',
  nextUpdateMinutes: 30,
  ...over,
})

describe('status update templates', () => {
  it('declaration in Japanese follows seed 003', () => {
    expect(draftStatusUpdate({ ...incident, status: 'investigating' }, opts({})).text).toBe(
      [
        '【P1インシデント発生】',
        '発生時刻: 2024-01-20 13:55 JST',
        '症状: API 5xx エラー多発',
        '影響サービス: api, postgres',
        '影響範囲: 全サービス',
        '現在の状態: 調査中',
        '対応者: 佐藤',
        '次回更新: 14:40 JST',
      ].join('\n'),
    )
  })

  it('says when the detection time stands in for an unknown occurred time', () => {
    const noOccurred = { ...incident, status: 'investigating' as const, occurredAt: null }
    expect(draftStatusUpdate(noOccurred, opts({})).text).toContain('（検知時刻）')
    expect(draftStatusUpdate(noOccurred, opts({ lang: 'en' })).text).toMatch(
      /Occurred at: .* \(detected\)/,
    )
  })

  it('progress in Japanese follows seed 002, with caller-filled fields', () => {
    const d = draftStatusUpdate(
      incident,
      opts({
        template: 'progress',
        overrides: {
          eta: '15:30',
          actionsTaken: ['Pod増設', 'DB接続リセット'],
          nextActions: ['監視強化'],
        },
      }),
    )
    expect(d.text).toBe(
      [
        '【インシデント報告】',
        '重要度: P1',
        '発生時刻: 2024-01-20 13:55 JST',
        '影響サービス: api, postgres',
        '影響範囲: 全サービス',
        '現在の状態: 対応中',
        '推定復旧時刻: 15:30',
        '対応者: 佐藤',
        '次回更新: 14:40 JST',
        '',
        '詳細:',
        'API 5xx エラー多発',
        '',
        '実施済み対応:',
        '- Pod増設',
        '- DB接続リセット',
        '',
        '次の対応:',
        '- 監視強化',
      ].join('\n'),
    )
    expect(d.fields.eta).toBe('15:30')
  })

  it('recovery in Japanese follows seed 003', () => {
    const resolved = { ...incident, status: 'resolved' as const, resolvedAt: T + 70 * MIN }
    expect(
      draftStatusUpdate(
        resolved,
        opts({
          template: 'recovery',
          overrides: { cause: 'コネクションプール枯渇', actionsTaken: ['再起動', 'ロールバック'] },
        }),
      ).text,
    ).toBe(
      [
        '【インシデント復旧】',
        '復旧時刻: 2024-01-20 15:10 JST',
        '影響サービス: api, postgres',
        '障害時間: 1時間15分',
        '原因: コネクションプール枯渇',
        '対応内容: 再起動、ロールバック',
        '今後の対応: ポストモーテム実施予定',
      ].join('\n'),
    )
  })

  it('English versions carry the same fields', () => {
    expect(draftStatusUpdate(incident, opts({ lang: 'en', timeZone: 'UTC' })).text).toBe(
      [
        '[P1 INCIDENT DECLARED]',
        'Occurred at: 2024-01-20 04:55 UTC',
        'Symptom: API 5xx エラー多発',
        'Affected services: api, postgres',
        'Scope: All services',
        'Current state: Mitigating',
        'Responder: 佐藤',
        'Next update: 05:40 UTC',
      ].join('\n'),
    )
    const progress = draftStatusUpdate(
      {
        ...incident,
        description: 'Errors since the 13:50 deploy',
        roles: { ...incident.roles, commander: null },
      },
      opts({ lang: 'en', template: 'progress', nextUpdateMinutes: 0 }),
    ).text
    expect(progress).toContain('Estimated recovery: unknown\nResponder: Ken\nNext update: unknown')
    expect(progress).toContain(
      'Details:\nErrors since the 13:50 deploy\n\nActions taken:\n- [action]',
    )
    const recovery = draftStatusUpdate(
      { ...incident, resolvedAt: T + 25 * MIN },
      opts({ lang: 'en', template: 'recovery', timeZone: 'UTC' }),
    ).text
    expect(recovery).toBe(
      [
        '[INCIDENT RESOLVED]',
        'Resolved at: 2024-01-20 05:25 UTC',
        'Affected services: api, postgres',
        'Duration: 30 min',
        'Cause: under investigation',
        'Actions taken: [action]',
        'Follow-up: Postmortem planned',
      ].join('\n'),
    )
  })
})
