// Merging a bundle into the incident this laptop already has. The chain stays linear per
// incident: events new to this laptop are re-appended, in the order they happened, as events
// of their own kind whose payload carries `mergedFrom` (the original uid, seq, hash, recorded-at,
// zone and origin laptop), so every event stays attributed and the original record can be
// checked against the sender's copy. Duplicates are recognised by the original uid, also for
// events that were themselves merged copies. Conflicting field changes are reported, and the
// later one (by when it happened) is what the incident shows.
import type {
  ImportResult,
  JsonObject,
  MergeConflict,
  TimelineEvent,
} from '../../../shared/contract'
import type { Incident } from '../../../shared/incidents'
import { baseIncident, changedField, foldEvents } from '../incidents/domain'
import type { EventDraft } from '../store/timeline'
import type { Bundle } from './bundle'
import { eventFromRow } from '../store/timeline'
import { inTimeOrder, logicalUid } from './eventText'
import { bundleEvents, insertSessions, type ImportDeps } from './bundleRows'

const valueOf = (e: TimelineEvent): string => {
  const to = e.payload.to
  return typeof to === 'string' ? to : JSON.stringify(to ?? null)
}

/** The last change per field among events only one side has. */
function lastChanges(events: readonly TimelineEvent[]): Map<string, TimelineEvent> {
  const last = new Map<string, TimelineEvent>()
  for (const e of inTimeOrder(events)) {
    const f = changedField(e)
    if (f) last.set(f, e)
  }
  return last
}

export function findConflicts(
  localOnly: readonly TimelineEvent[],
  importedOnly: readonly TimelineEvent[],
): MergeConflict[] {
  const mine = lastChanges(localOnly)
  const theirs = lastChanges(importedOnly)
  const out: MergeConflict[] = []
  for (const [field, l] of mine) {
    const r = theirs.get(field)
    if (!r || valueOf(l) === valueOf(r)) continue
    out.push({
      field,
      local: { value: valueOf(l), at: l.at, actor: l.actor },
      imported: { value: valueOf(r), at: r.at, actor: r.actor },
      kept: r.at > l.at ? 'imported' : 'local',
    })
  }
  return out
}

function mergedDraft(e: TimelineEvent, origin: Bundle['origin']): EventDraft {
  const already = e.payload.mergedFrom
  const payload: JsonObject =
    already && typeof already === 'object'
      ? e.payload
      : {
          ...e.payload,
          mergedFrom: {
            uid: e.uid,
            seq: e.seq,
            hash: e.hash,
            prevHash: e.prevHash,
            recordedAt: e.recordedAt,
            tz: e.tz,
            origin: origin.name,
            originId: origin.id,
            ...(e.hashVersion === undefined ? {} : { hashVersion: e.hashVersion }),
          },
        }
  return { kind: e.kind, at: e.at, actor: e.actor, payload, amends: e.amends }
}

export function mergeBundle(
  deps: ImportDeps,
  local: Incident,
  bundle: Bundle,
  redactedEvents: number,
  actor: string | null,
): Omit<ImportResult, 'signers'> {
  const { db } = deps
  const mine = (
    db
      .prepare('SELECT * FROM timeline_events WHERE incident_id = ? ORDER BY seq')
      .all(local.id) as Parameters<typeof eventFromRow>[0][]
  ).map(eventFromRow)
  const known = new Set<string>()
  for (const e of mine) {
    known.add(e.uid)
    known.add(logicalUid(e))
  }
  const theirs = bundleEvents(bundle)
  const theirLogical = new Set(theirs.map(logicalUid))
  const fresh = inTimeOrder(theirs.filter((e) => !known.has(logicalUid(e)) && !known.has(e.uid)))
  const localOnly = mine.filter((e) => !theirLogical.has(logicalUid(e)) && !theirLogical.has(e.uid))
  const conflicts = findConflicts(localOnly, fresh)
  const saved = deps.postmortems.get(local.id)
  if (
    bundle.postmortem &&
    saved &&
    JSON.stringify(saved.fields) !== JSON.stringify(bundle.postmortem.fields)
  ) {
    // The two drafts are prose: no field-by-field merge; this laptop's stays, the report says so.
    conflicts.push({
      field: 'postmortem',
      local: { value: 'edited draft', at: saved.updatedAt, actor: saved.updatedBy },
      imported: {
        value: 'edited draft',
        at: bundle.postmortem.updatedAt,
        actor: bundle.postmortem.updatedBy,
      },
      kept: 'local',
    })
  } else if (bundle.postmortem && !saved) {
    deps.postmortems.put(local.id, bundle.postmortem)
  }
  const sessions = insertSessions(db, local.id, bundle.sessions)
  const drafts = fresh.map((e) => mergedDraft(e, bundle.origin))
  if (drafts.length || sessions || conflicts.length) {
    drafts.push({
      kind: 'incident.merged',
      actor,
      payload: {
        origin: bundle.origin.name,
        originId: bundle.origin.id,
        added: fresh.length,
        duplicates: theirs.length - fresh.length,
        sessions,
        conflicts: conflicts.map((c) => ({ ...c })) as unknown as JsonObject[],
      },
    })
  }
  const appended = deps.timeline.appendMany(local.id, drafts)
  if (appended.length) {
    // The projection follows what happened when, not the order events reached this laptop.
    const row = db
      .prepare(
        'SELECT id, title, severity, status, created_at, updated_at FROM incidents WHERE id = ?',
      )
      .get(local.id) as Parameters<typeof baseIncident>[0]
    const next = foldEvents(baseIncident(row), inTimeOrder([...mine, ...appended]))
    db.prepare(
      'UPDATE incidents SET title = ?, severity = ?, status = ?, updated_at = ?, data = ? WHERE id = ?',
    ).run(next.title, next.severity, next.status, next.updatedAt, JSON.stringify(next), next.id)
    db.prepare('DELETE FROM incident_services WHERE incident_id = ?').run(next.id)
    const add = db.prepare(
      'INSERT OR IGNORE INTO incident_services (incident_id, service) VALUES (?, ?)',
    )
    for (const s of next.services) add.run(next.id, s)
  }
  return {
    incidentId: local.id,
    title: local.title,
    mode: 'merged',
    added: fresh.length,
    duplicates: theirs.length - fresh.length,
    sessions,
    conflicts,
    origin: bundle.origin.name,
    redactedEvents,
  }
}
