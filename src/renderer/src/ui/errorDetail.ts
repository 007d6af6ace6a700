// Turns whatever an action threw into something to show: the core's own message for contract
// errors (it already says what to do), a translated wrapper for anything unexpected.
import { ApiError } from '../api'
import type { MessageKey } from '../i18n/en'
import type { Translate, Vars } from '../i18n/locale'

export type ErrorDetail = { text: string } | { key: MessageKey; vars: Vars }

export function describeError(err: unknown): ErrorDetail {
  if (err instanceof ApiError) return { text: err.message }
  const message = err instanceof Error ? err.message : String(err)
  return { key: 'error.unexpected', vars: { message } }
}

export function errorText(t: Translate, detail: ErrorDetail): string {
  return 'text' in detail ? detail.text : t(detail.key, detail.vars)
}
