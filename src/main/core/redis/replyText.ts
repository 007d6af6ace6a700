// A reply as redis-cli prints it in RESP3 mode, with every type said: (integer), (double),
// (big number), (true)/(false), (nil), (error), "bulk strings" quoted with escapes, status
// replies bare, arrays `1)`, sets `1~`, maps `1# key => value`, verbatim text as it is. Bytes
// from the server are escaped here, so a value cannot move the cursor or restyle the pane.
import { VerbatimString } from 'redis'
import { reprBytes } from './argv'

/** RESP3's double grammar: node-redis hands doubles over as JS strings (see connection.ts). */
const DOUBLE = /^(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan)$/i

// Control characters but tab and newline, and the C1 range: escaped so a value cannot move the
// cursor or restyle the pane.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/g

export function safeText(s: string): string {
  // Verbatim text (INFO, LATENCY DOCTOR) keeps its lines; other control bytes are escaped.
  return s
    .replace(/\r\n/g, '\n')
    .replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

function scalar(v: unknown): string | null {
  if (v === null || v === undefined) return '(nil)'
  if (typeof v === 'boolean') return v ? '(true)' : '(false)'
  if (typeof v === 'number') {
    return Number.isInteger(v) ? `(integer) ${v}` : `(double) ${v}`
  }
  if (typeof v === 'bigint') return `(big number) ${v}`
  if (Buffer.isBuffer(v)) return reprBytes(v)
  if (v instanceof VerbatimString) return safeText(String(v))
  if (typeof v === 'string') return DOUBLE.test(v) ? `(double) ${v}` : safeText(v)
  if (v instanceof Error) return `(error) ${safeText(v.message)}`
  return null
}

function keyText(k: unknown): string {
  if (typeof k === 'string') return reprBytes(Buffer.from(k, 'utf8'))
  return render(k, 0)
}

/** The reply as lines; `indent` is the column nested items start at. */
export function render(v: unknown, indent: number): string {
  const s = scalar(v)
  if (s !== null) return s
  let items: { mark: string; text: (pad: number) => string }[]
  let empty: string
  if (v instanceof Map) {
    empty = '(empty hash)'
    items = [...v.entries()].map(([k, val]) => {
      const key = keyText(k)
      return { mark: '#', text: (pad) => `${key} => ${render(val, pad + key.length + 4)}` }
    })
  } else if (v instanceof Set) {
    empty = '(empty set)'
    items = [...v].map((x) => ({ mark: '~', text: (pad) => render(x, pad) }))
  } else if (Array.isArray(v)) {
    empty = '(empty array)'
    items = v.map((x) => ({ mark: ')', text: (pad) => render(x, pad) }))
  } else {
    return safeText(String(v))
  }
  if (items.length === 0) return empty
  const width = String(items.length).length
  return items
    .map((it, i) => {
      const prefix = `${String(i + 1).padStart(width)}${it.mark} `
      const body = it.text(indent + prefix.length)
      return `${i === 0 ? '' : ' '.repeat(indent)}${prefix}${body}`
    })
    .join('\n')
}

/** The whole reply as terminal text (CRLF line ends). */
export function replyText(v: unknown): string {
  return render(v, 0).replace(/\n/g, '\r\n')
}
