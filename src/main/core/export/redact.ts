// Redaction: what must never leave the app in an export. Built-in rules for the secret shapes
// responders paste and type (passwords on command lines, tokens, PEM private keys, URLs with
// credentials, AWS keys, Authorization headers), the team's own patterns, and every secret the
// app stores (target passwords, unsealed in memory only for matching). Each rule masks only the
// secret part of a match, so "PGPASSWORD=hunter2" stays readable as "PGPASSWORD=[REDACTED]".
import type { RedactionKind, RedactionPattern } from '../../../shared/contract'
import { InvalidParamsError } from '../errors'

export const MASK = '[REDACTED]'

interface Rule {
  kind: RedactionKind
  re: RegExp
  /** Index of the capture group holding the secret; 0 masks the whole match. */
  group: number
}

// `d` gives capture offsets, so the mask covers exactly the secret group.
const rule = (kind: RedactionKind, source: string, group = 0, flags = 'gd'): Rule => ({
  kind,
  re: new RegExp(source, flags),
  group,
})

/** The built-in rules, most specific first (a PEM block before the passwords inside it). */
export const builtInRules: readonly Rule[] = [
  rule(
    'private-key',
    '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\\s\\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)',
  ),
  // scheme://user:password@host — postgres, mysql, mongodb, redis, amqp, http(s)...
  rule('connection-string', '\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s:/@\'"]*:([^\\s@\'"]+)@', 1),
  rule(
    'bearer',
    '\\b(?:Authorization|Proxy-Authorization)\\s*[:=]\\s*(?:Basic|Bearer|Token)?\\s*([^\\s\'",;]+)',
    1,
    'gdi',
  ),
  rule('bearer', '\\bBearer\\s+([A-Za-z0-9._~+/=-]{8,})', 1, 'gdi'),
  rule('aws-access-key', '\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b'),
  rule(
    'aws-secret-key',
    '\\b(?:aws_secret_access_key|AWS_SECRET_ACCESS_KEY|aws_secret_key|SecretAccessKey)["\']?\\s*[:=]\\s*["\']?([A-Za-z0-9/+=]{40})',
    1,
  ),
  // PGPASSWORD=…, MYSQL_PWD=…, password=…, passwd: …, "password": "…", --password …
  rule(
    'password',
    '(?:\\b[A-Z0-9_]*(?:PASSWORD|PASSWD|PWD)\\b|\\b(?:password|passwd|pwd|pass)\\b)["\']?[ \\t]*[:=][ \\t]*["\']?([^\\s"\'&;,]+)',
    1,
    'gdi',
  ),
  rule('password', '(?<![\\w-])--password(?:=|\\s+)["\']?([^\\s"\']+)', 1),
  // mysql -pSECRET / sshpass -p SECRET: the value right after -p
  rule(
    'password',
    '\\b(?:mysql|mysqladmin|mysqldump|mariadb|sshpass)\\b[^\\n]*?\\s-p\\s*([^\\s-][^\\s]*)',
    1,
  ),
  rule(
    'token',
    '\\b(?:api[_-]?key|access[_-]?token|auth[_-]?token|secret[_-]?key|client[_-]?secret|token|secret)\\b["\']?[ \\t]*[:=][ \\t]*["\']?([A-Za-z0-9._~+/=-]{8,})',
    1,
    'gdi',
  ),
  // Well-known token shapes: GitHub, Slack, GitLab, JWT, Google API keys.
  rule('token', '\\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\\b'),
  rule('token', '\\bxox[abposr]-[A-Za-z0-9-]{10,}\\b'),
  rule('token', '\\bglpat-[A-Za-z0-9_-]{20,}\\b'),
  rule('token', '\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}'),
  rule('token', '\\bAIza[0-9A-Za-z_-]{35}\\b'),
]

export interface Span {
  start: number
  end: number
  kind: RedactionKind
}

export interface RedactResult {
  text: string
  spans: Span[]
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Turns a team pattern into a rule, or says which one is wrong and why. */
export function compileUserPattern(p: RedactionPattern): Rule {
  let re: RegExp
  try {
    re = new RegExp(p.pattern, 'gd')
  } catch (err) {
    throw new InvalidParamsError(
      `The redaction pattern "${p.name}" is not a valid regular expression (${(err as Error).message}). Fix or remove it.`,
    )
  }
  if (re.test('')) {
    throw new InvalidParamsError(
      `The redaction pattern "${p.name}" matches empty text, so it would mask nothing useful. Make it match at least one character.`,
    )
  }
  return { kind: 'user-pattern', re, group: 0 }
}

export class Redactor {
  private readonly rules: Rule[]

  constructor(opts: { patterns?: readonly RedactionPattern[]; knownSecrets?: readonly string[] }) {
    const known = [...new Set(opts.knownSecrets ?? [])]
      .filter((s) => s.length >= 4)
      // Longest first, so a secret that contains another is masked whole.
      .sort((a, b) => b.length - a.length)
    this.rules = [
      ...(known.length
        ? [
            {
              kind: 'known-secret' as const,
              re: new RegExp(known.map(escapeRe).join('|'), 'gd'),
              group: 0,
            },
          ]
        : []),
      ...builtInRules,
      ...(opts.patterns ?? []).map(compileUserPattern),
    ]
  }

  get knownSecretRules(): number {
    return this.rules.filter((r) => r.kind === 'known-secret').length
  }

  /** Where the secrets are in `text`: merged, non-overlapping spans in order. */
  find(text: string): Span[] {
    const found: Span[] = []
    for (const r of this.rules) {
      r.re.lastIndex = 0
      for (const m of text.matchAll(r.re)) {
        const at = m.indices?.[r.group]
        if (!at) continue
        const [start, end] = at
        if (end > start) found.push({ start, end, kind: r.kind })
      }
    }
    if (found.length < 2) return found
    found.sort((a, b) => a.start - b.start || b.end - a.end)
    const merged: Span[] = []
    for (const s of found) {
      const last = merged[merged.length - 1]
      if (last && s.start <= last.end) last.end = Math.max(last.end, s.end)
      else merged.push({ ...s })
    }
    return merged
  }

  redact(text: string): RedactResult {
    const spans = this.find(text)
    return { text: applySpans(text, spans), spans }
  }

  /** Only the masked text, for callers that do not count. */
  mask(text: string): string {
    return this.redact(text).text
  }
}

export function applySpans(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text
  let out = ''
  let pos = 0
  for (const s of spans) {
    out += text.slice(pos, s.start) + MASK
    pos = s.end
  }
  return out + text.slice(pos)
}

/** Context around a finding with the secret masked: what the preview shows. */
export function excerptOf(text: string, span: Span, context = 30): string {
  const from = Math.max(0, span.start - context)
  const to = Math.min(text.length, span.end + context)
  const before = text.slice(from, span.start)
  const after = text.slice(span.end, to)
  const clean = (s: string): string =>
    // Terminal escapes and newlines would garble a one-line preview.
    // eslint-disable-next-line no-control-regex
    s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/[\r\n\t]+/g, ' ')
  return `${from > 0 ? '…' : ''}${clean(before)}${MASK}${clean(after)}${to < text.length ? '…' : ''}`
}
