// The team.* methods (issue #18): the connection to the team's PostgreSQL, the sync state the
// header shows, and the merged view of a shared incident. The password crosses the boundary
// only in team.configure's and team.initServer's parameters; no result or event carries it.
import { z } from 'zod'
import type { TimelineEvent } from './base'
import type { RecordingPage } from './sessionSchemas'
import type { Incident } from './incidents'
import { id, name } from './primitives'
import { postmortemFieldsSchema } from './exportSchemas'

/** A section of the postmortem draft the responder writes. */
type PostmortemSection = keyof typeof postmortemFieldsSchema.shape

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

export { teamOrder } from './teamOrder'

/** A page of the merged timeline (oldest first), for the windowed timeline pane. */
export interface TeamTimelinePage {
  events: TeamTimelineEvent[]
  hasOlder: boolean
  /** Watermarks to pass to team.timelineSince for what changes after this read. */
  ownAfter: number
  foreignAfter: number
  /** This install: its rows are the ones without "author @ laptop". */
  self: string
  selfName: string
}

/** What changed in the merged timeline since the pane read it (see team.timelineSince). */
export interface TeamTimelineSince {
  events: TeamTimelineEvent[]
  ownAfter: number
  foreignAfter: number
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

/** A pane open on a responder's laptop, as presence shows it: never a secret. */
export interface PresencePane {
  /** local, ssh, kubectl, psql, … */
  kind: string
  /** The pane's title: target label and host (`db-1 (ops@10.0.0.5)`), never a password. */
  title: string
  incidentId: string | null
}

/** One responder in the war room: a laptop whose heartbeat the server saw recently. */
export interface TeamPresenceEntry {
  origin: string
  originName: string
  /** The PostgreSQL role (the server checks it); displayName is what they typed. */
  author: string
  displayName: string
  role: string
  panes: PresencePane[]
  /** How long ago the server saw its last heartbeat (server clock), at readAt. */
  ageMs: number
  self: boolean
}

export interface TeamPresence {
  /** False while not connected: nobody's presence is known then. */
  live: boolean
  /** This laptop's time when the list was read (ages count from it). */
  readAt: number | null
  people: TeamPresenceEntry[]
}

/** A transcript shared with the team (redacted on its laptop before it was sent). */
export interface SharedTranscriptInfo {
  origin: string
  originName: string
  author: string
  sessionId: string
  incidentId: string
  kind: string
  title: string
  cols: number
  rows: number
  startedAt: number
  /** Chunks on the server (output and resizes only; keystrokes are never shared). */
  chunks: number
  self: boolean
  /** Chunks this laptop keeps of it, so its replay works offline (bounded; see README). */
  kept: number
  /** Listed from this laptop's copy because the team server cannot be reached now. */
  offline: boolean
}

/** One responder's version of a postmortem section (a `postmortem.edited` event). */
export interface PostmortemVersion {
  uid: string
  /** The section's value in that edit (text, or the list for five whys and action items). */
  value: unknown
  actor: string | null
  author: string
  origin: string
  originName: string
  at: number
  /** Written on this laptop. */
  self: boolean
}

/**
 * A postmortem section two responders edited at the same time: `current` is the text the draft
 * holds (the later edit), `others` the versions it overrode, until someone resolves them.
 */
export interface PostmortemConflictView {
  section: string
  current: PostmortemVersion
  others: PostmortemVersion[]
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
  /**
   * The newest `limit` events of the merged timeline below what the pane holds: `floors` is the
   * lowest seq it holds per origin install (an empty object: the newest page).
   */
  'team.timelinePage': z.strictObject({
    incidentId: id,
    floors: z.record(id, z.number().int().min(0)).refine((r) => Object.keys(r).length <= 1000),
    limit: z.number().int().min(1).max(1000).default(200),
  }),
  /** Events new or changed since the pane's last read (the watermarks it got back). */
  'team.timelineSince': z.strictObject({
    incidentId: id,
    ownAfter: z.number().int().min(0),
    foreignAfter: z.number().int().min(0),
  }),
  /** The incident's conflict lines (the later change kept, the other shown). */
  'team.conflicts': z.strictObject({ incidentId: id }),
  /** Postmortem sections edited at the same time on two laptops and not resolved yet. */
  'team.postmortemConflicts': z.strictObject({ incidentId: id }),
  /**
   * Resolves a section's concurrent versions: writes an ordinary `postmortem.edited` event with
   * the value the responder chose (theirs, the other, or a merge) naming the versions it settles.
   */
  'team.resolvePostmortem': z.strictObject({
    incidentId: id,
    section: z.enum(Object.keys(postmortemFieldsSchema.shape) as [PostmortemSection]),
    value: z.unknown(),
    resolves: z.array(id).min(1).max(50),
    actor: z.string().trim().max(100).nullable().default(null),
  }),
  /** Who is in the war room now (the last heartbeat read). */
  'team.presence': z.strictObject({}),
  /**
   * Shares a session's transcript with the team for an incident: redacted on this laptop with
   * the export redactor, then pushed (output and resizes; keystrokes never), and topped up while
   * the session runs.
   */
  'team.shareSession': z.strictObject({ sessionId: id, incidentId: id }),
  /** The sessions this laptop shares with the team. */
  'team.sharedSessions': z.strictObject({}),
  /** Transcripts shared with the team for an incident (read from the team's server). */
  'team.sharedTranscripts': z.strictObject({ incidentId: id }),
  /** One page of a shared transcript, read only, as `sessions.recording` pages one. */
  'team.sharedRecording': z.strictObject({
    origin: id,
    sessionId: id,
    afterId: z.number().int().min(0).default(0),
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(4 * 1024 * 1024)
      .default(1024 * 1024),
  }),
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
  'team.timelinePage': TeamTimelinePage
  'team.timelineSince': TeamTimelineSince
  'team.conflicts': TeamConflict[]
  'team.postmortemConflicts': PostmortemConflictView[]
  'team.resolvePostmortem': PostmortemConflictView[]
  'team.presence': TeamPresence
  'team.sharedSessions': string[]
  'team.shareSession': { sessionId: string; shared: boolean }
  'team.sharedTranscripts': SharedTranscriptInfo[]
  'team.sharedRecording': RecordingPage
}

export interface TeamEventPayloads {
  'team.status': TeamStatus
  'team.presence': TeamPresence
}

export const teamEventNames: (keyof TeamEventPayloads)[] = ['team.status', 'team.presence']
