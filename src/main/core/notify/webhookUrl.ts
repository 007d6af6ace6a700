// A webhook URL as the responder pastes it, checked with the WHATWG URL parser before it is
// sealed: https only, except http to this machine (a receiver in a test or a local relay).
// Anything else is refused with a reason, never "fixed" (a URL that does not parse is not
// guessed at, and http to another host would send the incident's words in clear).
import { InvalidParamsError } from '../errors'

export class WebhookUrlError extends InvalidParamsError {}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** The loopback hosts http is allowed to (127.0.0.0/8 counts). */
function isLoopback(hostname: string): boolean {
  return LOOPBACK.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname)
}

/** Parses and checks a webhook URL; throws WebhookUrlError saying what is wrong. */
export function parseWebhookUrl(input: string): URL {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw new WebhookUrlError(
      'That is not a URL: paste the whole webhook address, starting with https://.',
    )
  }
  if (url.protocol === 'https:') return url
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url
  if (url.protocol === 'http:')
    throw new WebhookUrlError(
      `Webhooks must use https (http is allowed only to this machine); ${url.hostname} over http would carry the incident in clear.`,
    )
  throw new WebhookUrlError(
    `A webhook is an https:// address; ${url.protocol.replace(/:$/, '')}: is not one.`,
  )
}
