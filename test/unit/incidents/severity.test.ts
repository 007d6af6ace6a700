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
  })

  // Seed 001's text says "80%以上" / "30%以上" (or more) where its example code says `> 0.8` /
  // `> 0.3`: the helper follows the text, so each threshold itself belongs to the higher level.
  it.each([
    [29.9, 'P3', 'default'],
    [30, 'P2', 'users-medium'],
    [30.1, 'P2', 'users-medium'],
    [79.9, 'P2', 'users-medium'],
    [80, 'P0', 'users-critical'],
    [80.1, 'P0', 'users-critical'],
    [0, 'P3', 'default'],
    [100, 'P0', 'users-critical'],
  ] as const)('%s %% of users (typed as a percentage) is %s', (pct, severity, rule) => {
    // The form sends the typed percentage divided by 100, as here.
    expect(suggestSeverity(a(pct / 100, 'low'), schemeP0P3)).toMatchObject({ severity, rule })
  })

  it('meets a threshold that a division lands a rounding step below', () => {
    // 0.7 * 100 / 100 is 0.7000000000000001 and 57 / 100 * 100 is 56.99999999999999: a share
    // typed as exactly the threshold must not fall through because of binary floating point.
    const t = parseImpactThresholds({ critical: 0.7, medium: 0.57 })
    expect(suggestSeverity(a((0.57 * 100) / 100, 'low'), schemeP1P4, t).severity).toBe('P3')
    expect(suggestSeverity(a(0.57 - 1e-12, 'low'), schemeP1P4, t).severity).toBe('P3')
    expect(suggestSeverity(a(0.5699, 'low'), schemeP1P4, t).severity).toBe('P4')
    expect(suggestSeverity(a(0.7 - 1e-12, 'low'), schemeP1P4, t).severity).toBe('P1')
  })

  it('says "or more" in both languages at the boundary', () => {
    expect(suggestSeverity(a(0.3, 'low'), schemeP0P3).explanation).toEqual({
      en: '30% of users affected (30% or more)',
      ja: 'ユーザーの30%に影響（30%以上）',
    })
  })

  it('maps the same ranks onto P1–P4 and explains itself in both languages', () => {
    const s = suggestSeverity(a(0.9, 'low'), schemeP1P4)
    expect(s).toMatchObject({ severity: 'P1', rank: 0 })
    expect(s.explanation).toEqual({
      en: '90% of users affected (80% or more)',
      ja: 'ユーザーの90%に影響（80%以上）',
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
