// One POST of a message to a webhook, with Node's fetch: a timeout, no redirect followed (a
// webhook that redirects is misconfigured, and following it could carry the incident to http or
// another host), and the outcome classified: sent, worth retrying (network, timeout, 408, 425,
// 429, 5xx) or not (other 4xx: a removed or wrong webhook will not start working by itself).
import type { JsonObject } from '../../../shared/contract'
import { parseRetryAfter } from './backoff'

export type SendOutcome =
  | { ok: true; status: number }
  | {
      ok: false
      retry: boolean
      status: number | null
      reason: string
      /** What Retry-After asked for, in ms. */
      retryAfterMs: number | null
    }

export interface SendOptions {
  timeoutMs: number
  /** Sent as Idempotency-Key, so a receiver that keeps keys drops a repeat. */
  idempotencyKey?: string
  now?: () => number
}

const RETRYABLE = new Set([408, 425, 429])

/** The reason as a responder reads it; never the URL (it is a secret). */
function networkReason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
    return 'no answer in time'
  const cause = err instanceof Error ? (err.cause as { code?: string } | undefined) : undefined
  const code = cause?.code
  if (code === 'ECONNREFUSED') return 'connection refused'
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found (offline?)'
  if (code === 'ECONNRESET') return 'connection reset'
  if (code) return `network error (${code})`
  return 'network error'
}

export async function postWebhook(
  url: URL,
  body: JsonObject,
  opts: SendOptions,
): Promise<SendOutcome> {
  const now = opts.now ?? Date.now
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Sitrep',
        ...(opts.idempotencyKey ? { 'idempotency-key': opts.idempotencyKey } : {}),
      },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
    })
  } catch (err) {
    return { ok: false, retry: true, status: null, reason: networkReason(err), retryAfterMs: null }
  }
  // The body is read (and dropped) so the connection is released; its text is the receiver's,
  // kept short in the reason only for errors.
  const text = await res.text().catch(() => '')
  if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status }
  // A receiver may echo the request line back: the URL's path (its secret part) is cut out.
  const detail = (text.trim().split('\n')[0] ?? '')
    .split(url.href)
    .join('…')
    .split(url.pathname.length > 1 ? url.pathname : '\u0000')
    .join('…')
    .slice(0, 120)
  if (res.status >= 300 && res.status < 400)
    return {
      ok: false,
      retry: false,
      status: res.status,
      reason: `HTTP ${res.status}: the webhook redirects elsewhere (not followed); check the URL`,
      retryAfterMs: null,
    }
  const retry = res.status >= 500 || RETRYABLE.has(res.status)
  return {
    ok: false,
    retry,
    status: res.status,
    reason: `HTTP ${res.status}${detail ? ` ${detail}` : ''}`,
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now()),
  }
}
