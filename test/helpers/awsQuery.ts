// The awsQuery wire format for the AWS fixture's CloudWatch: what the aws CLI's botocore sends
// to CloudWatch (SDK v3 moved to JSON 1.0; Debian's CLI 2.9 still sends a form-encoded POST,
// `Action=GetMetricData&Version=2010-08-01&MetricDataQueries.member.1.Id=m0…`, and reads XML).
// The form is turned into the same shape the JSON protocol carries, so one implementation of
// each operation serves both; its result is written back as the query protocol's XML.

/** CloudWatch's query namespace (replies and errors). */
export const MONITORING_XMLNS = 'http://monitoring.amazonaws.com/doc/2010-08-01/'

/** Members that are numbers in the JSON shape (the form carries every value as text). */
const NUMBERS = new Set(['Period', 'MaxRecords', 'MaxDatapoints'])
/** Timestamps: ISO 8601 in the query protocol, epoch seconds in the JSON shape. */
const TIMESTAMPS = new Set(['StartTime', 'EndTime', 'StateUpdatedTimestamp', 'Timestamps'])

type Node = Record<string, unknown>

function value(key: string, text: string): unknown {
  if (TIMESTAMPS.has(key)) {
    const ms = Date.parse(text)
    return Number.isFinite(ms) ? ms / 1000 : text
  }
  if (NUMBERS.has(key)) return Number(text)
  return text
}

/**
 * The form's members as the JSON protocol's object: `A.member.2.B` is `{A: [, {B}]}`, flat keys
 * stay flat. Action and Version are left out (the caller has them).
 */
export function parseQueryForm(form: URLSearchParams): Node {
  const root: Node = {}
  for (const [key, text] of form) {
    if (key === 'Action' || key === 'Version') continue
    const parts = key.split('.')
    let node: Node | unknown[] = root
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string
      const slot = (n: Node | unknown[], k: string): unknown =>
        Array.isArray(n) ? n[Number(k) - 1] : n[k]
      const put = (n: Node | unknown[], k: string, v: unknown): void => {
        if (Array.isArray(n)) n[Number(k) - 1] = v
        else n[k] = v
      }
      if (parts[i + 1] === 'member') {
        // An empty list is sent as `Name=` with no members.
        if (slot(node, part) === undefined) put(node, part, [])
        node = slot(node, part) as unknown[]
        i += 1
        continue
      }
      if (i === parts.length - 1) {
        put(node, part, value(Array.isArray(node) ? (parts[i - 2] ?? '') : part, text))
        break
      }
      if (slot(node, part) === undefined) put(node, part, {})
      node = slot(node, part) as Node
    }
  }
  return root
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

function toXml(key: string, v: unknown, timestamp = TIMESTAMPS.has(key)): string {
  if (v === undefined || v === null) return ''
  if (Array.isArray(v))
    return `<${key}>${v.map((m) => toXml('member', m, timestamp)).join('')}</${key}>`
  if (typeof v === 'object')
    return `<${key}>${Object.entries(v as Node)
      .map(([k, x]) => toXml(k, x))
      .join('')}</${key}>`
  if (typeof v === 'number' && timestamp)
    return `<${key}>${new Date(v * 1000).toISOString()}</${key}>`
  return `<${key}>${escapeXml(String(v))}</${key}>`
}

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…` for a JSON-shaped result. */
export function queryResponseXml(
  action: string,
  result: Node,
  xmlns: string,
  requestId: string,
): string {
  const body = Object.entries(result)
    .map(([k, v]) => toXml(k, v))
    .join('')
  return `<${action}Response xmlns="${xmlns}"><${action}Result>${body}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
}
