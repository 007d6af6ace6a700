// Postmortem drafts in a team (#18). A save of the draft on a laptop with a team becomes a
// `postmortem.edited` event carrying only the sections the responder changed and, for each, a
// hash of the text the edit started from. Events travel and are ordered like every other
// (push, pull, the team clock), and every laptop folds them the same way: per section, the
// later edit in the agreed order wins (last writer wins by the hybrid logical clock). An edit
// made without seeing the previous edit of that section from another laptop (its base is not
// that edit's text) is a conflict line: the later is kept, the other is shown beside it, so
// nothing is silently lost — and it stays in the timeline as the event it was.
import { createHash } from 'node:crypto'
import type { JsonObject, JsonValue } from '../../../shared/contract'
import type { TeamConflict } from '../../../shared/teamSchemas'
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
}

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

/** Folds postmortem edits in the agreed order (used by the team Projector). */
export class PostmortemFold {
  private readonly last = new Map<string, { value: JsonValue; event: TeamEvent }>()
  private lastBy: string | null = null

  /** Adds one edit; returns the conflict lines it makes. */
  add(e: TeamEvent): TeamConflict[] {
    const { sections, base } = e.payload
    if (!sections || typeof sections !== 'object' || Array.isArray(sections)) return []
    const bases = base && typeof base === 'object' && !Array.isArray(base) ? base : {}
    const out: TeamConflict[] = []
    for (const [name, value] of Object.entries(sections)) {
      const prev = this.last.get(name)
      if (prev && prev.event.origin !== e.origin && bases[name] !== sectionHash(prev.value))
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
    return { lang: typeof lang === 'string' ? lang : null, sections, lastBy: this.lastBy }
  }
}
