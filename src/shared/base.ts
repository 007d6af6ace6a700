// The value types every other shared file builds on: JSON payloads, sessions and timeline
// events. They live here, not in contract.ts, so the domain schema files can use them without
// importing the file that gathers them (which would make a cycle).

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type JsonObject = { [key: string]: JsonValue }

export type SessionKind = 'local' | 'ssh' | 'kubectl' | 'psql' | 'redis'
export type SessionState = 'connecting' | 'connected' | 'reconnecting' | 'closed'

export interface SessionInfo {
  id: string
  /** Small integer that names the session in binary terminal frames. */
  channel: number
  kind: SessionKind
  title: string
  state: SessionState
  exitCode: number | null
  /** Human-readable reason when state is closed for another reason than a clean exit. */
  error: string | null
  cols: number
  rows: number
  startedAt: number
  incidentId: string | null
  /** The saved target it was opened on (null for a local shell). */
  targetId: string | null
  /** Set when Sitrep reopened this session after it stopped without closing it (crash, kill). */
  restoredFrom?: SessionRestoredFrom
}

/** A session open when Sitrep stopped that could not be reopened (a local shell's process died). */
export interface LostSession {
  sessionId: string
  kind: SessionKind
  title: string
  incidentId: string | null
  /** The last byte recorded from it. */
  lastRecordedAt: number
  restartedAt: number
}

/** What a restored session replaces and what was lost in between (times in ms since epoch). */
export interface SessionRestoredFrom {
  /** The session that was open when Sitrep stopped; its pane becomes this session's pane. */
  sessionId: string
  /** The last byte recorded from the old session: output after it was never received. */
  lastRecordedAt: number
  /** When the restarted Sitrep started. */
  restartedAt: number
}

export interface TimelineEvent {
  uid: string
  incidentId: string
  seq: number
  /** When it happened, UTC milliseconds. */
  at: number
  /** When this laptop wrote it, UTC milliseconds. */
  recordedAt: number
  /** IANA zone of the responder who recorded it, for display. */
  tz: string
  kind: string
  actor: string | null
  payload: JsonObject
  /** uid of the event this one corrects, if any: events are never edited. */
  amends: string | null
  prevHash: string
  hash: string
  /** Which hash covers it (see store/hashChain.ts): absent for version 1, the oldest. */
  hashVersion?: number
}

/**
 * Long enough to resist guessing against a copied key file (scrypt slows each try to ~0.1 s).
 * Here, not in secretsSchemas.ts, so the renderer's first chunk can read it without zod.
 */
export const MIN_PASSPHRASE = 8
