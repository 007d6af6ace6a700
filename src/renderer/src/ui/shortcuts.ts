// The one shortcut table: every command the responder can reach by name, the keys bound to it on
// each OS, and where those keys work. The key dispatcher (features/keyboard), the command
// palette, the shortcut sheet and the README's Keyboard section are all generated from it, so
// what is bound, what is shown and what is documented cannot drift apart. Pure: no DOM, no
// React, so a unit test can prove every entry is bound, documented, in the palette and that no
// two keys collide on any OS.
import type { MessageKey } from '../i18n/en'

export type Os = 'mac' | 'other'

/**
 * Where a key works. `everywhere`: also inside a terminal pane (caught before xterm sees it);
 * `outsideTerminal`: everywhere except a pane, where the key is the shell's (Ctrl+K is readline's
 * kill-line); `outsideText`: not while typing in a text field or a pane (`?`).
 */
export type Scope = 'everywhere' | 'outsideTerminal' | 'outsideText'

export interface Binding {
  /** `Mod` is Cmd on macOS and Ctrl elsewhere; `Ctrl` is Ctrl on every OS. */
  chord: string
  scope?: Scope
}

export type CommandGroup = 'general' | 'incident' | 'scribe' | 'runbook' | 'terminals' | 'panels'

export interface CommandSpec {
  id: CommandId
  group: CommandGroup
  /** Its name in the palette and the sheet (both languages through i18n). */
  label: MessageKey
  keys: readonly Binding[]
  /** Changes production or the record: the palette runs it through the same path as a click. */
  changes?: boolean
}

export const commandIds = [
  'palette.open',
  'sheet.open',
  'region.next',
  'region.previous',
  'focus.tabMoves',
  'incident.declare',
  'incident.list',
  'incident.statusUpdate',
  'incident.details',
  'incident.verify',
  'note.add',
  'note.pinned',
  'note.markOutput',
  'runbook.runNext',
  'deploy.mark',
  'broadcast.toggle',
  'pane.search',
  'shell.local',
  'panel.hosts',
  'panel.recordings',
  'panel.dashboard',
  'panel.kpis',
  'panel.rules',
  'panel.export',
  'panel.postmortem',
  'panel.import',
  'language.switch',
  'screenReader.toggle',
  'secrets.unlock',
] as const
export type CommandId = (typeof commandIds)[number]

/**
 * Families of entries that exist once per thing (a severity level, a status, a runbook, a tag, a
 * saved host, a pane, a role): the palette lists one entry per thing, named by its label with
 * `{name}` filled in. No keys: they are reached by typing their name.
 */
export const familyIds = [
  'incident.severity',
  'incident.status',
  'incident.assignRole',
  'runbook.start',
  'runbook.runOnTag',
  'host.open',
  'pane.jump',
] as const
export type FamilyId = (typeof familyIds)[number]

export const familyLabels: Record<FamilyId, MessageKey> = {
  'incident.severity': 'cmd.incident.severity',
  'incident.status': 'cmd.incident.status',
  'incident.assignRole': 'cmd.incident.assignRole',
  'runbook.start': 'cmd.runbook.start',
  'runbook.runOnTag': 'cmd.runbook.runOnTag',
  'host.open': 'cmd.host.open',
  'pane.jump': 'cmd.pane.jump',
}

export const commands: readonly CommandSpec[] = [
  {
    id: 'palette.open',
    group: 'general',
    label: 'cmd.palette.open',
    keys: [{ chord: 'Mod+K', scope: 'outsideTerminal' }, { chord: 'Mod+Shift+P' }],
  },
  {
    id: 'sheet.open',
    group: 'general',
    label: 'cmd.sheet.open',
    keys: [{ chord: '?', scope: 'outsideText' }],
  },
  { id: 'region.next', group: 'general', label: 'cmd.region.next', keys: [{ chord: 'F6' }] },
  {
    id: 'region.previous',
    group: 'general',
    label: 'cmd.region.previous',
    keys: [{ chord: 'Shift+F6' }],
  },
  {
    id: 'focus.tabMoves',
    group: 'general',
    label: 'cmd.focus.tabMoves',
    keys: [{ chord: 'Mod+Shift+M' }],
  },
  {
    id: 'incident.declare',
    group: 'incident',
    label: 'cmd.incident.declare',
    keys: [{ chord: 'Mod+Shift+D' }],
  },
  {
    id: 'incident.statusUpdate',
    group: 'incident',
    label: 'cmd.incident.statusUpdate',
    keys: [{ chord: 'Mod+Shift+S' }],
  },
  {
    id: 'incident.list',
    group: 'incident',
    label: 'cmd.incident.list',
    keys: [{ chord: 'Mod+Shift+L' }],
  },
  { id: 'incident.details', group: 'incident', label: 'cmd.incident.details', keys: [] },
  { id: 'incident.verify', group: 'incident', label: 'cmd.incident.verify', keys: [] },
  { id: 'deploy.mark', group: 'incident', label: 'cmd.deploy.mark', keys: [], changes: true },
  {
    id: 'note.add',
    group: 'scribe',
    label: 'cmd.note.add',
    keys: [{ chord: 'Mod+Shift+A' }],
    changes: true,
  },
  {
    id: 'note.pinned',
    group: 'scribe',
    label: 'cmd.note.pinned',
    keys: [{ chord: 'Mod+Shift+H' }],
    changes: true,
  },
  {
    id: 'note.markOutput',
    group: 'scribe',
    label: 'cmd.note.markOutput',
    keys: [{ chord: 'Mod+Shift+O' }],
    changes: true,
  },
  {
    id: 'runbook.runNext',
    group: 'runbook',
    label: 'cmd.runbook.runNext',
    keys: [{ chord: 'Mod+Shift+X' }],
    changes: true,
  },
  {
    id: 'broadcast.toggle',
    group: 'terminals',
    label: 'cmd.broadcast.toggle',
    keys: [{ chord: 'Mod+Shift+B' }],
    changes: true,
  },
  {
    id: 'pane.search',
    group: 'terminals',
    // Bound inside the pane itself (terminalView.ts), on Ctrl on every OS as before.
    label: 'cmd.pane.search',
    keys: [{ chord: 'Ctrl+Shift+F' }],
  },
  { id: 'shell.local', group: 'terminals', label: 'cmd.shell.local', keys: [] },
  { id: 'panel.hosts', group: 'panels', label: 'cmd.panel.hosts', keys: [] },
  { id: 'panel.recordings', group: 'panels', label: 'cmd.panel.recordings', keys: [] },
  { id: 'panel.dashboard', group: 'panels', label: 'cmd.panel.dashboard', keys: [] },
  { id: 'panel.kpis', group: 'panels', label: 'cmd.panel.kpis', keys: [] },
  { id: 'panel.rules', group: 'panels', label: 'cmd.panel.rules', keys: [] },
  { id: 'panel.export', group: 'panels', label: 'cmd.panel.export', keys: [] },
  { id: 'panel.postmortem', group: 'panels', label: 'cmd.panel.postmortem', keys: [] },
  { id: 'panel.import', group: 'panels', label: 'cmd.panel.import', keys: [] },
  { id: 'language.switch', group: 'general', label: 'cmd.language.switch', keys: [] },
  { id: 'screenReader.toggle', group: 'general', label: 'cmd.screenReader.toggle', keys: [] },
  { id: 'secrets.unlock', group: 'general', label: 'cmd.secrets.unlock', keys: [] },
]

export const groupLabels: Record<CommandGroup, MessageKey> = {
  general: 'keys.group.general',
  incident: 'keys.group.incident',
  scribe: 'keys.group.scribe',
  runbook: 'keys.group.runbook',
  terminals: 'keys.group.terminals',
  panels: 'keys.group.panels',
}

/**
 * Keys left to others, with why. A binding that works inside a pane must not take one of the
 * shell's keys; no binding may take one the browser or the OS keeps for itself.
 */
export const reserved: readonly { chord: string; os: Os | 'all'; inPane: boolean; why: string }[] =
  [
    // The shell's: every Ctrl+letter is a control character (^C, ^D, ^R, ^W, ^K…), Ctrl+[ is Esc,
    // Alt+letter is readline's Meta, Tab completes, Escape is vi/readline's. Ctrl+Shift+C/V are
    // a Linux terminal's copy/paste.
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
      .split('')
      .map((l) => ({ chord: `Ctrl+${l}`, os: 'all' as const, inPane: true, why: 'shell' })),
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
      .split('')
      .map((l) => ({ chord: `Alt+${l}`, os: 'all' as const, inPane: true, why: 'readline Meta' })),
    { chord: 'Tab', os: 'all', inPane: true, why: 'completion' },
    { chord: 'Escape', os: 'all', inPane: true, why: 'vi, less, readline' },
    { chord: 'Ctrl+Shift+C', os: 'other', inPane: true, why: 'terminal copy' },
    { chord: 'Ctrl+Shift+V', os: 'other', inPane: true, why: 'terminal paste' },
    // The browser's (headless mode runs in one) and Electron's: a page cannot take them back.
    { chord: 'Ctrl+Shift+N', os: 'other', inPane: false, why: 'browser new window' },
    { chord: 'Ctrl+Shift+T', os: 'other', inPane: false, why: 'browser reopen tab' },
    { chord: 'Ctrl+Shift+W', os: 'other', inPane: false, why: 'browser close window' },
    { chord: 'Ctrl+Shift+Q', os: 'other', inPane: false, why: 'browser quit' },
    { chord: 'Ctrl+Shift+I', os: 'other', inPane: false, why: 'developer tools' },
    { chord: 'Ctrl+Shift+J', os: 'other', inPane: false, why: 'developer tools' },
    { chord: 'Ctrl+Shift+R', os: 'other', inPane: false, why: 'force reload' },
    // Linux input methods (IBus, which Japanese responders often run with Mozc) take these
    // before the page sees them: Unicode code point entry, and emoji in older IBus.
    { chord: 'Ctrl+Shift+U', os: 'other', inPane: false, why: 'IBus Unicode entry' },
    { chord: 'Ctrl+Shift+E', os: 'other', inPane: false, why: 'IBus emoji (older IBus)' },
    // Ctrl+Space (and Shift+Space) switch the input method on many desktops.
    { chord: 'Ctrl+Space', os: 'other', inPane: false, why: 'input method switch' },
    { chord: 'F5', os: 'all', inPane: false, why: 'reload' },
    { chord: 'F11', os: 'all', inPane: false, why: 'full screen' },
    { chord: 'F12', os: 'all', inPane: false, why: 'developer tools' },
    // macOS keeps these Cmd keys (the app menu's roles).
    ...'QWHMCVXAZN'
      .split('')
      .map((l) => ({ chord: `Meta+${l}`, os: 'mac' as const, inPane: false, why: 'macOS' })),
    { chord: 'Meta+Shift+Z', os: 'mac', inPane: false, why: 'macOS redo' },
  ]

/** A chord with `Mod` resolved for one OS: which modifiers, and the key. */
export interface Keys {
  ctrl: boolean
  meta: boolean
  shift: boolean
  alt: boolean
  /** Upper-case letter, digit, F-key name, `?`, `Escape`, `Enter`, `Tab`. */
  key: string
}

export function resolveChord(chord: string, os: Os): Keys {
  const parts = chord.split('+')
  const key = parts.pop() ?? ''
  const has = (m: string): boolean => parts.includes(m)
  return {
    ctrl: has('Ctrl') || (has('Mod') && os === 'other'),
    meta: has('Meta') || (has('Mod') && os === 'mac'),
    shift: has('Shift'),
    alt: has('Alt'),
    key: key.length === 1 ? key.toUpperCase() : key,
  }
}

export function sameKeys(a: Keys, b: Keys): boolean {
  return (
    a.ctrl === b.ctrl &&
    a.meta === b.meta &&
    a.shift === b.shift &&
    a.alt === b.alt &&
    a.key === b.key
  )
}

/** The subset of a KeyboardEvent the matcher reads (so tests can build one). */
export interface KeyInput {
  key: string
  code: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

/**
 * Does a key press match? Letters are read from `code` (the key's place, so a Japanese input
 * method or a Cyrillic layout still matches Ctrl+Shift+E); `?` from `key` whatever Shift took to
 * type it (it sits elsewhere on a JIS keyboard).
 */
export function matches(k: Keys, ev: KeyInput): boolean {
  if (k.key === '?') return ev.key === '?' && !ev.ctrlKey && !ev.metaKey && !ev.altKey
  if (ev.ctrlKey !== k.ctrl || ev.metaKey !== k.meta || ev.shiftKey !== k.shift) return false
  if (ev.altKey !== k.alt) return false
  if (/^[A-Z]$/.test(k.key)) return ev.code === `Key${k.key}`
  if (/^[0-9]$/.test(k.key)) return ev.code === `Digit${k.key}`
  return ev.key === k.key
}

/** Where the key was pressed, as far as the table cares. */
export interface KeyContext {
  inTerminal: boolean
  inText: boolean
}

function applies(scope: Scope, ctx: KeyContext): boolean {
  if (scope === 'everywhere') return true
  if (scope === 'outsideTerminal') return !ctx.inTerminal
  return !ctx.inTerminal && !ctx.inText
}

/** The command a key press asks for, or null (then the key goes where it would have gone). */
export function commandForKey(ev: KeyInput, os: Os, ctx: KeyContext): CommandId | null {
  for (const c of commands) {
    // The pane binds its own search key, before this dispatcher would ever see it.
    if (c.id === 'pane.search') continue
    for (const b of c.keys) {
      if (applies(b.scope ?? 'everywhere', ctx) && matches(resolveChord(b.chord, os), ev)) {
        return c.id
      }
    }
  }
  return null
}

const macNames: Record<string, string> = { Ctrl: '⌃', Meta: '⌘', Shift: '⇧', Alt: '⌥' }

/** How a chord is written on one OS: "Ctrl+Shift+P" or "⌘⇧P". */
export function formatChord(chord: string, os: Os): string {
  const k = resolveChord(chord, os)
  const mods = [
    k.ctrl ? 'Ctrl' : null,
    k.alt ? 'Alt' : null,
    k.shift && k.key !== '?' ? 'Shift' : null,
    k.meta ? 'Meta' : null,
  ].filter((m): m is string => m !== null)
  if (os === 'mac') return mods.map((m) => macNames[m]).join('') + k.key
  return [...mods, k.key].join('+')
}

export function osOf(platform: string): Os {
  return /mac|iphone|ipad/i.test(platform) ? 'mac' : 'other'
}

/** The OS of this browser (the Electron shell or the headless bridge's). */
export function currentOs(): Os {
  if (typeof navigator === 'undefined') return 'other'
  return osOf(navigator.platform || navigator.userAgent)
}

export function commandSpec(id: CommandId): CommandSpec {
  const spec = commands.find((c) => c.id === id)
  if (!spec) throw new Error(`unknown command ${id}`)
  return spec
}

/** The keys of a command as shown on one OS (palette and sheet). */
export function keysFor(id: CommandId, os: Os): string[] {
  return commandSpec(id).keys.map((b) => formatChord(b.chord, os))
}
