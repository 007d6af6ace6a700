// The runbook library: imported and built-in runbooks with every version kept. Re-importing
// changed Markdown adds a version; re-importing the same bytes adds nothing. Files are parsed
// first and saved in one transaction, so an import is all or nothing and a malformed runbook is
// saved whole with its warnings, never half. Identity: a runbook's id is its front matter `id`,
// else its path inside the imported folder (runbookIdentity.ts); each version keeps the file
// it came from and the SHA-256 of its bytes.
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { basename, extname } from 'node:path'
import type Database from 'better-sqlite3'
import type {
  ImportConflict,
  ImportOutcome,
  RunbookDetail,
  RunbookSummary,
  RunbookWarning,
} from '../../../shared/runbookSchemas'
import { InvalidParamsError, NotFoundError, SitrepError } from '../errors'
import { parseRunbook } from './parse'
import { runbookSlug } from './ids'
import { listRunbookFiles, RUNBOOK_EXTENSIONS } from './runbookFiles'
import type { Runbook } from './types'
import { allSteps } from './walk'

/** A runbook is text a person reads; anything bigger was picked by mistake. */
export const MAX_RUNBOOK_BYTES = 1_000_000

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
  /** Migration 6: NULL for pasted text and for versions stored before it. */
  path: string | null
  sha256: string | null
}

interface Parsed {
  source: string
  markdown: string
  runbook: Runbook
  builtin: boolean
  /** The folder's language for built-ins (resources/runbooks/<lang>/). */
  lang: 'en' | 'ja' | undefined
  /** Path inside the imported folder, `/`-separated: the id when the front matter has none. */
  relative: string
  /** The file as the user picked it (absolute for files main read); null for pasted text. */
  path: string | null
  sha256: string
}

/** What one file of an import would read as, before any of it is stored. */
interface ReadInput {
  bytes: string | Uint8Array
  source: string
  relative: string
  path: string | null
  builtin: boolean
  lang?: 'en' | 'ja'
}

export function emptyOutcome(): ImportOutcome {
  return { imported: [], new: [], changed: [], unchanged: [], conflicts: [], failed: [] }
}

const sha256Of = (input: string | Uint8Array): string =>
  createHash('sha256')
    .update(typeof input === 'string' ? Buffer.from(input, 'utf8') : input)
    .digest('hex')

/** Kana or kanji anywhere: the runbook is Japanese (the seeds carry no lang key). */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/

export function runbookLang(runbook: Runbook, markdown: string, hint?: 'en' | 'ja'): 'en' | 'ja' {
  return runbook.meta.lang ?? hint ?? (JAPANESE.test(markdown) ? 'ja' : 'en')
}

/**
 * `<lang>/<slug>`: the slug is the front matter id, else the file's path inside the imported
 * folder without its extension (`db/replication/readme`), else the title.
 */
export function runbookKey(
  runbook: Runbook,
  markdown: string,
  relative: string,
  hint?: 'en' | 'ja',
): string {
  return `${runbookLang(runbook, markdown, hint)}/${runbookSlug(runbook, relative)}`
}

export class RunbookLibrary {
  /** Parsed documents by id@version: versions never change, so the cache never goes stale. */
  private readonly cache = new Map<string, Runbook>()

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number,
  ) {}

  importText(text: string, source: string, builtin = false): ImportOutcome {
    const outcome = emptyOutcome()
    const name = basename(source)
    const parsed = this.parseOne(
      { bytes: text, source, relative: name, path: null, builtin },
      outcome,
    )
    return this.save(parsed ? [parsed] : [], outcome)
  }

  /**
   * Files of a folder read in the page: paths as picked, the folder's own name first. Their ids
   * follow the path after it, as if main had imported the folder itself.
   */
  importFiles(files: { path: string; text: string }[]): ImportOutcome {
    const outcome = emptyOutcome()
    const parsed: Parsed[] = []
    for (const f of files) {
      const segments = f.path.split(/[\\/]+/).filter((p) => p !== '' && p !== '.')
      if (segments.includes('..') || segments.length === 0) {
        outcome.failed.push({
          source: f.path,
          message: `${f.path} is not a path inside the picked folder; it was not imported.`,
        })
        continue
      }
      if (!RUNBOOK_EXTENSIONS.has(extname(f.path).toLowerCase())) continue
      // As when main walks a folder: hidden files and folders (.git, .github), node_modules.
      if (segments.some((p) => p.startsWith('.') || p === 'node_modules')) continue
      const relative = (segments.length > 1 ? segments.slice(1) : segments).join('/')
      const p = this.parseOne(
        { bytes: f.text, source: f.path, relative, path: segments.join('/'), builtin: false },
        outcome,
      )
      if (p) parsed.push(p)
    }
    return this.save(parsed, outcome)
  }

  importFile(path: string): ImportOutcome {
    // The path comes from the renderer: only runbook-like files, so a compromised page cannot
    // read ~/.ssh/id_ed25519 or a config file back through runbooks.get.
    if (!RUNBOOK_EXTENSIONS.has(extname(path).toLowerCase())) {
      throw new InvalidParamsError(
        `${basename(path)} is not a runbook file: import .md, .markdown or .txt files.`,
      )
    }
    const outcome = emptyOutcome()
    const parsed = this.readOne(path, basename(path), false, outcome)
    if (!parsed && outcome.failed.length === 0) {
      throw new NotFoundError(`The runbook file ${path}`)
    }
    return this.save(parsed ? [parsed] : [], outcome)
  }

  /**
   * Every .md/.markdown/.txt file in the folder and its sub-folders (hidden ones skipped), in
   * path order; each file's id comes from its path inside the folder.
   */
  importFolder(dir: string, builtin = false, lang?: 'en' | 'ja'): ImportOutcome {
    const files = listRunbookFiles(dir)
    const outcome = emptyOutcome()
    const parsed = files
      .map((f) => this.readOne(f.path, f.relative, builtin, outcome, lang))
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
      path: row.path,
      sha256: row.sha256,
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
    relative: string,
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
    return this.parseOne(
      {
        bytes,
        source: relative.includes('/') ? relative : basename(path),
        relative,
        path,
        builtin,
        lang,
      },
      outcome,
    )
  }

  private parseOne(input: ReadInput, outcome: ImportOutcome): Parsed | null {
    const { bytes, source } = input
    const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength
    if (size > MAX_RUNBOOK_BYTES) {
      outcome.failed.push({
        source,
        message: `${source} is ${Math.round(size / 1024)} KB; a runbook is at most ${MAX_RUNBOOK_BYTES / 1000} KB.`,
      })
      return null
    }
    try {
      const runbook = parseRunbook(bytes, source)
      const markdown =
        typeof bytes === 'string' ? bytes.replace(/^\uFEFF/, '') : new TextDecoder().decode(bytes)
      return {
        source,
        markdown,
        runbook,
        builtin: input.builtin,
        lang: input.lang,
        relative: input.relative,
        path: input.path,
        sha256: sha256Of(bytes),
      }
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
      `INSERT INTO runbooks (id, version, title, lang, source, markdown, hash, warnings, imported_at, builtin, path, sha256)
       VALUES (@id, @version, @title, @lang, @source, @markdown, @hash, @warnings, @imported_at, @builtin, @path, @sha256)`,
    )
    // Two files of one import with the same id: neither is saved, both are named.
    const byId = new Map<string, Parsed[]>()
    for (const p of parsed) {
      const id = runbookKey(p.runbook, p.markdown, p.relative, p.lang)
      byId.set(id, [...(byId.get(id) ?? []), p])
    }
    this.db.transaction(() => {
      for (const [id, group] of byId) {
        const [p] = group
        if (!p) continue
        if (group.length > 1) {
          outcome.conflicts.push(sharedIdConflict(id, group))
          continue
        }
        const prev = latest.get(id) as RunbookRow | undefined
        const clash = prev ? storedConflict(id, p, prev) : null
        if (clash) {
          outcome.conflicts.push(clash)
          continue
        }
        // Unchanged bytes add nothing, unless the stored copy no longer reads (damaged on
        // disk): then the same text is stored again as a new version. Versions stored before
        // migration 6 have no SHA-256 and are compared by their text's digest.
        const same =
          prev && (prev.sha256 ? prev.sha256 === p.sha256 : prev.hash === p.runbook.digest)
        if (prev && same && this.readable(prev)) {
          outcome.imported.push({
            summary: this.summaryOf(prev),
            created: false,
            status: 'unchanged',
          })
          outcome.unchanged.push(id)
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
          path: p.path,
          sha256: p.sha256,
        }
        insert.run(row)
        this.cache.set(`${id}@${row.version}`, p.runbook)
        const status = prev ? 'changed' : 'new'
        outcome.imported.push({ summary: this.summaryOf(row), created: true, status })
        outcome[status].push(id)
      }
    })()
    return outcome
  }
}

function sharedIdConflict(id: string, group: Parsed[]): ImportConflict {
  const sources = group.map((g) => g.path ?? g.source)
  return {
    id,
    sources,
    message: `${sources.join(', ')} would all be the runbook ${id}; none of them was imported. Give each its own "id:" in the front matter, or rename one.`,
  }
}

/**
 * A stored runbook already holds the id and this file is not a new version of it: a user file
 * over a built-in (or the other way round), or a file found by its path whose id a different
 * file took before (the same relative path under another folder). A front matter `id` is the
 * author saying which runbook this is, so any file with it may add a version.
 */
function storedConflict(id: string, p: Parsed, prev: RunbookRow): ImportConflict | null {
  const source = p.path ?? p.source
  if ((prev.builtin === 1) !== p.builtin) {
    return {
      id,
      sources: [source],
      message: prev.builtin
        ? `${source} would replace the built-in runbook ${id}; it was not imported. Give it its own "id:" in the front matter.`
        : `The built-in runbook ${id} has the same id as one imported from ${prev.path ?? prev.source}; the built-in was not loaded.`,
    }
  }
  if (p.builtin || p.runbook.meta.id !== undefined) return null
  if (prev.path === null || p.path === null || prev.path === p.path) return null
  return {
    id,
    sources: [source],
    message: `${source} would be the runbook ${id}, which was imported from ${prev.path}; it was not imported. Give it its own "id:" in the front matter, or import its folder from one level up.`,
  }
}
