// PostgreSQL's own parser (libpg-query: the server's grammar compiled to WASM, shipped inside the
// npm package, nothing downloaded). Loaded once at first import; parse and scan are synchronous.
import { loadModule, parseSync, scanSync, type ScanToken } from 'libpg-query'

await loadModule()

export type SqlStatement = Record<string, unknown>

export interface SqlParse {
  statements: Array<{ type: string; node: Record<string, unknown>; location: number }>
}

export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    /** 0-based offset in the text, when PostgreSQL says where. */
    readonly offset: number | null,
  ) {
    super(message)
  }
}

export function parseSql(text: string): SqlParse {
  let result: { stmts?: Array<{ stmt?: Record<string, unknown>; stmt_location?: number }> }
  try {
    result = parseSync(text) as typeof result
  } catch (err) {
    const details = (err as { sqlDetails?: { cursorPosition?: number } }).sqlDetails
    throw new SqlSyntaxError((err as Error).message, details?.cursorPosition ?? null)
  }
  const statements: SqlParse['statements'] = []
  for (const s of result.stmts ?? []) {
    const stmt = s.stmt ?? {}
    const type = Object.keys(stmt)[0] ?? 'Unknown'
    statements.push({
      type,
      node: (stmt[type] ?? {}) as Record<string, unknown>,
      location: s.stmt_location ?? 0,
    })
  }
  return { statements }
}

export type { ScanToken }

/** PostgreSQL's lexer: tokens with offsets (string constants, identifiers, keywords). */
export function scanSql(text: string): ScanToken[] {
  return scanSync(text).tokens
}
