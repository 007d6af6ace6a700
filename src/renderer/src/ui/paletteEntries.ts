// What the command palette lists: every command of the shortcut table (with its keys on this OS)
// and every family entry the features published, each named in both languages so either finds
// it, ranked by fuzzy match. Pure, so the unit test can prove nothing of the table is missing.
import { locales, translate } from '../i18n/translate'
import type { CommandHandler, FamilyEntry } from '../stores/commandsStore'
import { bestScore } from './fuzzy'
import {
  commands,
  familyLabels,
  formatChord,
  type CommandId,
  type FamilyId,
  type Os,
} from './shortcuts'

export interface PaletteEntry {
  /** Unique: the command id, or family + key. */
  key: string
  command: CommandId | FamilyId
  /** English first, then Japanese. */
  names: string[]
  keys: string[]
  available: boolean
  run(): void | Promise<void>
}

export interface PaletteSource {
  handlers: Partial<Record<CommandId, CommandHandler>>
  families: Record<string, FamilyEntry[]>
}

export function paletteEntries(source: PaletteSource, os: Os): PaletteEntry[] {
  const out: PaletteEntry[] = []
  for (const c of commands) {
    const h = source.handlers[c.id]
    out.push({
      key: c.id,
      command: c.id,
      names: locales.map((l) => translate(l, c.label)),
      keys: c.keys.map((b) => formatChord(b.chord, os)),
      available: h !== undefined && (h.available?.() ?? true),
      run: () => h?.run(),
    })
  }
  for (const list of Object.values(source.families)) {
    for (const f of list) {
      out.push({
        key: `${f.family}:${f.key}`,
        command: f.family,
        names: locales.map((l) => translate(l, familyLabels[f.family], f.vars)),
        keys: [],
        available: true,
        run: f.run,
      })
    }
  }
  return out
}

/** Entries matching `query`, best first; available ones before dimmed ones of equal score. */
export function rankEntries(entries: readonly PaletteEntry[], query: string): PaletteEntry[] {
  if (query.trim() === '') return [...entries]
  return entries
    .map((e) => ({ e, s: bestScore(query, e.names) }))
    .filter((x): x is { e: PaletteEntry; s: number } => x.s !== null)
    .sort((a, b) => b.s - a.s || Number(b.e.available) - Number(a.e.available))
    .map((x) => x.e)
}
