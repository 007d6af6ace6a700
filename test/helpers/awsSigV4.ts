// AWS Signature Version 4 verification, written from the published algorithm (canonical request,
// string to sign, HMAC chain) and not from the SDK's signer: the AWS fixture uses it to check the
// SDK's real requests, so a request signed with the wrong secret, region, service or clock fails
// here as it would at AWS. Only header signing (the Authorization header) is implemented: it is
// the only form the SDK clients and the aws CLI use for these calls.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

export interface SigV4Credentials {
  accessKeyId: string
  secretAccessKey: string
  /** Temporary credentials carry a token the request must send (x-amz-security-token). */
  sessionToken?: string
}

export interface SigV4Request {
  method: string
  /** Path and query exactly as they came on the wire. */
  url: string
  headers: IncomingHttpHeaders
  body: Buffer
}

export interface SigV4Expectation {
  region: string
  service: string
  now: number
  /** Credentials by access key id. */
  lookup(accessKeyId: string): SigV4Credentials | undefined
}

/** Why a request was refused, in AWS's own words; `code` is the error code the service sends. */
export type SigV4Failure =
  | { code: 'MissingAuthenticationToken'; message: string }
  | { code: 'IncompleteSignature'; message: string }
  | { code: 'UnrecognizedClient'; message: string }
  | { code: 'InvalidSignature'; message: string }
  | { code: 'SignatureExpired'; message: string }
  | { code: 'ContentHashMismatch'; message: string }

export type SigV4Result = { ok: true; accessKeyId: string } | { ok: false; failure: SigV4Failure }

const ALGORITHM = 'AWS4-HMAC-SHA256'
/** AWS accepts a request dated at most 15 minutes before or after its own clock. */
const MAX_SKEW_MS = 15 * 60_000

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')
const hmac = (key: string | Buffer, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest()

/** RFC 3986 unreserved characters stay; everything else is %XX, upper case. */
export function uriEscape(s: string): string {
  return encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
}

function canonicalUri(path: string): string {
  if (path === '' || path === '/') return '/'
  // Every service but S3 escapes each segment of the (already escaped) path once more.
  return path
    .split('/')
    .map((seg) => uriEscape(seg))
    .join('/')
}

function canonicalQuery(query: string): string {
  if (query === '') return ''
  return query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=')
      const k = decodeURIComponent((eq < 0 ? p : p.slice(0, eq)).replace(/\+/g, ' '))
      const v = eq < 0 ? '' : decodeURIComponent(p.slice(eq + 1).replace(/\+/g, ' '))
      return [uriEscape(k), uriEscape(v)] as const
    })
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name]
  if (v === undefined) return undefined
  return (Array.isArray(v) ? v.join(',') : v).trim().replace(/\s+/g, ' ')
}

/** X-Amz-Date (yyyymmddThhmmssZ) as epoch ms, or null when it is not one. */
export function parseAmzDate(s: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s)
  if (!m) return null
  const [, y, mo, d, h, mi, se] = m.map(Number) as number[]
  return Date.UTC(y as number, (mo as number) - 1, d, h, mi, se)
}

export function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** The key the HMAC chain ends in: secret → date → region → service → aws4_request. */
export function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request')
}

export function canonicalRequest(
  req: SigV4Request,
  signedHeaders: string[],
  payloadHash: string,
): string {
  const q = req.url.indexOf('?')
  const path = q < 0 ? req.url : req.url.slice(0, q)
  const query = q < 0 ? '' : req.url.slice(q + 1)
  return [
    req.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query),
    signedHeaders.map((h) => `${h}:${headerValue(req.headers, h) ?? ''}\n`).join(''),
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n')
}

export function stringToSign(date: string, scope: string, canonical: string): string {
  return [ALGORITHM, date, scope, sha256Hex(canonical)].join('\n')
}

const fail = (code: SigV4Failure['code'], message: string): SigV4Result => ({
  ok: false,
  failure: { code, message } as SigV4Failure,
})

/** Checks one request's Authorization header against the expected region, service and clock. */
export function verifySigV4(req: SigV4Request, expect: SigV4Expectation): SigV4Result {
  const auth = headerValue(req.headers, 'authorization')
  if (!auth) return fail('MissingAuthenticationToken', 'Missing Authentication Token')
  if (!auth.startsWith(`${ALGORITHM} `)) {
    return fail('IncompleteSignature', `Unsupported AWS 'algorithm': '${auth.split(' ')[0] ?? ''}'`)
  }
  const fields = new Map<string, string>()
  for (const part of auth.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=')
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  const credential = fields.get('Credential')
  const signed = fields.get('SignedHeaders')
  const signature = fields.get('Signature')
  if (!credential || !signed || !signature) {
    return fail(
      'IncompleteSignature',
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters. Authorization=${auth}`,
    )
  }
  const [accessKeyId, day, region, service, terminator, ...extra] = credential.split('/')
  if (!accessKeyId || !day || !region || !service || terminator !== 'aws4_request' || extra.length)
    return fail('IncompleteSignature', `Credential is not well formed: '${credential}'.`)
  const date = headerValue(req.headers, 'x-amz-date')
  const at = date ? parseAmzDate(date) : null
  if (!date || at === null) {
    return fail(
      'IncompleteSignature',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    )
  }
  const creds = expect.lookup(accessKeyId)
  if (!creds) {
    return fail('UnrecognizedClient', 'The security token included in the request is invalid.')
  }
  if (creds.sessionToken !== undefined) {
    if (headerValue(req.headers, 'x-amz-security-token') !== creds.sessionToken)
      return fail('UnrecognizedClient', 'The security token included in the request is invalid.')
  }
  if (day !== date.slice(0, 8)) {
    return fail(
      'InvalidSignature',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${day}' != '${date.slice(0, 8)}', from '${date}'.`,
    )
  }
  if (region !== expect.region) {
    return fail(
      'InvalidSignature',
      `Credential should be scoped to a valid region, not '${region}'. `,
    )
  }
  if (service !== expect.service) {
    return fail(
      'InvalidSignature',
      `Credential should be scoped to correct service: '${expect.service}'. `,
    )
  }
  if (at < expect.now - MAX_SKEW_MS) {
    return fail(
      'SignatureExpired',
      `Signature expired: ${date} is now earlier than ${amzDate(expect.now - MAX_SKEW_MS)} (${amzDate(expect.now)} - 15 min.)`,
    )
  }
  if (at > expect.now + MAX_SKEW_MS) {
    return fail(
      'SignatureExpired',
      `Signature not yet current: ${date} is still later than ${amzDate(expect.now + MAX_SKEW_MS)} (${amzDate(expect.now)} + 15 min.)`,
    )
  }
  const signedHeaders = signed.split(';')
  for (const required of ['host', 'x-amz-date']) {
    if (!signedHeaders.includes(required)) {
      return fail(
        'IncompleteSignature',
        `'${required}' must be a 'SignedHeader' in the AWS Authorization.`,
      )
    }
  }
  if (creds.sessionToken !== undefined && !signedHeaders.includes('x-amz-security-token'))
    return fail('IncompleteSignature', "'x-amz-security-token' must be a 'SignedHeader'.")
  const payloadHash = sha256Hex(req.body)
  const claimed = headerValue(req.headers, 'x-amz-content-sha256')
  if (claimed !== undefined && claimed !== 'UNSIGNED-PAYLOAD' && claimed !== payloadHash) {
    return fail(
      'ContentHashMismatch',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    )
  }
  const scope = `${day}/${region}/${service}/aws4_request`
  const expected = createHmac('sha256', signingKey(creds.secretAccessKey, day, region, service))
    .update(stringToSign(date, scope, canonicalRequest(req, signedHeaders, payloadHash)))
    .digest()
  const given = Buffer.from(signature, 'hex')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail(
      'InvalidSignature',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    )
  }
  return { ok: true, accessKeyId }
}
