// Suggests a severity from the impact a responder can estimate in seconds. The rule is seed 001's
// calculate_impact, kept in its order so the same inputs give the runbook's answer:
//   users ≥ 80 % → most severe; business impact high or data loss → second;
//   users ≥ 30 % → third; otherwise → fourth.
// The seed's text and its code disagree at the boundary: the comments say "80%以上影響" and
// "30%以上影響" (80 %, 30 % *or more*) while the example code compares with `> 0.8` / `> 0.3`.
// The text is what responders read and quote, so exactly 30 % of users is the third level (P2
// on seed 001's scheme), not the lowest.
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

/**
 * `share` reaches `threshold` (inclusive). Shares come from a percentage divided by 100 in the
 * form and thresholds from settings the same way, so 30 % must meet 0.3 even when the division
 * lands a rounding step below it (e.g. 0.7 * 100 / 100); a millionth of a percent is far below
 * anything a responder can estimate.
 */
const reaches = (share: number, threshold: number): boolean => share >= threshold - 1e-9

function explain(rule: ImpactRule, a: ImpactAssessment, t: ImpactThresholds): Localized {
  switch (rule) {
    case 'users-critical':
      return {
        en: `${percent(a.userShare)} of users affected (${percent(t.critical)} or more)`,
        ja: `ユーザーの${percent(a.userShare)}に影響（${percent(t.critical)}以上）`,
      }
    case 'business-high':
      return { en: 'High business impact', ja: 'ビジネス影響：高' }
    case 'data-loss':
      return { en: 'Data loss', ja: 'データ損失あり' }
    case 'users-medium':
      return {
        en: `${percent(a.userShare)} of users affected (${percent(t.medium)} or more)`,
        ja: `ユーザーの${percent(a.userShare)}に影響（${percent(t.medium)}以上）`,
      }
    case 'default':
      return { en: 'Limited impact', ja: '影響は限定的' }
  }
}

function rule(a: ImpactAssessment, t: ImpactThresholds): { rank: number; rule: ImpactRule } {
  if (reaches(a.userShare, t.critical)) return { rank: 0, rule: 'users-critical' }
  if (a.businessImpact === 'high') return { rank: 1, rule: 'business-high' }
  if (a.dataLoss) return { rank: 1, rule: 'data-loss' }
  if (reaches(a.userShare, t.medium)) return { rank: 2, rule: 'users-medium' }
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
