// The team.* methods (issue #18): the connection to the team's PostgreSQL, the sync state the
// header shows, and the merged view of a shared incident. The password crosses the boundary
// only in team.configure's and team.initServer's parameters; no result or event carries it.
import { z } from 'zod'
import type { TimelineEvent } from './base'
import type { Incident } from './incidents'
import { id, name } from './primitives'

/**
 * local-only: no team configured. connecting / syncing: a cycle is running. synced: nothing
 * waits and the last pull is current. offline: the server cannot be reached; events wait.
 * refused: the server answered but this laptop will not sync (schema too new or missing, wrong
 * CA, authentication failed) — `error` says what to do.
 */
export type TeamSyncState =
  'local-only' | 'connecting' | 'syncing' | 'synced' | 'offline' | 'refused'

export interface TeamStatus {
  state: TeamSyncState
  /** This laptop's events the server has not committed yet. */
  waiting: number
  /** notify: LISTEN/NOTIFY wakes pulls; polling: LISTEN does not work here (a pooler?). */
  wakeups: 'notify' | 'polling' | null
  /** Why wake-ups are polling only, when they are. */
  wakeupNote: string | null
  error: string | null
  lastSyncAt: number | null
  server: string | null
  team: string | null
}

export const teamSslModes = ['disable', 'require', 'verify-ca', 'verify-full'] as const

/** What the Team panel shows and edits; the password only as whether one is saved. */
export interface TeamSettingsView {
  host: string
  port: number
  database: string
  user: string
  sslmode: (typeof teamSslModes)[number]
  caFile: string | null
  /** Client certificate and key files (both or neither), for `cert` authentication. */
  certFile: string | null
  keyFile: string | null
  /** The SSH host whose tunnel leads to the server; null for a direct connection. */
  viaSshTargetId: string | null
  team: string
  displayName: string
  role: string
  hasPassword: boolean
}

export interface TeamConflict {
  /** severity, status, field:<name>, role:<role> */
  field: string
  kept: { uid: string; value: unknown; actor: string | null; origin: string }
  overridden: { uid: string; value: unknown; actor: string | null; origin: string }
  at: number
}

export interface TeamProjection {
  incident: Incident
  conflicts: TeamConflict[]
  /** `runbookId/stepId` → ticked */
  checklist: Record<string, boolean>
}

/** An event of the merged team timeline: the event and where it came from. */
export interface TeamTimelineEvent extends TimelineEvent {
  /** The install that wrote it (its hash chain) and that install's host name. */
  origin: string
  originName: string
  /** The PostgreSQL role that pushed it (checked by the server). */
  author: string
  /** Hybrid logical clock: the order every laptop folds the incident in. */
  hlc: number
  /** False for an event of this laptop the server has not committed yet. */
  shared: boolean
}

/** One install's hash chain in an incident, as `team.verify` checks it. */
export interface TeamOriginVerdict {
  origin: string
  originName: string
  authors: string[]
  local: boolean
  intact: boolean
  events: number
  brokenAtSeq: number | null
  reason: string | null
}

const text = z.string().trim().min(1).max(255)
const password = z.string().max(1024)

export const teamParamSchemas = {
  'team.status': z.strictObject({}),
  'team.settings': z.strictObject({}),
  /** Saves the connection (password sealed like other secrets; null clears, absent keeps). */
  'team.configure': z.strictObject({
    host: text,
    port: z.number().int().min(1).max(65535),
    database: text,
    user: text,
    password: password.nullable().optional(),
    sslmode: z.enum(teamSslModes),
    caFile: z.string().min(1).max(4096).nullable(),
    certFile: z.string().min(1).max(4096).nullable().optional(),
    keyFile: z.string().min(1).max(4096).nullable().optional(),
    viaSshTargetId: id.nullable().optional(),
    team: name,
    displayName: name,
    role: z.string().trim().max(100),
  }),
  'team.disconnect': z.strictObject({}),
  /** Installs or upgrades the server schema with an admin role's credentials, used once. */
  'team.initServer': z.strictObject({ user: text, password }),
  'team.verify': z.strictObject({ incidentId: id }),
  'team.projection': z.strictObject({ incidentId: id }),
  /** Every event of the incident this laptop holds (its own and pulled), in the agreed order. */
  'team.timeline': z.strictObject({ incidentId: id }),
}

export interface TeamMethodResults {
  'team.status': TeamStatus
  'team.settings': TeamSettingsView | null
  'team.configure': TeamStatus
  'team.disconnect': TeamStatus
  'team.initServer': { applied: number[]; version: number }
  'team.verify': TeamOriginVerdict[]
  'team.projection': TeamProjection
  'team.timeline': TeamTimelineEvent[]
}

export interface TeamEventPayloads {
  'team.status': TeamStatus
}

export const teamEventNames: (keyof TeamEventPayloads)[] = ['team.status']
