// nginx `log_format` strings read into a line parser. The format is tokenized once into literals
// and `$variables` (`$name` or `${name}`, as nginx itself reads them), and a line is matched by
// walking those tokens: each variable runs up to the next literal, the last one up to the
// line's own ending. No regular expression is guessed from sample lines, so a format the
// responder pastes from nginx.conf (`log_format main '…' '…';`, escape= included) is parsed as
// nginx writes it.
//
// nginx escapes `"` and control bytes inside variables as `\x22` (escape=default), so a quoted
// field cannot hold its closing quote; Apache writes `\"` instead, so a literal found right
// after an odd run of backslashes is skipped.

/** nginx's predefined format, and the one most distributions configure as `main`. */
export const LOG_FORMAT_PRESETS: Readonly<Record<string, string>> = {
  combined:
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"',
  main: '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"',
  /** combined with the request's duration last (what `$request_time` formats usually add). */
  timed:
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time',
  /** Apache's LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\"". */
  'apache-combined':
    '$remote_addr $remote_ident $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"',
}

export type Token = { kind: 'literal'; text: string } | { kind: 'var'; name: string }

export class LogFormatError extends Error {}

const VAR_CHAR = /[A-Za-z0-9_]/

/** The format's tokens, adjacent literals merged. Refuses what nginx would refuse too. */
export function tokenizeLogFormat(format: string): Token[] {
  const out: Token[] = []
  const literal = (text: string): void => {
    const last = out[out.length - 1]
    if (last?.kind === 'literal') last.text += text
    else if (text) out.push({ kind: 'literal', text })
  }
  let i = 0
  while (i < format.length) {
    const c = format[i] as string
    if (c !== '$') {
      const next = format.indexOf('$', i)
      literal(format.slice(i, next < 0 ? format.length : next))
      i = next < 0 ? format.length : next
      continue
    }
    if (format[i + 1] === '{') {
      const end = format.indexOf('}', i + 2)
      const name = end < 0 ? '' : format.slice(i + 2, end)
      if (!name || ![...name].every((ch) => VAR_CHAR.test(ch)))
        throw new LogFormatError(
          `The variable at position ${i + 1} is not closed: "${format.slice(i, i + 20)}".`,
        )
      out.push({ kind: 'var', name })
      i = end + 1
      continue
    }
    let j = i + 1
    while (j < format.length && VAR_CHAR.test(format[j] as string)) j++
    if (j === i + 1) throw new LogFormatError(`A "$" at position ${i + 1} names no variable.`)
    out.push({ kind: 'var', name: format.slice(i + 1, j) })
    i = j
  }
  for (let k = 1; k < out.length; k++) {
    if (out[k]?.kind === 'var' && out[k - 1]?.kind === 'var') {
      throw new LogFormatError(
        'Two variables follow each other with nothing between them; the line cannot be split there.',
      )
    }
  }
  if (!out.some((t) => t.kind === 'var')) throw new LogFormatError('The format has no variables.')
  return out
}

/**
 * The format string from what the responder typed: a preset's name, a bare format, or a whole
 * `log_format name [escape=…] 'part' 'part';` directive, whose quoted parts nginx concatenates.
 */
export function formatFromInput(input: string): string {
  const text = input.trim()
  if (!text) return LOG_FORMAT_PRESETS.combined as string
  const preset = LOG_FORMAT_PRESETS[text]
  if (preset) return preset
  if (!/^log_format\s/.test(text)) return text
  const words = directiveWords(text)
  // log_format NAME [escape=default|json|none] STRING...
  let k = 2
  if (words[k]?.startsWith('escape=')) k++
  const parts = words.slice(k)
  if (parts.length === 0) throw new LogFormatError('The log_format directive has no format string.')
  return parts.join('')
}

/** nginx's configuration words: quoted ('…', "…" with backslash escapes) or bare, up to `;`. */
function directiveWords(text: string): string[] {
  const words: string[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i] as string
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === ';') break
    if (c === '#') {
      const nl = text.indexOf('\n', i)
      i = nl < 0 ? text.length : nl
      continue
    }
    if (c === "'" || c === '"') {
      let word = ''
      let j = i + 1
      for (; j < text.length && text[j] !== c; j++) {
        if (text[j] === '\\' && j + 1 < text.length) {
          const n = text[j + 1] as string
          // nginx keeps a backslash before anything but the quote, a backslash, t, r and n.
          word +=
            n === c || n === '\\'
              ? n
              : n === 'n'
                ? '\n'
                : n === 't'
                  ? '\t'
                  : n === 'r'
                    ? '\r'
                    : `\\${n}`
          j++
        } else word += text[j]
      }
      if (j >= text.length) throw new LogFormatError('A quoted part of log_format is not closed.')
      words.push(word)
      i = j + 1
      continue
    }
    let j = i
    while (j < text.length && !/[\s;]/.test(text[j] as string)) j++
    words.push(text.slice(i, j))
    i = j
  }
  return words
}

/** What a line says, in the fields the metrics need; null where the format lacks them. */
export interface AccessRecord {
  status: number
  /** Path without its query string, `\xHH` escapes decoded; null when the request is `-` or odd. */
  path: string | null
  /** Seconds, from $request_time (or $upstream_response_time's last figure). */
  requestTime: number | null
}

export interface LineParser {
  readonly hasRequestTime: boolean
  /** The record, or null when the line does not have the format's shape. */
  parse(line: string): AccessRecord | null
}

const MAX_PATH = 300
// C0 controls and DEL, built from code points (a literal class trips no-control-regex).
const CONTROL = new RegExp(
  `[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}]`,
  'g',
)

/** Compiles a format (see formatFromInput) into a parser for its lines. */
export function compileLogFormat(input: string): LineParser {
  const tokens = tokenizeLogFormat(formatFromInput(input))
  const names = tokens.flatMap((t) => (t.kind === 'var' ? [t.name] : []))
  const statusAt = names.indexOf('status')
  if (statusAt < 0)
    throw new LogFormatError('The format has no $status: the 5xx and 4xx rates need it.')
  const requestAt = names.indexOf('request')
  const uriAt = names.findIndex((n) => n === 'request_uri' || n === 'uri')
  let timeAt = names.indexOf('request_time')
  const upstreamTime = timeAt < 0 ? names.indexOf('upstream_response_time') : -1
  if (timeAt < 0) timeAt = upstreamTime
  // A variable inside quotes (its literal before ends with a quote) may hold Apache's \" escapes.
  const quoted = tokens.map((t, k) => {
    const prev = tokens[k - 1]
    return t.kind === 'var' && prev?.kind === 'literal' && /["']$/.test(prev.text)
  })
  const n = tokens.length
  // Where each variable's value starts and ends in the line: only the few the metrics need are
  // cut out (slicing all ten of a combined line was most of the parser's time).
  const starts = new Int32Array(names.length)
  const ends = new Int32Array(names.length)
  const value = (v: number, line: string): string => line.slice(starts[v], ends[v])

  const match = (line: string): boolean => {
    let pos = 0
    let v = 0
    for (let k = 0; k < n; k++) {
      const t = tokens[k] as Token
      if (t.kind === 'literal') {
        if (!line.startsWith(t.text, pos)) return false
        pos += t.text.length
        continue
      }
      const next = tokens[k + 1]
      let end: number
      if (!next) end = line.length
      else {
        const lit = (next as { text: string }).text
        if (k + 1 === n - 1) {
          // The format's last literal ends the line: the variable runs up to it.
          end = line.length - lit.length
          if (end < pos || !line.endsWith(lit)) return false
        } else {
          end = line.indexOf(lit, pos)
          if (quoted[k]) while (end >= 0 && escaped(line, end)) end = line.indexOf(lit, end + 1)
          if (end < 0) return false
        }
      }
      starts[v] = pos
      ends[v++] = end
      pos = end
    }
    return pos === line.length
  }

  return {
    hasRequestTime: timeAt >= 0,
    parse(line: string): AccessRecord | null {
      if (!match(line)) return null
      if ((ends[statusAt] as number) - (starts[statusAt] as number) !== 3) return null
      const status = statusOf(line, starts[statusAt] as number)
      if (status < 100 || status > 599) return null
      let path: string | null = null
      if (requestAt >= 0) path = pathOfRequest(value(requestAt, line))
      else if (uriAt >= 0) path = cleanPath(value(uriAt, line))
      let requestTime: number | null = null
      if (timeAt >= 0) {
        const raw = value(timeAt, line)
        // $upstream_response_time lists one figure per upstream tried ("0.5, 0.2 : 0.1").
        const figure =
          timeAt === upstreamTime
            ? raw
                .split(/[,:]\s*/)
                .pop()
                ?.trim()
            : raw
        const s = Number(figure)
        if (figure && figure !== '-' && Number.isFinite(s) && s >= 0) requestTime = s
      }
      return { status, path, requestTime }
    },
  }
}

/** Three ASCII digits at `at` as a number, or -1. */
function statusOf(line: string, at: number): number {
  let n = 0
  for (let i = at; i < at + 3; i++) {
    const d = line.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    n = n * 10 + d
  }
  return n
}

function escaped(line: string, at: number): boolean {
  let b = 0
  for (let i = at - 1; i >= 0 && line.charCodeAt(i) === 92; i--) b++
  return b % 2 === 1
}

/** `GET /a/b?x=1 HTTP/1.1` → `/a/b`; a request nginx could not read (`-`, garbage) → null. */
function pathOfRequest(request: string): string | null {
  const sp = request.indexOf(' ')
  if (sp <= 0) return null
  const rest = request.slice(sp + 1)
  const end = rest.lastIndexOf(' HTTP/')
  return cleanPath(end >= 0 ? rest.slice(0, end) : rest)
}

function cleanPath(target: string): string | null {
  if (!target || target === '-') return null
  let p = target
  const q = p.indexOf('?')
  if (q >= 0) p = p.slice(0, q)
  const h = p.indexOf('#')
  if (h >= 0) p = p.slice(0, h)
  // nginx's escapes are shown as the bytes they stand for (a quote reads as a quote, a run of
  // escaped UTF-8 bytes as its character); control bytes stay unreadable.
  if (p.includes('\\x'))
    p = p
      .replace(/(?:\\x[0-9A-Fa-f]{2})+/g, (run) =>
        Buffer.from(run.replace(/\\x/g, ''), 'hex').toString('utf8'),
      )
      .replace(CONTROL, '\uFFFD')
  if (p.length > MAX_PATH) p = `${p.slice(0, MAX_PATH - 1)}…`
  return p || null
}
