import { describe, expect, it } from 'vitest'
import {
  defaultImpactThresholds,
  parseImpactThresholds,
  suggestSeverity,
} from '../../../src/main/core/incidents/impactHelper'
import {
  builtInSchemes,
  parseScheme,
  requireLevel,
  responseTargetMs,
  schemeP0P3,
  schemeP1P4,
  severityRank,
} from '../../../src/main/core/incidents/severity'
import type { ImpactAssessment } from '../../../src/shared/incidents'

const MIN = 60_000

describe('severity schemes', () => {
  it('default P1–P4 has the response-start targets of seed 003', () => {
    expect(schemeP1P4.levels.map((l) => [l.id, l.responseMinutes])).toEqual([
      ['P1', 15],
      ['P2', 30],
      ['P3', 120],
      ['P4', 1440],
    ])
    expect(requireLevel(schemeP1P4, 'P1').definition.ja).toBe(
      'サービス全体が停止、データ損失の可能性',
    )
    expect(responseTargetMs(schemeP1P4, 'P3')).toBe(120 * MIN)
    expect(responseTargetMs(schemeP1P4, 'P0')).toBeNull()
  })

  it('P0–P3 follows seed 001, with one business day timed as 24 h and saying so', () => {
    expect(schemeP0P3.levels.map((l) => [l.id, l.responseMinutes])).toEqual([
      ['P0', 15],
      ['P1', 60],
      ['P2', 240],
      ['P3', 1440],
    ])
    expect(requireLevel(schemeP0P3, 'P3').responseNote?.en).toMatch(/1 business day.*24 hours/)
    expect(severityRank(schemeP0P3, 'P0')).toBe(0)
    expect(severityRank(schemeP0P3, 'P9')).toBe(4)
  })

  it('every built-in scheme passes its own validation', () => {
    for (const s of builtInSchemes) expect(parseScheme(s)).toEqual(s)
  })

  it('an unknown severity names the choices', () => {
    expect(() => requireLevel(schemeP1P4, 'SEV1')).toThrow(
      '"SEV1" is not a severity of the P1–P4 (default) scheme. Choose one of P1, P2, P3, P4.',
    )
  })

  it('rejects broken custom schemes with the place of the problem', () => {
    const twice = { ...schemeP1P4, levels: [schemeP1P4.levels[0], schemeP1P4.levels[0]] }
    expect(() => parseScheme(twice)).toThrow(/same id at levels/)
    const noTarget = structuredClone(schemeP1P4) as unknown as {
      levels: { responseMinutes: unknown }[]
    }
    ;(noTarget.levels[1] as { responseMinutes: unknown }).responseMinutes = -5
    expect(() => parseScheme(noTarget)).toThrow(/at levels\.1\.responseMinutes/)
    expect(() => parseScheme({ ...schemeP1P4, levels: [] })).toThrow(
      /severity scheme was not saved/,
    )
  })
})

describe('impact helper (seed 001 calculate_impact)', () => {
  const a = (
    userShare: number,
    businessImpact: ImpactAssessment['businessImpact'],
    dataLoss = false,
  ) => ({ userShare, businessImpact, dataLoss }) satisfies ImpactAssessment

  it('follows the rule in order on the P0–P3 scheme', () => {
    expect(suggestSeverity(a(0.81, 'low'), schemeP0P3)).toMatchObject({
      severity: 'P0',
      rule: 'users-critical',
    })
    expect(suggestSeverity(a(0.8, 'low'), schemeP0P3)).toMatchObject({
      severity: 'P2',
      rule: 'users-medium',
    })
    expect(suggestSeverity(a(0.1, 'high'), schemeP0P3)).toMatchObject({
      severity: 'P1',
      rule: 'business-high',
    })
    expect(suggestSeverity(a(0.1, 'low', true), schemeP0P3)).toMatchObject({
      severity: 'P1',
      rule: 'data-loss',
    })
    expect(suggestSeverity(a(0.31, 'medium'), schemeP0P3)).toMatchObject({
      severity: 'P2',
      rule: 'users-medium',
    })
    expect(suggestSeverity(a(0.3, 'medium'), schemeP0P3)).toMatchObject({
      severity: 'P3',
      rule: 'default',
    })
  })

  it('maps the same ranks onto P1–P4 and explains itself in both languages', () => {
    const s = suggestSeverity(a(0.9, 'low'), schemeP1P4)
    expect(s).toMatchObject({ severity: 'P1', rank: 0 })
    expect(s.explanation).toEqual({
      en: '90% of users affected (over 80%)',
      ja: 'ユーザーの90%に影響（80%超）',
    })
    expect(suggestSeverity(a(0, 'low'), schemeP1P4).severity).toBe('P4')
  })

  it('uses configured thresholds and clamps to short schemes', () => {
    const t = parseImpactThresholds({ critical: 0.5, medium: 0.1 })
    expect(suggestSeverity(a(0.6, 'low'), schemeP1P4, t).severity).toBe('P1')
    expect(suggestSeverity(a(0.2, 'low'), schemeP1P4, t).severity).toBe('P3')
    const two = { ...schemeP1P4, levels: schemeP1P4.levels.slice(0, 2) }
    expect(suggestSeverity(a(0, 'low'), two, defaultImpactThresholds).severity).toBe('P2')
    expect(() => parseImpactThresholds({ critical: 0.2, medium: 0.5 })).toThrow(/must not exceed/)
  })

  it('refuses a share that is not a fraction', () => {
    expect(() => suggestSeverity(a(25, 'low'), schemeP1P4)).toThrow(/0.25 for 25 %/)
  })
})
