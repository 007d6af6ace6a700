// Turns whatever an action threw into something to show: the core's own message for contract
// errors (it already says what to do, in English), led in the responder's language by what the
// error code means; a translated wrapper for anything unexpected.
import { ApiError } from '../apiError'
import { en, type MessageKey } from '../i18n/en'
import type { Translate, Vars } from '../i18n/translate'

export type ErrorDetail = { text: string } | { key: MessageKey; vars: Vars }

export function describeError(err: unknown): ErrorDetail {
  if (err instanceof ApiError) {
    const key = `error.code.${err.code}`
    return key in en
      ? { key: key as MessageKey, vars: { detail: err.message } }
      : { text: err.message }
  }
  const message = err instanceof Error ? err.message : String(err)
  return { key: 'error.unexpected', vars: { message } }
}

export function errorText(t: Translate, detail: ErrorDetail): string {
  return 'text' in detail ? detail.text : t(detail.key, detail.vars)
}
