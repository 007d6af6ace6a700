import { describe, expect, it } from 'vitest'
import {
  checkTransition,
  hasReached,
  isOpen,
  openStatuses,
} from '../../../src/main/core/incidents/lifecycle'
import { incidentStatuses } from '../../../src/shared/incidents'

describe('incident lifecycle', () => {
  it('moves forward, skipping steps when the fix is obvious', () => {
    expect(checkTransition('declared', 'investigating')).toBe('forward')
    expect(checkTransition('investigating', 'mitigating')).toBe('forward')
    expect(checkTransition('declared', 'resolved')).toBe('forward')
    expect(checkTransition('monitoring', 'resolved')).toBe('forward')
    expect(checkTransition('resolved', 'closed')).toBe('forward')
  })

  it('goes back between open statuses when a fix did not hold', () => {
    expect(checkTransition('monitoring', 'mitigating')).toBe('back')
    expect(checkTransition('identified', 'investigating')).toBe('back')
  })

  it('treats resolved → an open status as a reopen', () => {
    expect(checkTransition('resolved', 'investigating')).toBe('reopen')
    expect(checkTransition('resolved', 'monitoring')).toBe('reopen')
    expect(checkTransition('resolved', 'mitigating', true)).toBe('reopen')
  })

  it('lets only an explicit reopen out of closed', () => {
    expect(() => checkTransition('closed', 'investigating')).toThrow(/closed \(postmortem done\)/)
    expect(checkTransition('closed', 'investigating', true)).toBe('reopen')
    expect(() => checkTransition('closed', 'resolved', true)).toThrow(/open status/)
  })

  it('refuses transitions that make no sense, saying what to do instead', () => {
    expect(() => checkTransition('investigating', 'investigating')).toThrow(/already investigating/)
    expect(() => checkTransition('investigating', 'declared')).toThrow(/cannot go back to declared/)
    expect(() => checkTransition('mitigating', 'closed')).toThrow(/Resolve it first/)
    expect(() => checkTransition('investigating', 'mitigating', true)).toThrow(/nothing to reopen/)
  })

  it('errors carry the invalid_params code for the contract', () => {
    try {
      checkTransition('declared', 'closed')
      expect.unreachable()
    } catch (err) {
      expect(err).toMatchObject({ code: 'invalid_params', name: 'InvalidTransitionError' })
    }
  })

  it('knows open statuses and history', () => {
    expect(openStatuses).toEqual([
      'declared',
      'investigating',
      'identified',
      'mitigating',
      'monitoring',
    ])
    expect(incidentStatuses.filter((s) => !isOpen(s))).toEqual(['resolved', 'closed'])
    expect(hasReached({ declared: 1, mitigating: 5 }, 'identified')).toBe(true)
    expect(hasReached({ declared: 1, investigating: 5 }, 'identified')).toBe(false)
  })
})
