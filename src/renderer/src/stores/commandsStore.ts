// Who carries out each command of the shortcut table (ui/shortcuts.ts). Features stand alone, so
// the keyboard feature cannot call into them: each feature registers what it can do (declare,
// open its panel, run the next step…) while it is mounted, and the key dispatcher and the
// palette run whatever is registered. Families (a runbook to start, a tag to run on, a pane to
// jump to) come as lists of entries from the feature that knows them.
import { useEffect, useLayoutEffect, useRef } from 'react'
import { create } from 'zustand'
import type { Vars } from '../i18n/locale'
import type { CommandId, FamilyId } from '../ui/shortcuts'

export interface CommandHandler {
  run(): void | Promise<void>
  /** False when it makes no sense now (no active incident, no runbook): shown dimmed. */
  available?: () => boolean
}

/** One palette row of a family: "Start runbook: Database unreachable". */
export interface FamilyEntry {
  family: FamilyId
  /** Unique within the family (runbook id, tag, pane id…). */
  key: string
  /** Fills `{name}` (and any other placeholder) of the family's label. */
  vars: Vars
  run(): void | Promise<void>
}

interface CommandsState {
  handlers: Partial<Record<CommandId, CommandHandler>>
  families: Record<string, FamilyEntry[]>
  /** The element that had focus before the palette or a scribe box took it. */
  returnFocus: HTMLElement | null
}

export const useCommands = create<CommandsState>()(() => ({
  handlers: {},
  families: {},
  returnFocus: null,
}))

export function registerCommand(id: CommandId, handler: CommandHandler): () => void {
  useCommands.setState((s) => ({ handlers: { ...s.handlers, [id]: handler } }))
  return () =>
    useCommands.setState((s) => {
      if (s.handlers[id] !== handler) return s
      const { [id]: _, ...rest } = s.handlers
      return { handlers: rest }
    })
}

/** Runs a command if someone carries it out; false when nobody does (or not now). */
export function runCommand(id: CommandId): boolean {
  const h = useCommands.getState().handlers[id]
  if (!h || (h.available && !h.available())) return false
  void h.run()
  return true
}

/**
 * Registers `run` for `id` while the component is mounted. The latest closure always runs (a
 * ref), so callers need not memoise it.
 */
export function useCommand(
  id: CommandId,
  run: () => void | Promise<void>,
  available?: () => boolean,
): void {
  const latest = useRef({ run, available })
  useLayoutEffect(() => {
    latest.current = { run, available }
  })
  useEffect(
    () =>
      registerCommand(id, {
        run: () => latest.current.run(),
        available: () => latest.current.available?.() ?? true,
      }),
    [id],
  )
}

/** Publishes a family's entries under `owner` while mounted (re-published when they change). */
export function useFamily(owner: string, entries: FamilyEntry[]): void {
  useEffect(() => {
    useCommands.setState((s) => ({ families: { ...s.families, [owner]: entries } }))
  }, [owner, entries])
  useEffect(
    () => () =>
      useCommands.setState((s) => {
        const { [owner]: _, ...rest } = s.families
        return { families: rest }
      }),
    [owner],
  )
}
