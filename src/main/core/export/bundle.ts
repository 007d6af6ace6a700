// The JSON hand-over bundle, version 1: everything needed to recreate an incident on another
// laptop — the projection, every timeline event exactly as stored (uid, seq, times, zone,
// hashes), the sessions with their transcripts (bytes as base64), and the postmortem edits. The
// schema checks a bundle before anything is written; an event masked on export says so.
import { z } from 'zod'
import { postmortemFieldsSchema, type JsonObject } from '../../../shared/contract'
import { langs } from '../../../shared/incidents'

export const BUNDLE_FORMAT = 'sitrep-incident-bundle'
export const BUNDLE_VERSION = 1

const jsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValue),
    z.record(z.string(), jsonValue),
  ]),
)
const hash = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash in hex')
const ms = z.number().int()

export const bundleEventSchema = z.strictObject({
  uid: z.string().min(1).max(200),
  seq: z.number().int().positive(),
  at: ms,
  recordedAt: ms,
  tz: z.string().max(100),
  kind: z.string().min(1).max(200),
  actor: z.string().nullable(),
  payload: z.record(z.string(), jsonValue),
  amends: z.string().nullable(),
  prevHash: hash,
  hash,
  /** Which event hash covers it (store/hashChain.ts); absent for version 1. */
  hashVersion: z.literal(2).optional(),
  /** Present when redaction masked part of the payload: its content hash no longer matches. */
  redacted: z.literal(true).optional(),
  /**
   * On a masked event of a signed bundle: the exporter's Ed25519 signature over the uid, the
   * original's hash (`hash`, which the chain still links) and the hash of the masked form.
   */
  maskedSignature: z.string().max(200).optional(),
})
export type BundleEvent = z.infer<typeof bundleEventSchema> & { payload: JsonObject }

export const bundleSessionSchema = z.strictObject({
  id: z.string().min(1).max(200),
  kind: z.string().max(40),
  title: z.string().max(1000),
  cols: z.number().int().positive(),
  rows: z.number().int().positive(),
  startedAt: ms,
  endedAt: ms.nullable(),
  exitCode: z.number().int().nullable(),
  /** [at ms, direction, base64 bytes] */
  chunks: z.array(z.tuple([ms, z.enum(['o', 'i', 'r']), z.string()])),
})
export type BundleSession = z.infer<typeof bundleSessionSchema>

export const bundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  exportedAt: ms,
  /** The laptop that wrote the bundle: a stable id and its host name. */
  origin: z.strictObject({
    id: z.string().min(1).max(100),
    name: z.string().max(200),
    app: z.string().max(50),
  }),
  incident: z
    .object({
      id: z.string().min(1).max(200),
      title: z.string(),
      severity: z.string(),
      status: z.string(),
      declaredAt: ms,
      updatedAt: ms,
    })
    .loose(),
  postmortem: z
    .strictObject({
      lang: z.enum(langs),
      fields: postmortemFieldsSchema,
      updatedAt: ms,
      updatedBy: z.string().nullable(),
    })
    .nullable(),
  events: z.array(bundleEventSchema),
  sessions: z.array(bundleSessionSchema),
  /** Ed25519 signatures over chain heads: the exporter's, and those it received (signing.ts). */
  signatures: z
    .array(
      z.strictObject({
        install: z.string().min(1).max(100),
        name: z.string().max(200),
        publicKey: z.string().min(1).max(200),
        seq: z.number().int().positive(),
        hash,
        signature: z.string().min(1).max(200),
      }),
    )
    .max(1000)
    .optional(),
  /** Written last, so a truncated file fails here even if it still parses. */
  end: z.strictObject({
    events: z.number().int(),
    chunks: z.number().int(),
    masked: z.number().int(),
  }),
})
export type Bundle = z.infer<typeof bundleSchema>
