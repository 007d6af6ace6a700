// SQL placeholders become literals or identifiers, chosen by where PostgreSQL's own lexer and
// parser put them, never raw text: inside '…' the value's quotes are doubled, inside "…" too,
// a bare placeholder is a literal where a literal parses and an identifier where only a name
// does; anywhere else (a keyword's place, half of a name) the value is refused naming the line.
import { sqlPosition, unsafePosition } from '../placeholderErrors'
import { lineAt, PLAIN, SENTINEL, type Edit, type PendingValue } from '../fillValues'
import { parseSql, scanSql, type ScanToken } from './postgres'

export const quoteLiteral = (v: string): string => `'${v.replace(/'/g, "''")}'`
export const quoteIdent = (v: string): string => `"${v.replace(/"/g, '""')}"`

export function fillSqlEdits(
  text: string,
  values: ReadonlyMap<string, PendingValue>,
  firstLine: number,
): Edit[] {
  const edits: Edit[] = []
  // psql's backslash lines are not SQL: only plain values go there.
  const sqlOnly = text
    .split('\n')
    .map((l) => (l.trim().startsWith('\\') ? ' '.repeat(l.length) : l))
    .join('\n')
  let tokens: ScanToken[] | null
  try {
    tokens = scanSql(sqlOnly)
  } catch {
    tokens = null
  }
  for (const m of text.matchAll(SENTINEL)) {
    const start = m.index
    const end = start + m[0].length
    const pv = values.get(m[0])
    if (!pv) continue
    const line = firstLine + lineAt(text, start) - 1
    const onMeta = sqlOnly.slice(start, end).trim() === ''
    if (onMeta) {
      edits.push({ start, end, text: metaArgument(text, start, pv.value) })
      continue
    }
    if (tokens === null) throw sqlPosition(pv.name, line)
    const token = tokens.find((t) => t.start <= start && end <= t.end)
    edits.push({ start, end, text: fillAt(token, text, sqlOnly, start, end, pv, line) })
  }
  return edits
}

/**
 * A value in a psql backslash command's arguments: psql reads '…' with '' for a quote and C
 * escapes for backslashes, and nothing inside it (no backquote command, no :variable).
 */
function metaArgument(text: string, start: number, v: string): string {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1
  const quotesBefore = (text.slice(lineStart, start).match(/'/g) ?? []).length
  const inner = v.replace(/\\/g, '\\\\').replace(/'/g, "''")
  if (quotesBefore % 2 === 1) return inner
  return PLAIN.test(v) ? v : `'${inner}'`
}

function fillAt(
  token: ScanToken | undefined,
  text: string,
  sqlOnly: string,
  start: number,
  end: number,
  pv: PendingValue,
  line: number,
): string {
  const v = pv.value
  if (!token || /COMMENT/.test(token.tokenName)) {
    // A comment: `--` ends at a newline (refused in values); `/* */` at `*/` and nests on `/*`.
    const block = !token || token.text.startsWith('/*')
    if (block && /\*\/|\/\*/.test(v)) throw unsafePosition(pv.name, line, 'in an SQL comment')
    return v
  }
  const t = token.text
  if (t.startsWith("'") || /^[nN]'/.test(t)) return v.replace(/'/g, "''")
  if (/^[eE]'/.test(t)) return v.replace(/\\/g, '\\\\').replace(/'/g, "''")
  if (t.startsWith('"')) return v.replace(/"/g, '""')
  if (t.startsWith('$')) {
    if (v.includes('$')) throw unsafePosition(pv.name, line, 'in a dollar-quoted string')
    return v
  }
  if (token.start !== start || token.end !== end) throw sqlPosition(pv.name, line)
  if (!/^(IDENT|UNKNOWN)$/.test(token.tokenName) && token.keywordKind !== 0)
    throw sqlPosition(pv.name, line)
  // A bare placeholder: a value where a literal parses, else a name where an identifier parses.
  const probe = (replacement: string): boolean => {
    try {
      parseSql(sqlOnly.slice(0, start) + replacement + sqlOnly.slice(end))
      return true
    } catch {
      return false
    }
  }
  // An unsigned number is a literal as written (`pg_terminate_backend(12345)`); anything else
  // is quoted.
  if (probe("'v'")) return /^\d+(\.\d+)?$/.test(v) ? v : quoteLiteral(v)
  if (probe('"v"')) return quoteIdent(v)
  void text
  throw sqlPosition(pv.name, line)
}
