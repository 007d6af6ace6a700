// Validation at the boundary for export, redaction, hand-over import and the postmortem editor:
// the parameters of every export.* / postmortem.* method, their results and the progress event.
import { z } from 'zod'
import { langs, type Lang } from './incidents'
import { id } from './primitives'

export const exportFormats = ['markdown', 'html', 'json', 'csv', 'asciicast'] as const
export type ExportFormat = (typeof exportFormats)[number]

/** What the redactor looks for; `known-secret` is a password the app stores for a target. */
export const redactionKinds = [
  'password',
  'token',
  'private-key',
  'connection-string',
  'aws-access-key',
  'aws-secret-key',
  'bearer',
  'known-secret',
  'user-pattern',
] as const
export type RedactionKind = (typeof redactionKinds)[number]

/** A responder-defined pattern (RE2 syntax, matched in linear time, case-sensitively unless `(?i)`). */
export interface RedactionPattern {
  name: string
  pattern: string
}

const patternSchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  pattern: z.string().min(1).max(500),
})

/** Postmortem sections the responder writes; the facts are computed from the timeline. */
export const postmortemFieldsSchema = z.strictObject({
  summary: z.string().max(20_000),
  usersAffected: z.string().max(2_000),
  dataLoss: z.enum(['yes', 'no', 'unknown']),
  businessImpact: z.string().max(2_000),
  directCause: z.string().max(20_000),
  rootCause: z.string().max(20_000),
  fiveWhys: z.array(z.string().max(2_000)).max(10),
  howItHappened: z.string().max(20_000),
  initialResponse: z.string().max(20_000),
  mainResponse: z.string().max(20_000),
  recoverySteps: z.string().max(20_000),
  preventionImmediate: z.string().max(20_000),
  preventionLongTerm: z.string().max(20_000),
  preventionMonitoring: z.string().max(20_000),
  wentWell: z.string().max(20_000),
  toImprove: z.string().max(20_000),
  runbookUpdates: z.string().max(20_000),
  actionItems: z
    .array(
      z.strictObject({
        title: z.string().trim().min(1).max(500),
        owner: z.string().max(100),
        /** YYYY-MM-DD, or empty while undecided. */
        due: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]),
        done: z.boolean(),
      }),
    )
    .max(100),
})
export type PostmortemFields = z.infer<typeof postmortemFieldsSchema>

export const exportParamSchemas = {
  'export.preview': z.strictObject({
    incidentId: id,
    /** Extra patterns for this export only; the saved ones always apply. */
    patterns: z.array(patternSchema).max(50).default([]),
  }),
  /** Files go under <dataDir>/exports: main never writes where a page asks. */
  'export.run': z.strictObject({
    incidentId: id,
    format: z.enum(exportFormats),
    /** Chosen by the caller so it can cancel before the call returns. */
    exportId: id.optional(),
    lang: z.enum(langs).default('en'),
    /** asciicast: one session; omitted exports every recorded session of the incident. */
    sessionId: id.optional(),
    patterns: z.array(patternSchema).max(50).default([]),
    /** Also return the text (small exports only), e.g. to show or copy it. */
    inline: z.boolean().default(false),
  }),
  'export.cancel': z.strictObject({ exportId: id }),
  'export.import': z.strictObject({
    /** The bundle text (a file the responder picked). Main never reads a path a page names. */
    content: z.string().max(200 * 1024 * 1024),
    actor: z.string().trim().max(100).nullable().default(null),
  }),
  /** The same as export.import, rolled back: what it would create or merge, shown first. */
  'export.importPreview': z.strictObject({
    content: z.string().max(200 * 1024 * 1024),
    actor: z.string().trim().max(100).nullable().default(null),
  }),
  'export.patterns': z.strictObject({}),
  'export.setPatterns': z.strictObject({ patterns: z.array(patternSchema).max(50) }),
  'postmortem.get': z.strictObject({ incidentId: id, lang: z.enum(langs).optional() }),
  'postmortem.save': z.strictObject({
    incidentId: id,
    lang: z.enum(langs),
    fields: postmortemFieldsSchema,
    actor: z.string().trim().max(100).nullable().default(null),
  }),
}

export interface RedactionFinding {
  kind: RedactionKind
  /** Where it was found: "event #12 (note)", "session web-1 output", "incident title". */
  where: string
  /** A little context with the secret already masked: safe to show. */
  excerpt: string
}

export interface RedactionPreview {
  total: number
  byKind: Partial<Record<RedactionKind, number>>
  /** The first findings (at most 200), in the order they appear. */
  findings: RedactionFinding[]
  /** Known secrets compared (their values are never returned). */
  knownSecrets: number
}

export interface ExportedFile {
  path: string
  bytes: number
}

export interface ExportResult {
  exportId: string
  format: ExportFormat
  files: ExportedFile[]
  /** How many values were masked. */
  masked: number
  /** The text when `inline` was asked for and it is under 5 MB. */
  content: string | null
}

export interface MergeConflict {
  /** e.g. "severity", "status", "field:title", "role:commander". */
  field: string
  local: { value: string; at: number; actor: string | null }
  imported: { value: string; at: number; actor: string | null }
  /** What the incident shows after the merge: the later change wins, the other stays listed. */
  kept: 'local' | 'imported'
}

export interface ImportResult {
  incidentId: string
  title: string
  /** created: the incident was new here; merged: events were added to the local copy. */
  mode: 'created' | 'merged'
  added: number
  /** Events both copies already had (same uid). */
  duplicates: number
  sessions: number
  conflicts: MergeConflict[]
  /** The laptop that exported the bundle. */
  origin: string
  /** Events whose text was masked on export: their content hash cannot be re-checked. */
  redactedEvents: number
  /**
   * The installs whose Ed25519 signature over the chain verified, each with the events it
   * covers (#1 to throughSeq); empty for a bundle from a version that did not sign.
   */
  signers: ChainSigner[]
}

export interface ChainSigner {
  /** The install's stable id and the host name it gave. */
  install: string
  name: string
  /** First 16 hex digits of the SHA-256 of its public key: compare with the sender's. */
  fingerprint: string
  throughSeq: number
}

export interface PostmortemFacts {
  title: string
  severity: string
  status: string
  occurredAt: number | null
  detectedAt: number
  declaredAt: number
  recoveredAt: number | null
  closedAt: number | null
  mttdMs: number | null
  mttrMs: number | null
  services: string[]
  roles: { role: string; name: string }[]
  severityHistory: { at: number; from: string | null; to: string; actor: string | null }[]
  timeline: { at: number; text: string; who: string; pinned: boolean }[]
  /** Commands run and checklist steps ticked, from the runbook runner's events. */
  actions: { at: number; text: string; who: string }[]
  timeZone: string
}

export interface PostmortemView {
  incidentId: string
  lang: Lang
  facts: PostmortemFacts
  fields: PostmortemFields
  /** Never saved: the fields are the generated draft. */
  saved: boolean
  updatedAt: number | null
  markdown: string
}

export interface ExportMethodResults {
  'export.preview': RedactionPreview
  'export.run': ExportResult
  'export.cancel': { cancelled: boolean }
  'export.import': ImportResult
  'export.importPreview': ImportResult
  'export.patterns': RedactionPattern[]
  'export.setPatterns': RedactionPattern[]
  'postmortem.get': PostmortemView
  'postmortem.save': PostmortemView
}

export interface ExportProgress {
  exportId: string
  incidentId: string
  format: ExportFormat
  /** What is being written: events, transcripts, file. */
  phase: 'events' | 'transcripts' | 'done' | 'cancelled' | 'failed'
  done: number
  total: number
}

export interface ExportEventPayloads {
  'export.progress': ExportProgress
}

export const exportEventNames: (keyof ExportEventPayloads)[] = ['export.progress']
