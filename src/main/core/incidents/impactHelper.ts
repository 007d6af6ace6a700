// Suggests a severity from the impact a responder can estimate in seconds. The rule is seed 001's
// calculate_impact, kept in its order so the same inputs give the runbook's answer:
//   users > 80 % → most severe; business impact high or data loss → second;
//   users > 30 % → third; otherwise → fourth.
// Seed 001 ranks data loss second although its P0 definition mentions data loss: the rule is
// followed as written, and the responder can always pick a higher level.
import { IncidentInputError, IncidentSettingsError } from './errors'
import { impactThresholdsSchema } from '../../../shared/incidentSchemas'
import type {
  ImpactAssessment,
  ImpactRule,
  ImpactThresholds,
  Localized,
  SeverityScheme,
  SeveritySuggestion,
} from '../../../shared/incidents'

export const defaultImpactThresholds: ImpactThresholds = { critical: 0.8, medium: 0.3 }

export function parseImpactThresholds(value: unknown): ImpactThresholds {
  const r = impactThresholdsSchema.safeParse(value)
  if (!r.success) {
    throw new IncidentSettingsError('impact thresholds', r.error.issues[0]?.message ?? 'invalid')
  }
  return r.data
}

const percent = (share: number): string => `${Math.round(share * 100)}%`

function explain(rule: ImpactRule, a: ImpactAssessment, t: ImpactThresholds): Localized {
  switch (rule) {
    case 'users-critical':
      return {
        en: `${percent(a.userShare)} of users affected (over ${percent(t.critical)})`,
        ja: `ユーザーの${percent(a.userShare)}に影響（${percent(t.critical)}超）`,
      }
    case 'business-high':
      return { en: 'High business impact', ja: 'ビジネス影響：高' }
    case 'data-loss':
      return { en: 'Data loss', ja: 'データ損失あり' }
    case 'users-medium':
      return {
        en: `${percent(a.userShare)} of users affected (over ${percent(t.medium)})`,
        ja: `ユーザーの${percent(a.userShare)}に影響（${percent(t.medium)}超）`,
      }
    case 'default':
      return { en: 'Limited impact', ja: '影響は限定的' }
  }
}

function rule(a: ImpactAssessment, t: ImpactThresholds): { rank: number; rule: ImpactRule } {
  if (a.userShare > t.critical) return { rank: 0, rule: 'users-critical' }
  if (a.businessImpact === 'high') return { rank: 1, rule: 'business-high' }
  if (a.dataLoss) return { rank: 1, rule: 'data-loss' }
  if (a.userShare > t.medium) return { rank: 2, rule: 'users-medium' }
  return { rank: 3, rule: 'default' }
}

/**
 * Maps the rule's four ranks onto the scheme's levels, most severe first. A scheme with fewer
 * levels clamps to its least severe one; extra levels below the fourth are never suggested.
 */
export function suggestSeverity(
  a: ImpactAssessment,
  scheme: SeverityScheme,
  thresholds: ImpactThresholds = defaultImpactThresholds,
): SeveritySuggestion {
  if (!Number.isFinite(a.userShare) || a.userShare < 0 || a.userShare > 1) {
    throw new IncidentInputError(
      'The share of users affected is a fraction from 0 to 1 (0.25 for 25 %).',
    )
  }
  const r = rule(a, thresholds)
  const rank = Math.min(r.rank, scheme.levels.length - 1)
  const level = scheme.levels[rank]
  if (!level) throw new IncidentInputError('The severity scheme has no levels.')
  return { severity: level.id, rank, rule: r.rule, explanation: explain(r.rule, a, thresholds) }
}
