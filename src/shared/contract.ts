// The one contract between main and renderer: every method, its parameter schema and result
// type, every event stream, and the binary frame format for terminal bytes. The Electron IPC
// binding, the loopback WebSocket bridge, the preload and the renderer client are all typed
// from this file; nothing about the boundary is written twice.
import { z } from 'zod'
import type { LostSession, SessionInfo, TimelineEvent } from './base'
import { cols, id, rows, tags } from './primitives'
import {
  incidentEventNames,
  incidentParamSchemas,
  type IncidentEventPayloads,
  type IncidentMethodResults,
} from './incidentSchemas'
import {
  exportEventNames,
  exportParamSchemas,
  type ExportEventPayloads,
  type ExportMethodResults,
} from './exportSchemas'
import {
  runbookEventNames,
  runbookParamSchemas,
  type RunbookEventPayloads,
  type RunbookMethodResults,
} from './runbookSchemas'
import {
  metricsEventNames,
  metricsParamSchemas,
  type MetricsEventPayloads,
  type MetricsMethodResults,
} from './metricsSchemas'
import { secretsParamSchemas, type SecretsMethodResults } from './secretsSchemas'
import {
  awsEventNames,
  awsParamSchemas,
  type AwsEventPayloads,
  type AwsMethodResults,
} from './awsSchemas'
import { redisParamSchemas, type RedisMethodResults } from './redisSchemas'
import {
  teamEventNames,
  teamParamSchemas,
  type TeamEventPayloads,
  type TeamMethodResults,
} from './teamSchemas'
import {
  notifyEventNames,
  notifyParamSchemas,
  type NotifyEventPayloads,
  type NotifyMethodResults,
} from './notifySchemas'
import {
  sessionEventNames,
  sessionParamSchemas,
  type SessionEventPayloads,
  type SessionMethodResults,
} from './sessionSchemas'

export * from './base'
export * from './incidents'
export * from './incidentSchemas'
export * from './exportSchemas'
export * from './runbookSchemas'
export * from './metricsSchemas'
export * from './sessionSchemas'
export * from './secretsSchemas'
export * from './awsSchemas'
export * from './redisSchemas'
export * from './teamSchemas'
export * from './notifySchemas'

// ---------------------------------------------------------------------------------------------
// Shared value types

export interface ChainVerdict {
  intact: boolean
  events: number
  /** First event whose hash or link does not match, when broken. */
  brokenAtSeq: number | null
  reason: string | null
}

export interface BackupInfo {
  file: string
  createdAt: number
  bytes: number
}

export type StoreIntegrity =
  | { state: 'checking' }
  | { state: 'ok'; checkedAt: 'open' | 'background'; ms: number }
  | { state: 'damaged'; message: string; backups: BackupInfo[] }
  | { state: 'unchecked'; message: string }

export type StoreStatus =
  | {
      state: 'ready'
      path: string
      schemaVersion: number
      lastBackup: BackupInfo | null
      /**
       * Files and folders of the data folder that other accounts could read when it was opened
       * and that were made private (0700/0600); absent when there were none.
       */
      permissionsRepaired?: number
      /**
       * The full check of the file's pages (quick_check). A small file is checked at open; a
       * bigger one after the first paint, in the background (issue #20): 'checking', then 'ok',
       * 'damaged' (what SQLite found; the backups to open instead), or 'unchecked' when the check
       * could not run. The cheap checks (header, schema version, tables) always run at open.
       */
      integrity?: StoreIntegrity
    }
  | {
      state: 'unavailable'
      /** corrupt: not a database or damaged; unreadable: permissions, locked, missing dir. */
      reason: 'corrupt' | 'unreadable' | 'too-new'
      path: string
      message: string
      backups: BackupInfo[]
    }

export type SshAuthKind = 'agent' | 'key' | 'password' | 'keyboard-interactive'

/** A host or service the responder works on. Secrets are never part of it: only whether one is stored. */
export interface Target {
  id: string
  kind: 'ssh'
  name: string
  host: string
  port: number
  user: string
  authKind: SshAuthKind
  /** Private key file for 'key' auth. */
  keyPath: string | null
  /** A password or key passphrase is stored (sealed) for this target. */
  hasSecret: boolean
  /** Jump hosts (target ids), in order: ProxyJump. */
  jumpVia: string[]
  tags: string[]
  /** Tagged production/prod: dangerous commands always need confirmation, databases read-only. */
  production: boolean
  keepaliveSec: number
  /**
   * How the host is reached when its ssh config says ProxyCommand (as written, tokens expanded
   * at connect). Set only by importing an ssh config; absent otherwise.
   */
  proxyCommand?: string
}

/** A host of an imported ssh config that OpenSSH could not evaluate (not imported). */
export interface FailedImportHost {
  alias: string
  error: string
}

export interface UnknownHostKeyPrompt {
  requestId: string
  host: string
  port: number
  keyType: string
  fingerprint: string
  knownTypes: string[]
}

export interface AppInfo {
  version: string
  shell: 'electron' | 'headless'
  dataDir: string
  platform: string
}

// ---------------------------------------------------------------------------------------------
// Errors cross the boundary as plain data.

export type ErrorCode =
  | 'invalid_params'
  | 'unknown_method'
  | 'store_unavailable'
  | 'not_found'
  | 'session_failed'
  | 'host_key_changed'
  | 'host_key_rejected'
  | 'auth_failed'
  | 'connect_failed'
  | 'disk_full'
  | 'confirmation_required'
  | 'exec_timeout'
  | 'cancelled'
  | 'internal'

export interface ContractError {
  code: ErrorCode
  message: string
}

// ---------------------------------------------------------------------------------------------
// Methods: parameter schemas (validated in main) and result types.

export const paramSchemas = {
  'app.info': z.strictObject({}),
  'store.status': z.strictObject({}),
  'store.openBackup': z.strictObject({ file: z.string().min(1).max(255) }),
  'store.startNew': z.strictObject({}),
  'store.backupNow': z.strictObject({}),
  'timeline.list': z.strictObject({
    incidentId: id,
    /** Return events with seq below this one (paging backwards from the newest). */
    beforeSeq: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  }),
  'timeline.verify': z.strictObject({ incidentId: id }),
  'targets.list': z.strictObject({}),
  'targets.saveSsh': z.strictObject({
    id: id.optional(),
    name: z.string().trim().min(1).max(100),
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().trim().min(1).max(64),
    authKind: z.enum(['agent', 'key', 'password', 'keyboard-interactive']),
    keyPath: z.string().max(4096).nullable().default(null),
    /** A new password/passphrase to seal; omitted keeps the stored one, null removes it. */
    secret: z.string().max(4096).nullable().optional(),
    jumpVia: z.array(id).max(8).default([]),
    tags,
    keepaliveSec: z.number().int().min(0).max(3600).default(15),
  }),
  'targets.remove': z.strictObject({ id }),
  'targets.importSshConfig': z.strictObject({
    /** Config text; omitted reads ~/.ssh/config. */
    text: z.string().max(1_000_000).optional(),
  }),
  'hostKeys.answer': z.strictObject({ requestId: id, trust: z.boolean() }),
  'sessions.list': z.strictObject({}),
  /** Sessions the last run left open that could not be reopened (see LostSession). */
  'sessions.lost': z.strictObject({}),
  'sessions.openSsh': z.strictObject({
    targetId: id,
    cols,
    rows,
    incidentId: id.nullable().default(null),
  }),
  'sessions.openLocal': z.strictObject({ cols, rows, incidentId: id.nullable().default(null) }),
  'sessions.attach': z.strictObject({ sessionId: id }),
  'sessions.resize': z.strictObject({ sessionId: id, cols, rows }),
  'sessions.close': z.strictObject({ sessionId: id }),
  ...incidentParamSchemas,
  ...exportParamSchemas,
  ...runbookParamSchemas,
  ...metricsParamSchemas,
  ...sessionParamSchemas,
  ...secretsParamSchemas,
  ...awsParamSchemas,
  ...redisParamSchemas,
  ...teamParamSchemas,
  ...notifyParamSchemas,
} as const satisfies { [M in keyof MethodResults]: z.ZodType }

export interface MethodResults
  extends
    IncidentMethodResults,
    ExportMethodResults,
    RunbookMethodResults,
    MetricsMethodResults,
    RedisMethodResults,
    SessionMethodResults,
    SecretsMethodResults,
    AwsMethodResults,
    TeamMethodResults,
    NotifyMethodResults {
  'app.info': AppInfo
  'store.status': StoreStatus
  'store.openBackup': StoreStatus
  'store.startNew': StoreStatus
  'store.backupNow': BackupInfo
  'timeline.list': TimelineEvent[]
  'timeline.verify': ChainVerdict
  'targets.list': Target[]
  'targets.saveSsh': Target
  'targets.remove': { removed: boolean }
  'targets.importSshConfig': {
    imported: Target[]
    warnings: string[]
    /** Hosts `ssh -G` could not evaluate, with ssh's reason; the others are imported. */
    failed: FailedImportHost[]
  }
  'hostKeys.answer': { pending: boolean }
  'sessions.list': SessionInfo[]
  'sessions.lost': LostSession[]
  /** Resolves once connected (host key checked, authenticated, shell open). */
  'sessions.openSsh': SessionInfo
  'sessions.openLocal': SessionInfo
  /** Attaching replays the session's recent output as Output frames before live bytes. */
  'sessions.attach': SessionInfo
  'sessions.resize': SessionInfo
  'sessions.close': SessionInfo
}

export type MethodName = keyof MethodResults
export type Params<M extends MethodName> = z.input<(typeof paramSchemas)[M]>
export type ParsedParams<M extends MethodName> = z.output<(typeof paramSchemas)[M]>
export type Result<M extends MethodName> = MethodResults[M]

export const methodNames = Object.keys(paramSchemas) as MethodName[]

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(paramSchemas, name)
}

// ---------------------------------------------------------------------------------------------
// Event streams pushed from main to every connected renderer.

export interface EventPayloads
  extends
    IncidentEventPayloads,
    ExportEventPayloads,
    RunbookEventPayloads,
    MetricsEventPayloads,
    SessionEventPayloads,
    TeamEventPayloads,
    NotifyEventPayloads,
    AwsEventPayloads {
  'session.changed': SessionInfo
  'timeline.appended': TimelineEvent
  'store.changed': StoreStatus
  /** An SSH server showed a key nobody has vouched for: ask the responder (hostKeys.answer). */
  'hostKey.unknown': UnknownHostKeyPrompt
  'targets.changed': Target[]
}

export type EventName = keyof EventPayloads
export const eventNames: EventName[] = [
  'session.changed',
  'timeline.appended',
  'store.changed',
  'hostKey.unknown',
  'targets.changed',
  ...incidentEventNames,
  ...exportEventNames,
  ...runbookEventNames,
  ...metricsEventNames,
  ...sessionEventNames,
  ...teamEventNames,
  ...notifyEventNames,
  ...awsEventNames,
]

// ---------------------------------------------------------------------------------------------
// Wire messages (JSON over the bridge; Electron IPC carries the same shapes).

export interface CallMessage {
  id: number
  method: string
  params: unknown
}

export type ReplyMessage =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: ContractError }

export interface EventMessage {
  event: EventName
  payload: EventPayloads[EventName]
}

// Binary terminal frames live in frames.ts (no zod: the renderer's first chunk imports them).
export * from './frames'
