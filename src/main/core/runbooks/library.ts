// The runbook library: imported and built-in runbooks with every version kept. Re-importing
// changed Markdown adds a version; re-importing the same text adds nothing. Files are parsed
// first and saved in one transaction, so an import is all or nothing and a malformed runbook is
// saved whole with its warnings, never half.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import type Database from 'better-sqlite3'
import type {
  ImportOutcome,
  RunbookDetail,
  RunbookSummary,
  RunbookWarning,
} from '../../../shared/runbookSchemas'
import { InvalidParamsError, NotFoundError, SitrepError } from '../errors'
import { slug } from './ids'
import { parseRunbook } from './parse'
import type { Runbook } from './types'
import { allSteps } from './walk'

/** A runbook is text a person reads; anything bigger was picked by mistake. */
export const MAX_RUNBOOK_BYTES = 1_000_000
const RUNBOOK_EXTENSIONS = new Set(['.md', '.markdown', '.txt'])

interface RunbookRow {
  id: string
  version: number
  title: string
  lang: 'en' | 'ja'
  source: string
  markdown: string
  hash: string
  warnings: string
  imported_at: number
  builtin: number
}

interface Parsed {
  source: string
  markdown: string
  runbook: Runbook
  builtin: boolean
  /** The folder's language for built-ins (resources/runbooks/<lang>/). */
  lang: 'en' | 'ja' | undefined
}

/** Kana or kanji anywhere: the runbook is Japanese (the seeds carry no lang key). */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/

export function runbookLang(runbook: Runbook, markdown: string, hint?: 'en' | 'ja'): 'en' | 'ja' {
  return runbook.meta.lang ?? hint ?? (JAPANESE.test(markdown) ? 'ja' : 'en')
}

/** `<lang>/<slug>`: the front matter id, else the file name, else the title. */
export function runbookKey(
  runbook: Runbook,
  markdown: string,
  source: string,
  hint?: 'en' | 'ja',
): string {
  const base = basename(source, extname(source))
  const name = runbook.meta.id ?? (base !== '' ? base : runbook.title)
  return `${runbookLang(runbook, markdown, hint)}/${slug(name, 80)}`
}

export class RunbookLibrary {
  /** Parsed documents by id@version: versions never change, so the cache never goes stale. */
  private readonly cache = new Map<string, Runbook>()

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {}

  importText(text: string, source: string, builtin = false): ImportOutcome {
    const outcome: ImportOutcome = { imported: [], failed: [] }
    const parsed = this.parseOne(text, source, builtin, outcome)
    return this.save(parsed ? [parsed] : [], outcome)
  }

  importFile(path: string): ImportOutcome {
    // The path comes from the renderer: only runbook-like files, so a compromised page cannot
    // read ~/.ssh/id_ed25519 or a config file back through runbooks.get.
    if (!RUNBOOK_EXTENSIONS.has(extname(path).toLowerCase())) {
      throw new InvalidParamsError(
        `${basename(path)} is not a runbook file: import .md, .markdown or .txt files.`,
      )
    }
    const outcome: ImportOutcome = { imported: [], failed: [] }
    const parsed = this.readOne(path, false, outcome)
    if (!parsed && outcome.failed.length === 0) {
      throw new NotFoundError(`The runbook file ${path}`)
    }
    return this.save(parsed ? [parsed] : [], outcome)
  }

  /** Every .md/.markdown/.txt file directly in the folder, in name order. */
  importFolder(dir: string, builtin = false, lang?: 'en' | 'ja'): ImportOutcome {
    const files = listRunbookFiles(dir)
    const outcome: ImportOutcome = { imported: [], failed: [] }
    const parsed = files
      .map((f) => this.readOne(f, builtin, outcome, lang))
      .filter((p): p is Parsed => p !== null)
    return this.save(parsed, outcome)
  }

  /** The latest version of each runbook, optionally of one language, by title. */
  list(lang?: 'en' | 'ja'): RunbookSummary[] {
    const rows = this.db
      .prepare(
        `SELECT r.* FROM runbooks r
         WHERE r.version = (SELECT max(version) FROM runbooks WHERE id = r.id)
           AND (@lang IS NULL OR r.lang = @lang)
         ORDER BY r.builtin DESC, r.title`,
      )
      .all({ lang: lang ?? null }) as RunbookRow[]
    return rows.map((r) => this.summaryOf(r))
  }

  get(id: string, version?: number): RunbookDetail {
    const row = this.row(id, version)
    return { summary: this.summaryOf(row), document: this.documentOf(row) }
  }

  /** The parsed runbook of one version (what an incident runs). */
  document(id: string, version: number): Runbook {
    return this.documentOf(this.row(id, version))
  }

  latestVersion(id: string): number | null {
    const r = this.db.prepare('SELECT max(version) AS v FROM runbooks WHERE id = ?').get(id) as {
      v: number | null
    }
    return r.v
  }

  private row(id: string, version?: number): RunbookRow {
    const row = (
      version === undefined
        ? this.db
            .prepare('SELECT * FROM runbooks WHERE id = ? ORDER BY version DESC LIMIT 1')
            .get(id)
        : this.db.prepare('SELECT * FROM runbooks WHERE id = ? AND version = ?').get(id, version)
    ) as RunbookRow | undefined
    if (!row) {
      throw new NotFoundError(
        version === undefined ? `The runbook ${id}` : `Version ${version} of the runbook ${id}`,
      )
    }
    return row
  }

  /** Never throws: a stored row damaged on disk is listed without steps (get() explains). */
  summaryOf(row: RunbookRow): RunbookSummary {
    let steps = 0
    try {
      steps = allSteps(this.documentOf(row)).length
    } catch {
      // Unreadable stored text (a damaged file): listed, and re-imported over by the next import.
    }
    let warnings: RunbookWarning[] = []
    try {
      warnings = JSON.parse(row.warnings) as RunbookWarning[]
    } catch {
      // Same: damaged warnings are not worth failing the list for.
    }
    return {
      id: row.id,
      slug: row.id.slice(row.id.indexOf('/') + 1),
      lang: row.lang,
      version: row.version,
      title: row.title,
      source: row.source,
      hash: row.hash,
      importedAt: row.imported_at,
      builtin: row.builtin === 1,
      warnings,
      steps,
    }
  }

  private readable(row: RunbookRow): boolean {
    try {
      this.documentOf(row)
      return true
    } catch {
      return false
    }
  }

  private documentOf(row: RunbookRow): Runbook {
    const key = `${row.id}@${row.version}`
    let doc = this.cache.get(key)
    if (!doc) {
      doc = parseRunbook(row.markdown, row.source)
      this.cache.set(key, doc)
    }
    return doc
  }

  private readOne(
    path: string,
    builtin: boolean,
    outcome: ImportOutcome,
    lang?: 'en' | 'ja',
  ): Parsed | null {
    let bytes: Buffer
    try {
      const st = statSync(path)
      if (st.isDirectory()) {
        throw new InvalidParamsError(`${path} is a folder: import it as a folder instead.`)
      }
      if (st.size > MAX_RUNBOOK_BYTES) {
        outcome.failed.push({
          source: path,
          message: `${basename(path)} is ${Math.round(st.size / 1024)} KB; a runbook is at most ${MAX_RUNBOOK_BYTES / 1000} KB. Is it the right file?`,
        })
        return null
      }
      bytes = readFileSync(path)
    } catch (err) {
      if (err instanceof SitrepError) throw err
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return null
      outcome.failed.push({
        source: path,
        message: `${path} could not be read (${code ?? String(err)}). Check the file's permissions.`,
      })
      return null
    }
    return this.parseOne(bytes, basename(path), builtin, outcome, lang)
  }

  private parseOne(
    input: string | Uint8Array,
    source: string,
    builtin: boolean,
    outcome: ImportOutcome,
    lang?: 'en' | 'ja',
  ): Parsed | null {
    const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength
    if (size > MAX_RUNBOOK_BYTES) {
      outcome.failed.push({
        source,
        message: `${source} is ${Math.round(size / 1024)} KB; a runbook is at most ${MAX_RUNBOOK_BYTES / 1000} KB.`,
      })
      return null
    }
    try {
      const runbook = parseRunbook(input, source)
      const markdown =
        typeof input === 'string' ? input.replace(/^\uFEFF/, '') : new TextDecoder().decode(input)
      return { source, markdown, runbook, builtin, lang }
    } catch (err) {
      if (!(err instanceof SitrepError)) throw err
      outcome.failed.push({ source, message: err.message })
      return null
    }
  }

  /** All parsed runbooks in one transaction: a failure saves none of them. */
  private save(parsed: Parsed[], outcome: ImportOutcome): ImportOutcome {
    const latest = this.db.prepare(
      'SELECT * FROM runbooks WHERE id = ? ORDER BY version DESC LIMIT 1',
    )
    const insert = this.db.prepare(
      `INSERT INTO runbooks (id, version, title, lang, source, markdown, hash, warnings, imported_at, builtin)
       VALUES (@id, @version, @title, @lang, @source, @markdown, @hash, @warnings, @imported_at, @builtin)`,
    )
    const keys = new Set<string>()
    this.db.transaction(() => {
      for (const p of parsed) {
        const id = runbookKey(p.runbook, p.markdown, p.source, p.lang)
        if (keys.has(id)) {
          outcome.failed.push({
            source: p.source,
            message: `${p.source} has the same id (${id}) as another file of this import; give one of them its own "id:" in the front matter.`,
          })
          continue
        }
        keys.add(id)
        const prev = latest.get(id) as RunbookRow | undefined
        // Unchanged text adds nothing, unless the stored copy no longer reads (damaged on disk):
        // then the same text is stored again as a new version.
        if (prev && prev.hash === p.runbook.digest && this.readable(prev)) {
          outcome.imported.push({ summary: this.summaryOf(prev), created: false })
          continue
        }
        const row: RunbookRow = {
          id,
          version: (prev?.version ?? 0) + 1,
          title: p.runbook.title,
          lang: runbookLang(p.runbook, p.markdown, p.lang),
          source: p.source,
          markdown: p.markdown,
          hash: p.runbook.digest,
          warnings: JSON.stringify(p.runbook.warnings),
          imported_at: this.now(),
          builtin: p.builtin ? 1 : 0,
        }
        insert.run(row)
        this.cache.set(`${id}@${row.version}`, p.runbook)
        outcome.imported.push({ summary: this.summaryOf(row), created: true })
      }
    })()
    return outcome
  }
}

export function listRunbookFiles(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new NotFoundError(`The folder ${dir}`)
    if (code === 'ENOTDIR') {
      throw new InvalidParamsError(`${dir} is a file, not a folder: import it as a file instead.`)
    }
    throw new InvalidParamsError(`The folder ${dir} could not be read (${code ?? String(err)}).`)
  }
  return names
    .filter((n) => RUNBOOK_EXTENSIONS.has(extname(n).toLowerCase()) && !n.startsWith('.'))
    .sort()
    .map((n) => join(dir, n))
}
