import { describe, expect, it } from 'vitest'
import { defaultScheme, schemeP0P3 } from '../../../src/main/core/incidents/severity'
import { SettingKey } from '../../../src/main/core/incidents/settings'
import { defaultTimerPolicy } from '../../../src/main/core/incidents/timerPolicy'
import { declareInput, openDomain, setup } from './setup'

describe('incident settings', () => {
  it('defaults to the P1–P4 scheme and the seed timer policy', () => {
    const { domain } = setup()
    expect(domain.settings.severityScheme()).toEqual(defaultScheme)
    expect(domain.settings.timerPolicy()).toEqual(defaultTimerPolicy)
    expect(domain.settings.impactThresholds()).toEqual({ critical: 0.8, medium: 0.3 })
  })

  it('switching to the P0–P3 scheme changes what can be declared, and persists', () => {
    const { path, time, domain, incidents } = setup()
    domain.setSeverityScheme(schemeP0P3)
    expect(incidents.declare(declareInput({ severity: 'P0' })).scheme).toBe('p0-p3')
    expect(() => incidents.declare(declareInput({ severity: 'P4' }))).toThrow(
      /Choose one of P0, P1, P2, P3/,
    )
    expect(
      domain.suggestSeverity({ userShare: 0.9, businessImpact: 'low', dataLoss: false }).severity,
    ).toBe('P0')
    expect(openDomain(path, time).domain.settings.severityScheme().id).toBe('p0-p3')
  })

  it('a stored value that no longer validates falls back to the default and is reported', () => {
    const { path, time, db } = setup()
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(
      SettingKey.severityScheme,
      '{"id":1}',
    )
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(
      SettingKey.timerPolicy,
      'not json',
    )
    const { domain, incidents } = openDomain(path, time)
    expect(domain.settings.severityScheme()).toEqual(defaultScheme)
    expect(domain.settings.timerPolicy()).toEqual(defaultTimerPolicy)
    expect(domain.settings.problems.map((p) => p.key)).toEqual([
      SettingKey.severityScheme,
      SettingKey.timerPolicy,
    ])
    // Declaring still works: a broken setting never blocks a responder.
    expect(incidents.declare(declareInput()).severity).toBe('P1')
  })

  it('refuses invalid values without saving them', () => {
    const { domain } = setup()
    expect(() => domain.setSeverityScheme({ ...schemeP0P3, levels: [] })).toThrow(
      /severity scheme was not saved/,
    )
    expect(() =>
      domain.setTimerPolicy({
        ...defaultTimerPolicy,
        escalations: [{ id: 'x', when: { type: 'flag', flag: 'onFire' }, notify: 'all' }],
      }),
    ).toThrow(/timer policy was not saved.*escalations\.0\.when/)
    expect(domain.settings.severityScheme()).toEqual(defaultScheme)
  })
})
