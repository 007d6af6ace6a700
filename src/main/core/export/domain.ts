// Export, import and postmortems for one open database, wired together. Core makes one per store
// (like the incidents domain) and drops it when the store changes. This class is the domain's
// facade: the rpc handlers call its methods and nothing deeper.
import { join } from 'node:path'
import type {
  ExportProgress,
  ExportResult,
  ImportResult,
  ParsedParams,
  PostmortemFields,
  PostmortemView,
  RedactionPattern,
  RedactionPreview,
} from '../../../shared/contract'
import type { Incident, Lang } from '../../../shared/incidents'
import type { Incidents } from '../incidents/domain'
import type { Store } from '../store/store'
import { ExportService } from './exportService'
import { importBundle } from './importBundle'
import { installSigner, type InstallSigner } from './signing'
import { renderMarkdown } from './markdown'
import { defaultFields, postmortemFacts } from './postmortem'
import { buildDoc } from './postmortemDoc'
import { previewRedaction } from './preview'
import type { Redactor } from './redact'

export { StreamRedactor } from './redactStream'
export type { Redactor } from './redact'

export interface ExportDomainOptions {
  /** The incidents of the same database: exports read them, imports announce them. */
  incidents: Incidents
  dataDir: string
  appVersion: string
  now(): number
  timeZone?: string
  onProgress?: (p: ExportProgress) => void
  /** Called after an import changed an incident (to announce it). */
  onImported?: (incident: Incident) => void
  /** Called after the responder saved a postmortem draft: a team shares the edit (#18). */
  onPostmortemSaved?: (
    incidentId: string,
    before: { lang: Lang; fields: PostmortemFields },
    after: { lang: Lang; fields: PostmortemFields },
    actor: string | null,
  ) => void
}

export class ExportDomain {
  readonly service: ExportService
  private readonly timeZone: string
  private signer: InstallSigner | undefined
  private readonly incidents: Incidents

  constructor(
    private readonly store: Pick<Store, 'db' | 'path' | 'timeline' | 'targets' | 'secrets'>,
    private readonly opts: ExportDomainOptions,
  ) {
    const incidents = opts.incidents
    this.incidents = incidents
    this.timeZone = opts.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
    this.service = new ExportService({
      db: store.db,
      path: store.path,
      incident: (id) => incidents.get(id),
      knownSecrets: () => this.knownSecrets(),
      exportsDir: join(opts.dataDir, 'exports'),
      now: opts.now,
      timeZone: this.timeZone,
      appVersion: opts.appVersion,
      signer: () =>
        (this.signer ??= installSigner(store.db, {
          seal: (plain) => store.secrets.sealValue(plain),
          open: (sealed) => store.secrets.openValue(sealed),
        })),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    })
  }

  /** Every stored target secret, unsealed here only to be matched, plus those already in use. */
  knownSecrets(): string[] {
    const values = new Set(this.store.secrets.knownValues())
    for (const t of this.store.targets.list()) {
      if (!t.hasSecret) continue
      try {
        const s = this.store.targets.secretOf(t.id)
        if (s) values.add(s)
      } catch {
        // A secret sealed with another key (other laptop's file) cannot leak from here either.
      }
    }
    return [...values]
  }

  preview(
    incidentId: string,
    patterns: ParsedParams<'export.preview'>['patterns'],
  ): Promise<RedactionPreview> {
    const inc = this.incidents.get(incidentId)
    const known = this.knownSecrets()
    return previewRedaction(
      this.service.data,
      inc,
      this.service.postmortems.get(inc.id),
      this.service.redactor(patterns),
      known.filter((s) => s.length >= 4).length,
    )
  }

  // Exports are written under <dataDir>/exports only, and import takes the bundle's text: a page
  // (possibly showing hostile remote output) can never choose a path on the disk.
  run(p: ParsedParams<'export.run'>): Promise<ExportResult> {
    return this.service.run(p)
  }

  /** The export redactor (built-in rules, the team's patterns, every saved secret). */
  redactor(): Redactor {
    return this.service.redactor()
  }

  cancel(exportId: string): { cancelled: boolean } {
    return this.service.cancel(exportId)
  }

  /** The team's redaction patterns. */
  patterns(): RedactionPattern[] {
    return this.service.patterns()
  }

  setPatterns(patterns: RedactionPattern[]): RedactionPattern[] {
    return this.service.setPatterns(patterns)
  }

  import(p: ParsedParams<'export.import'>): ImportResult {
    const result = this.runImport(p.content, p.actor, false)
    this.opts.onImported?.(this.incidents.get(result.incidentId))
    return result
  }

  /** What importing the bundle would do, without doing it (the import, rolled back). */
  importPreview(p: ParsedParams<'export.importPreview'>): ImportResult {
    return this.runImport(p.content, p.actor, true)
  }

  private runImport(text: string, actor: string | null, preview: boolean): ImportResult {
    return importBundle(
      {
        db: this.store.db,
        path: this.store.path,
        timeline: this.store.timeline,
        postmortems: this.service.postmortems,
        now: this.opts.now,
        existing: (id) => {
          try {
            return this.incidents.get(id)
          } catch {
            return null
          }
        },
      },
      text,
      actor,
      { preview },
    )
  }

  postmortem(incidentId: string, lang?: Lang): PostmortemView {
    const inc = this.incidents.get(incidentId)
    const saved = this.service.postmortems.get(incidentId)
    const language = lang ?? saved?.lang ?? 'en'
    const facts = postmortemFacts(
      inc,
      this.service.data.allEvents(incidentId),
      language,
      this.timeZone,
    )
    const fields = saved && saved.lang === language ? saved.fields : defaultFields(inc, facts)
    const markdown = renderMarkdown(buildDoc(facts, fields, language, (s) => s))
    return {
      incidentId,
      lang: language,
      facts,
      fields,
      saved: saved !== null && saved.lang === language,
      updatedAt: saved?.updatedAt ?? null,
      markdown,
    }
  }

  savePostmortem(
    incidentId: string,
    lang: Lang,
    fields: PostmortemFields,
    actor: string | null,
  ): PostmortemView {
    this.incidents.get(incidentId)
    // What the editor started from: the saved draft, or the generated one.
    const before = this.opts.onPostmortemSaved ? this.postmortemDraft(incidentId) : null
    this.service.postmortems.save(incidentId, {
      lang,
      fields,
      updatedAt: this.opts.now(),
      updatedBy: actor,
    })
    if (before)
      this.opts.onPostmortemSaved?.(
        incidentId,
        { lang: before.lang, fields: before.fields },
        { lang, fields },
        actor,
      )
    return this.postmortem(incidentId, lang)
  }

  /** The saved draft, or the generated one when none is saved (what an edit starts from). */
  postmortemDraft(incidentId: string): { lang: Lang; fields: PostmortemFields; saved: boolean } {
    const v = this.postmortem(incidentId)
    return { lang: v.lang, fields: v.fields, saved: v.saved }
  }

  /** Writes the draft as the team's edits made it (#18); no edit of this laptop is recorded. */
  applyTeamPostmortem(
    incidentId: string,
    lang: Lang,
    fields: PostmortemFields,
    updatedBy: string | null,
  ): void {
    this.service.postmortems.save(incidentId, {
      lang,
      fields,
      updatedAt: this.opts.now(),
      updatedBy,
    })
  }

  close(): void {
    this.service.cancelAll()
  }
}
