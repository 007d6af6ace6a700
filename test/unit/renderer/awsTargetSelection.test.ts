// AWS profiles in the runbook target picker's selection: they become {kind: 'aws'} refs, and
// their names (with production) are what the confirmation dialog lists and core checks.
import { describe, expect, it } from 'vitest'
import {
  emptySelection,
  resolveNames,
  toRefs,
} from '../../../src/renderer/src/features/checklist/targetSelection'
import type { AwsProfileTarget } from '../../../src/shared/contract'

const profile = (id: string, name: string, production: boolean): AwsProfileTarget => ({
  id,
  kind: 'aws',
  name,
  profile: name,
  region: 'ap-northeast-1',
  endpoint: '',
  tags: production ? ['production'] : [],
  production,
})

describe('AWS profiles as picked targets', () => {
  const profiles = [profile('a1', 'pb-prod', true), profile('a2', 'pb-staging', false)]

  it('turns picked profiles into aws refs next to the other captured targets', () => {
    const sel = { ...emptySelection, local: true, aws: ['a1', 'a2'] }
    expect(toRefs(sel, [])).toEqual([
      { kind: 'local' },
      { kind: 'aws', targetId: 'a1' },
      { kind: 'aws', targetId: 'a2' },
    ])
  })

  it('names them (once each, production kept) for the confirmation', () => {
    const sel = { ...emptySelection, aws: ['a1', 'a1', 'gone'] }
    expect(resolveNames(sel, [], [], [], profiles)).toEqual([{ name: 'pb-prod', production: true }])
  })

  it('leaves them out of a pane run', () => {
    const sel = { ...emptySelection, mode: 'pane' as const, aws: ['a1'] }
    expect(toRefs(sel, [])).toEqual([])
    expect(resolveNames(sel, [], [], [], profiles)).toEqual([])
  })
})
