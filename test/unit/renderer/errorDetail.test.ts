// Errors from the core are shown with a lead in the responder's language; the core's own
// (English) instructions stay, and an unknown code still shows the core's text.
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../src/renderer/src/apiError'
import { translate } from '../../../src/renderer/src/i18n/translate'
import { describeError, errorText } from '../../../src/renderer/src/ui/errorDetail'
import type { ContractError } from '../../../src/shared/contract'

const core = (code: string, message: string): ApiError =>
  new ApiError({ code, message } as ContractError)

describe('error text', () => {
  const diskFull = core('disk_full', 'The disk holding /data is full. Free some space.')

  it('keeps the core message as it is in English', () => {
    expect(errorText((k, v) => translate('en', k, v), describeError(diskFull))).toBe(
      'The disk holding /data is full. Free some space.',
    )
  })

  it('leads with what the code means in Japanese, the core message after it', () => {
    const text = errorText((k, v) => translate('ja', k, v), describeError(diskFull))
    expect(text).toMatch(/^ディスクの空きがない/)
    expect(text).toContain('The disk holding /data is full.')
  })

  it('shows an unknown code as the core said it, and anything else as unexpected', () => {
    expect(describeError(core('from_the_future', 'New kind of failure'))).toEqual({
      text: 'New kind of failure',
    })
    expect(errorText((k, v) => translate('ja', k, v), describeError(new Error('boom')))).toContain(
      'boom',
    )
  })
})
