// Sessions beyond the plain shell and SSH at the boundary: kubectl and psql targets (saved like
// SSH hosts, secrets write-only), opening kubectl/psql sessions, broadcast command lines for the
// timeline, and reading a session's recording back in pages for the replay view.
import { z } from 'zod'
import type { SessionInfo, SessionKind } from './base'
import { cols, id, name, rows, tags } from './primitives'

/** Kubernetes names: DNS labels/subdomains; anything else would be passed to kubectl as is. */
const kubeName = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a Kubernetes name uses a-z, 0-9, - and . only')
const filePath = z.string().trim().min(1).max(4096)

export type PsqlReadOnly = 'production' | 'always' | 'never'

/** A kube context to work in. The kubeconfig holds the credentials; Sitrep stores only its path. */
export interface KubectlTarget {
  id: string
  kind: 'kubectl'
  name: string
  /** null: $KUBECONFIG or ~/.kube/config, read when a session opens. */
  kubeconfigPath: string | null
  context: string
  /** Namespace sessions start in; null: the context's own. */
  namespace: string | null
  tags: string[]
  production: boolean
}

/** A PostgreSQL database. The password is sealed in the secrets table; only hasPassword shows. */
export interface PsqlTarget {
  id: string
  kind: 'psql'
  name: string
  host: string
  port: number
  database: string
  user: string
  hasPassword: boolean
  /** SSH target whose connection carries the traffic (an ssh2 tunnel), or null for direct. */
  viaSshTargetId: string | null
  /** When sessions are read-only: production-tagged targets only (default), always, never. */
  readOnly: PsqlReadOnly
  tags: string[]
  production: boolean
}

export interface KubeContext {
  name: string
  cluster: string
  user: string
  /** The context's namespace, or null (kubectl then uses "default"). */
  namespace: string | null
  /** The cluster's API server address, for display. */
  server: string | null
}

export interface KubeconfigView {
  /** The file that was read. */
  path: string
  currentContext: string | null
  contexts: KubeContext[]
}

export interface KubePod {
  name: string
  namespace: string
  phase: string
  ready: boolean
  restarts: number
  containers: string[]
}

/** One stored piece of a session's recording. Output/input bytes are base64 (see below). */
export interface RecordingChunk {
  /** Row id: increasing, the cursor for the next page. */
  id: number
  /** UTC milliseconds when the chunk was recorded. */
  at: number
  /** o = output, i = input, r = resize ("colsxrows"). */
  direction: 'o' | 'i' | 'r'
  /**
   * The bytes, base64. Replay is not the live hot path, and the JSON call channel is the one
   * that pages (a 50 MB transcript comes in pages of at most maxBytes, never one message).
   */
  data: string
}

/**
 * Why a session's row was closed other than by the session ending: `crash` — Sitrep stopped
 * (crashed, was killed) while it was open, and the next start closed it.
 */
export type SessionEndReason = 'crash'

export interface RecordingInfo {
  sessionId: string
  kind: SessionKind
  title: string
  cols: number
  rows: number
  startedAt: number
  endedAt: number | null
  exitCode: number | null
  /** Why it ended when it did not end by itself: `crash` when Sitrep stopped first. */
  endReason: SessionEndReason | null
  incidentId: string | null
  /** Output bytes recorded so far (open sessions keep growing). */
  outputBytes: number
  chunkCount: number
}

export interface RecordingPage {
  info: RecordingInfo
  chunks: RecordingChunk[]
  /** Pass as afterId for the next page; null when this page reached the end (for now). */
  nextAfterId: number | null
}

export const sessionParamSchemas = {
  'targets.listKubectl': z.strictObject({}),
  'targets.listPsql': z.strictObject({}),
  'targets.saveKubectl': z.strictObject({
    id: id.optional(),
    name,
    kubeconfigPath: filePath.nullable().default(null),
    context: z.string().trim().min(1).max(253),
    namespace: kubeName.nullable().default(null),
    tags,
  }),
  'targets.savePsql': z.strictObject({
    id: id.optional(),
    name,
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(5432),
    /** A plain name: psql reads `=` or a postgres:// prefix as a whole connection string. */
    database: z
      .string()
      .trim()
      .min(1)
      .max(63)
      .refine((v) => !v.includes('=') && !/^postgres(?:ql)?:\/\//i.test(v), {
        message: 'a plain database name (no "=", no postgres:// connection string)',
      }),
    user: z.string().trim().min(1).max(63),
    /** A new password to seal; omitted keeps the stored one, null removes it. */
    password: z.string().max(4096).nullable().optional(),
    viaSshTargetId: id.nullable().default(null),
    readOnly: z.enum(['production', 'always', 'never']).default('production'),
    tags,
  }),
  'targets.removeService': z.strictObject({ id }),
  /** Reads a kubeconfig (omitted: $KUBECONFIG or ~/.kube/config) and lists its contexts. */
  'targets.kubeContexts': z.strictObject({ kubeconfigPath: filePath.optional() }),
  /** Namespaces of a kubectl target's cluster (kubectl get namespaces). */
  'targets.kubeNamespaces': z.strictObject({ targetId: id }),
  /** Pods to pick from for exec/logs (kubectl get pods -o json). */
  'targets.kubePods': z.strictObject({ targetId: id, namespace: kubeName.optional() }),
  'sessions.openKubectl': z.strictObject({
    targetId: id,
    /** exec -it into a pod, logs -f of a pod, or a local shell with the context preset. */
    mode: z.enum(['exec', 'logs', 'shell']),
    namespace: kubeName.optional(),
    pod: kubeName.optional(),
    container: kubeName.optional(),
    cols,
    rows,
    incidentId: id.nullable().default(null),
  }),
  'sessions.openPsql': z.strictObject({
    targetId: id,
    cols,
    rows,
    incidentId: id.nullable().default(null),
    /** Lift read-only for this session; needs a reason, which goes on the incident's timeline. */
    allowWrites: z.boolean().default(false),
    writeReason: z.string().trim().max(500).optional(),
  }),
  /** A command line the responder broadcast (ended with Enter), for the incident's timeline. */
  'sessions.broadcastLine': z.strictObject({
    incidentId: id,
    text: z.string().min(1).max(10_000),
    sessionIds: z.array(id).min(1).max(64),
  }),
  /**
   * The sessions that are broadcast targets now (empty: broadcast is off). The window sends it
   * whenever broadcast or its targets change, and when it (re)connects. A line typed in a target
   * is recorded once, as the window's `sessions.broadcastLine`, not also as `command.typed` per
   * target; a line typed in any other session is still recorded as `command.typed`.
   */
  'sessions.setBroadcastTargets': z.strictObject({
    sessionIds: z.array(id).max(64),
  }),
  /** Sessions with a recording, newest first (open and closed). */
  'sessions.recordings': z.strictObject({
    incidentId: id.nullable().default(null),
    limit: z.number().int().min(1).max(500).default(100),
  }),
  /** One page of a session's recording, from after `afterId`. */
  'sessions.recording': z.strictObject({
    sessionId: id,
    afterId: z.number().int().min(0).default(0),
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(4 * 1024 * 1024)
      .default(1024 * 1024),
  }),
} as const

export interface SessionMethodResults {
  'targets.listKubectl': KubectlTarget[]
  'targets.listPsql': PsqlTarget[]
  'targets.saveKubectl': KubectlTarget
  'targets.savePsql': PsqlTarget
  'targets.removeService': { removed: boolean }
  'targets.kubeContexts': KubeconfigView
  'targets.kubeNamespaces': string[]
  'targets.kubePods': KubePod[]
  'sessions.openKubectl': SessionInfo
  'sessions.openPsql': SessionInfo
  /** recorded false when a target was at a password prompt (the line is never stored). */
  'sessions.broadcastLine': { recorded: boolean }
  /** The open sessions now counted as broadcast targets (unknown and closed ids are left out). */
  'sessions.setBroadcastTargets': { sessionIds: string[] }
  'sessions.recordings': RecordingInfo[]
  'sessions.recording': RecordingPage
}

export const sessionEventNames = ['serviceTargets.changed'] as const

export interface SessionEventPayloads {
  /** kubectl and psql targets after a save or removal. */
  'serviceTargets.changed': { kubectl: KubectlTarget[]; psql: PsqlTarget[] }
}
