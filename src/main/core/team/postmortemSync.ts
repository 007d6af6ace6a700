// Postmortem drafts in a team (#18). A save of the draft on a laptop with a team becomes a
// `postmortem.edited` event carrying only the sections the responder changed and, for each, a
// hash of the text the edit started from. Events travel and are ordered like every other
// (push, pull, the team clock), and every laptop folds them the same way: per section, the
// later edit in the agreed order wins (last writer wins by the hybrid logical clock). An edit
// made without seeing the previous edit of that section from another laptop (its base is not
// that edit's text) is a conflict line: the later is kept, the other is shown beside it, so
// nothing is silently lost — and it stays in the timeline as the event it was.
//
// A conflict stays open on the section (the editor shows the other version with "keep mine /
// take theirs / merge by hand") until a responder resolves it: that writes an ordinary edit of
// the section whose payload also names the versions it resolves (`resolves`), so every laptop
// folds the resolution the same way. A later edit that does not name them leaves them open: an
// edit made offline by the kept side has not seen the other version either.
import { createHash } from 'node:crypto'
import type { JsonObject, JsonValue } from '../../../shared/contract'
import type {
  PostmortemConflictView,
  PostmortemVersion,
  TeamConflict,
} from '../../../shared/teamSchemas'
import { canonicalJson } from '../store/hashChain'
import type { TeamEvent } from './local'

export const POSTMORTEM_EDITED = 'postmortem.edited'

/** A draft as the export domain keeps it. */
export interface DraftLike {
  lang: string
  fields: Readonly<Record<string, JsonValue>>
}

/** What the team fold holds for a draft: each section's winning value (and the language). */
export interface PostmortemState {
  lang: string | null
  sections: Record<string, JsonValue>
  /** Who wrote the last edit folded (for the row's "updated by"). */
  lastBy: string | null
  /** Sections with another version written at the same time and not resolved yet. */
  open: PostmortemConflictView[]
}

/** What a resolution carries: per section, the uids of the other versions it settles. */
export function resolvesOf(payload: JsonObject): Record<string, string[]> {
  const r = payload.resolves
  if (!r || typeof r !== 'object' || Array.isArray(r)) return {}
  const out: Record<string, string[]> = {}
  for (const [name, uids] of Object.entries(r))
    if (Array.isArray(uids)) out[name] = uids.filter((u): u is string => typeof u === 'string')
  return out
}

/**
 * The payload of a resolution: the section as the responder settled it (their text, the other,
 * or a merge), based on the text the fold holds now, naming the versions it settles.
 */
export function resolutionOf(
  lang: string,
  section: string,
  value: JsonValue,
  current: JsonValue | undefined,
  resolves: readonly string[],
): JsonObject {
  return {
    lang,
    sections: { [section]: value },
    base: { [section]: sectionHash(current) },
    resolves: { [section]: [...resolves] },
  }
}

const versionOf = (e: TeamEvent, value: JsonValue): Omit<PostmortemVersion, 'self'> => ({
  uid: e.uid,
  value,
  actor: e.actor,
  author: e.author,
  origin: e.origin,
  originName: e.originName,
  at: e.at,
})

export const sectionHash = (v: JsonValue | undefined): string =>
  createHash('sha256')
    .update(canonicalJson(v ?? null))
    .digest('hex')
    .slice(0, 16)

/**
 * The payload of the event for a save: the sections that differ from what the editor started
 * from (the saved draft, or the generated one), each with the hash of its starting text; null
 * when nothing changed.
 */
export function editOf(before: DraftLike, after: DraftLike): JsonObject | null {
  const sections: JsonObject = {}
  const base: JsonObject = {}
  for (const [name, value] of Object.entries(after.fields)) {
    const was = before.fields[name]
    if (canonicalJson(was ?? null) === canonicalJson(value)) continue
    sections[name] = value
    base[name] = sectionHash(was)
  }
  if (before.lang !== after.lang) {
    sections.lang = after.lang
    base.lang = sectionHash(before.lang)
  }
  return Object.keys(sections).length ? { lang: after.lang, sections, base } : null
}

/** The fold at a checkpoint of the team Projector (its maps' values are never changed). */
export interface PostmortemSnapshot {
  readonly last: ReadonlyMap<string, { value: JsonValue; event: TeamEvent }>
  readonly others: ReadonlyMap<string, Omit<PostmortemVersion, 'self'>[]>
  readonly lastBy: string | null
}

/** Folds postmortem edits in the agreed order (used by the team Projector). */
export class PostmortemFold {
  private last = new Map<string, { value: JsonValue; event: TeamEvent }>()
  /** Per section, the versions overridden by a concurrent edit and not resolved yet. */
  private others = new Map<string, Omit<PostmortemVersion, 'self'>[]>()
  private lastBy: string | null = null

  /** Copies of the maps: add() replaces their entries (new arrays), never changes them. */
  snapshot(): PostmortemSnapshot {
    return { last: new Map(this.last), others: new Map(this.others), lastBy: this.lastBy }
  }

  restore(s: PostmortemSnapshot): void {
    this.last = new Map(s.last)
    this.others = new Map(s.others)
    this.lastBy = s.lastBy
  }

  /** Adds one edit; returns the conflict lines it makes. */
  add(e: TeamEvent): TeamConflict[] {
    const { sections, base } = e.payload
    if (!sections || typeof sections !== 'object' || Array.isArray(sections)) return []
    const bases = base && typeof base === 'object' && !Array.isArray(base) ? base : {}
    const resolves = resolvesOf(e.payload)
    const out: TeamConflict[] = []
    for (const [name, value] of Object.entries(sections)) {
      const prev = this.last.get(name)
      const settled = new Set(resolves[name] ?? [])
      const open = (this.others.get(name) ?? []).filter((o) => !settled.has(o.uid))
      if (prev && prev.event.origin !== e.origin && bases[name] !== sectionHash(prev.value)) {
        if (!settled.has(prev.event.uid)) open.push(versionOf(prev.event, prev.value))
        out.push({
          field: `postmortem:${name}`,
          kept: { uid: e.uid, value, actor: e.actor, origin: e.originName },
          overridden: {
            uid: prev.event.uid,
            value: prev.value,
            actor: prev.event.actor,
            origin: prev.event.originName,
          },
          at: e.at,
        })
      }
      if (open.length) this.others.set(name, open)
      else this.others.delete(name)
      this.last.set(name, { value: value as JsonValue, event: e })
    }
    this.lastBy = e.actor ?? e.author
    return out
  }

  state(): PostmortemState | null {
    if (!this.last.size) return null
    const sections: Record<string, JsonValue> = {}
    for (const [name, { value }] of [...this.last].sort(([a], [b]) => (a < b ? -1 : 1)))
      if (name !== 'lang') sections[name] = value
    const lang = this.last.get('lang')?.value
    return {
      lang: typeof lang === 'string' ? lang : null,
      sections,
      lastBy: this.lastBy,
      open: this.openConflicts(),
    }
  }

  /** Sections whose concurrent versions nobody resolved yet, by section name. */
  private openConflicts(): PostmortemConflictView[] {
    const out: PostmortemConflictView[] = []
    for (const [section, others] of [...this.others].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const kept = this.last.get(section)
      if (!kept || section === 'lang') continue
      out.push({
        section,
        current: { ...versionOf(kept.event, kept.value), self: false },
        others: others.map((o) => ({ ...o, self: false })),
      })
    }
    return out
  }
}
