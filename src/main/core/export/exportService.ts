// Export for one open database: the redaction preview, running an export in any format with
// progress and cancellation, the team's redaction patterns, and the laptop's identity that
// bundles carry. Core makes one per store.
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import type Database from 'better-sqlite3'
import type {
  ExportFormat,
  ExportProgress,
  ExportResult,
  ParsedParams,
  RedactionPattern,
} from '../../../shared/contract'
import type { Incident } from '../../../shared/incidents'
import { InvalidParamsError, NotFoundError } from '../errors'
import { guardWrite } from '../store/writeGuard'
import { ExportCancelledError, ExportFailedError } from './errors'
import { ExportData } from './exportData'
import { PostmortemStore } from './postmortemStore'
import { makePrivateDir } from '../store/privateFiles'
import { storedSignatures, type InstallSigner } from './signing'
import { compileUserPattern, Redactor } from './redact'
import { ExportSink } from './sink'
import {
  writeCast,
  writeCsv,
  writeHtml,
  writeJson,
  writeMarkdown,
  type WriteContext,
} from './writers'

export interface ExportDeps {
  db: Database.Database
  path: string
  incident(id: string): Incident
  /** Every secret the app stores, unsealed in memory for matching only. */
  knownSecrets(): string[]
  exportsDir: string
  now(): number
  timeZone: string
  appVersion: string
  /** This install's Ed25519 signer (its key sealed like saved passwords); signs JSON bundles. */
  signer?: () => InstallSigner
  onProgress?: (p: ExportProgress) => void
  /** Minimum time between progress events (one is also sent at each tenth of the way). */
  progressEveryMs?: number
}

const extensions: Record<ExportFormat, string> = {
  markdown: 'md',
  html: 'html',
  json: 'sitrep.json',
  csv: 'csv',
  asciicast: 'cast',
}

const PATTERNS_KEY = 'export.redactionPatterns'
const LAPTOP_KEY = 'export.laptopId'
const INLINE_LIMIT = 5 * 1024 * 1024

/** File-name-safe words from a title; Japanese letters are kept. */
export function slug(s: string): string {
  const out = s
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return out || 'incident'
}

export class ExportService {
  readonly data: ExportData
  readonly postmortems: PostmortemStore
  private readonly running = new Map<string, AbortController>()

  constructor(private readonly deps: ExportDeps) {
    this.data = new ExportData(deps.db)
    this.postmortems = new PostmortemStore(deps.db, deps.path)
  }

  patterns(): RedactionPattern[] {
    const row = this.deps.db
      .prepare('SELECT value FROM settings WHERE key = ?')
      .get(PATTERNS_KEY) as { value: string } | undefined
    if (!row) return []
    try {
      const list = JSON.parse(row.value) as RedactionPattern[]
      // A pattern that no longer compiles is skipped rather than blocking every export.
      return list.filter((p) => {
        try {
          compileUserPattern(p)
          return true
        } catch {
          return false
        }
      })
    } catch {
      return []
    }
  }

  setPatterns(patterns: RedactionPattern[]): RedactionPattern[] {
    for (const p of patterns) compileUserPattern(p)
    guardWrite(this.deps.path, () =>
      this.deps.db
        .prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)')
        .run(PATTERNS_KEY, JSON.stringify(patterns)),
    )
    return patterns
  }

  /** This laptop, as bundles name it: a stable random id and the host name. */
  origin(): { id: string; name: string; app: string } {
    const db = this.deps.db
    let row = db.prepare('SELECT value FROM settings WHERE key = ?').get(LAPTOP_KEY) as
      { value: string } | undefined
    if (!row) {
      const id = randomUUID()
      guardWrite(this.deps.path, () =>
        db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(LAPTOP_KEY, id),
      )
      row = db.prepare('SELECT value FROM settings WHERE key = ?').get(LAPTOP_KEY) as {
        value: string
      }
    }
    return { id: row.value, name: hostname(), app: this.deps.appVersion }
  }

  redactor(extra: readonly RedactionPattern[] = []): Redactor {
    return new Redactor({
      patterns: [...this.patterns(), ...extra],
      knownSecrets: this.deps.knownSecrets(),
    })
  }

  cancel(exportId: string): { cancelled: boolean } {
    const c = this.running.get(exportId)
    if (!c) return { cancelled: false }
    c.abort()
    return { cancelled: true }
  }

  /** Cancels every running export (the store is closing). */
  cancelAll(): void {
    for (const c of this.running.values()) c.abort()
  }

  private destination(
    p: ParsedParams<'export.run'>,
    inc: Incident,
    n: number,
    title: string,
  ): string {
    const stamp = new Date(this.deps.now()).toISOString().replace(/[-:]/g, '').slice(0, 15)
    const extra =
      p.format === 'asciicast'
        ? `-${slug(title)}-${n + 1}`
        : p.format === 'markdown' || p.format === 'html'
          ? `-${p.lang}`
          : ''
    const base = join(this.deps.exportsDir, `${slug(inc.title)}-${stamp}${extra}`)
    // Two exports in the same second must not overwrite each other.
    let path = `${base}.${extensions[p.format]}`
    for (let i = 2; existsSync(path); i++) path = `${base}-${i}.${extensions[p.format]}`
    return path
  }

  async run(p: ParsedParams<'export.run'>, fixedPath?: string): Promise<ExportResult> {
    const inc = this.deps.incident(p.incidentId)
    const exportId = p.exportId ?? randomUUID()
    if (this.running.has(exportId))
      throw new InvalidParamsError(`Export ${exportId} is already running.`)
    const redactor = this.redactor(p.patterns)
    const sessions =
      p.format === 'asciicast'
        ? p.sessionId
          ? [this.data.session(p.sessionId)].filter((s) => s !== undefined)
          : this.data.sessions(inc.id)
        : p.format === 'json'
          ? this.data.sessions(inc.id)
          : []
    if (p.format === 'asciicast' && sessions.length === 0) {
      throw new NotFoundError(
        p.sessionId ? `Session ${p.sessionId}` : 'A recorded session of this incident',
      )
    }
    const events = p.format === 'asciicast' ? 0 : this.data.eventCount(inc.id)
    const total = events + this.data.transcriptBytes(sessions.map((s) => s.id))
    const controller = new AbortController()
    this.running.set(exportId, controller)
    let done = 0
    let lastEmit = 0
    let lastTenth = 0
    const every = this.deps.progressEveryMs ?? 100
    const emit = (phase: ExportProgress['phase']): void =>
      this.deps.onProgress?.({ exportId, incidentId: inc.id, format: p.format, phase, done, total })
    const saved = this.postmortems.get(inc.id)
    const ctx: WriteContext = {
      data: this.data,
      incident: inc,
      lang: p.lang,
      timeZone: this.deps.timeZone,
      redactor,
      postmortem: saved && saved.lang === p.lang ? saved : null,
      origin: this.origin(),
      ...(p.format === 'json' && this.deps.signer
        ? {
            signing: {
              signer: this.deps.signer(),
              received: storedSignatures(this.deps.db, inc.id),
            },
          }
        : {}),
      now: this.deps.now(),
      masked: { n: 0 },
      step: async (phase, amount) => {
        done = Math.min(total, done + amount)
        const now = Date.now()
        // At most every `every` ms, and at each tenth of the way: an export of 50 MB takes a
        // few hundred ms now, and its bar should still move rather than jump to the end.
        const tenth = total > 0 ? Math.floor((done * 10) / total) : 0
        if (now - lastEmit >= every || tenth > lastTenth) {
          lastEmit = now
          lastTenth = tenth
          emit(phase)
        }
        // Let a cancel (or any other call) in between pages.
        await new Promise<void>((resolve) => setImmediate(resolve))
        if (controller.signal.aborted) throw new ExportCancelledError()
      },
    }
    // Only the JSON bundle is for re-import: it always carries the postmortem, whatever its language.
    if (p.format === 'json') ctx.postmortem = saved
    const files: ExportResult['files'] = []
    const sinks: ExportSink[] = []
    try {
      const targets = p.format === 'asciicast' ? sessions : [null]
      for (const [n, s] of targets.entries()) {
        const path = fixedPath ?? this.destination(p, inc, n, s?.title ?? '')
        // The default exports folder is part of the data folder: private like it. A folder the
        // responder chose is theirs; each file in it is 0600 anyway (ExportSink).
        if (dirname(path) === this.deps.exportsDir) makePrivateDir(this.deps.exportsDir)
        else mkdirSync(dirname(path), { recursive: true })
        const sink = new ExportSink(path)
        sinks.push(sink)
        if (p.format === 'markdown') await writeMarkdown(ctx, sink)
        else if (p.format === 'html') await writeHtml(ctx, sink)
        else if (p.format === 'csv') await writeCsv(ctx, sink)
        else if (p.format === 'json') await writeJson(ctx, sink)
        else if (s) await writeCast(ctx, sink, s)
        if (controller.signal.aborted) throw new ExportCancelledError()
      }
      for (const sink of sinks) {
        await sink.commit()
        files.push({ path: sink.path, bytes: statSync(sink.path).size })
      }
      done = total
      emit('done')
    } catch (err) {
      for (const sink of sinks) await sink.abort()
      emit(err instanceof ExportCancelledError ? 'cancelled' : 'failed')
      if (err instanceof ExportCancelledError) throw err
      throw err instanceof Error &&
        'code' in err &&
        typeof err.code === 'string' &&
        err.code.startsWith('E')
        ? new ExportFailedError(`${err.message}.`, { cause: err })
        : err
    } finally {
      this.running.delete(exportId)
    }
    const first = files[0]
    const content =
      p.inline && files.length === 1 && first && first.bytes <= INLINE_LIMIT
        ? readFileSync(first.path, 'utf8')
        : null
    return { exportId, format: p.format, files, masked: ctx.masked.n, content }
  }
}
