// The terminal grid: every pane of this window in the layout the responder chose (or the
// smallest that fits), in the order they arranged, a page at a time, or one pane maximised.
import { useEffect, useMemo } from 'react'
import { api } from '../../api'
import { useBroadcast } from '../../stores/broadcastStore'
import { useCommand, useFamily, type FamilyEntry } from '../../stores/commandsStore'
import { useIncidents } from '../../stores/incidentsStore'
import { announce } from '../../stores/keyboardStore'
import { notify, reportError } from '../../stores/toastStore'
import { evidenceMarkdown } from '../../ui/evidence'
import { t as translateNow } from '../../i18n/locale'
import { useT } from '../../i18n/useT'
import { useSessions } from '../../stores/sessionsStore'
import { recordBroadcastLines } from './broadcast/recordBroadcastLines'
import { GridToolbar } from './GridToolbar'
import { arrange, place, slotsFor } from './layout'
import { useLayout } from './layoutStore'
import { findView, focusPane, retainViews } from './paneViews'
import { lastFocusedView } from './terminalView'
import { TerminalPane } from './TerminalPane'

/** Esc inside a terminal, a text field or a list belongs to them (vim, less, readline). */
function escapeBelongsElsewhere(target: EventTarget | null): boolean {
  return (
    target instanceof Element &&
    target.closest('.xterm, .pane-search, input[type="text"], textarea, select, dialog') !== null
  )
}

/**
 * "Mark this output": the focused (or last focused) pane's selection, else its last command's
 * output, recorded as a note on the active incident's timeline. Focus stays in the pane.
 */
async function markOutput(): Promise<void> {
  const incidentId = useIncidents.getState().activeId
  if (!incidentId) return notify('quickNote.noIncident')
  const view = lastFocusedView()
  if (!view || !findView(view.sessionId)) return notify('evidence.noPane')
  const found = view.evidence()
  if (!found) return notify('evidence.none')
  const heading =
    `**${translateNow('evidence.heading', { pane: view.label })}**` +
    (found.command ? ` ${translateNow('evidence.command', { command: found.command })}` : '')
  try {
    await api.call('incidents.addNote', {
      incidentId,
      text: evidenceMarkdown(heading, found.text),
      pinned: false,
      actor: useIncidents.getState().actor.trim() || null,
    })
    announce(translateNow('evidence.recorded'))
  } catch (err) {
    reportError('evidence.failed', err)
  }
}

export function Grid(): React.JSX.Element {
  const t = useT()
  const panes = useSessions((s) => s.panes)
  const opening = useSessions((s) => s.opening)
  const choice = useLayout((s) => s.choice)
  const remembered = useLayout((s) => s.order)
  const page = useLayout((s) => s.page)
  const maximised = useLayout((s) => s.maximised)

  useEffect(() => recordBroadcastLines(), [])

  useCommand('note.markOutput', markOutput)
  useCommand('broadcast.toggle', () => {
    const b = useBroadcast.getState()
    const open = useSessions.getState().panes.filter((p) => p.state !== 'closed')
    b.setOn(
      !b.on,
      open.map((p) => p.id),
    )
  })
  useCommand('shell.local', () => void useSessions.getState().openLocal())
  const jumps = useMemo<FamilyEntry[]>(
    () =>
      panes.map((p) => ({
        family: 'pane.jump',
        key: p.id,
        vars: { name: `${p.title} (#${p.channel})` },
        run: () => {
          // Bring it into view first: behind a maximised pane, or on another page.
          const layout = useLayout.getState()
          if (layout.maximised !== null && layout.maximised !== p.id) layout.maximise(p.id)
          const ids = useSessions.getState().panes.map((x) => x.id)
          const at = arrange(ids, layout.order).indexOf(p.id)
          if (at >= 0) layout.setPage(Math.floor(at / slotsFor(layout.choice, ids.length)))
          // Once React has shown it: a hidden pane's terminal cannot take focus.
          requestAnimationFrame(() => requestAnimationFrame(() => focusPane(p.id)))
        },
      })),
    [panes],
  )
  useFamily('grid-panes', jumps)

  // Runs after the panes' own effects, so a pane that just arrived already has its terminal.
  useEffect(() => retainViews(panes.map((p) => p.id)), [panes])

  useEffect(() => {
    if (maximised === null) return
    const onKey = (ev: KeyboardEvent): void => {
      if (ev.key !== 'Escape' || ev.defaultPrevented || escapeBelongsElsewhere(ev.target)) return
      useLayout.getState().maximise(null)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [maximised])

  const order = useMemo(
    () =>
      arrange(
        panes.map((p) => p.id),
        remembered,
      ),
    [panes, remembered],
  )
  const slots = slotsFor(choice, panes.length)
  const placement = place(order, slots, page, maximised)

  return (
    <section className="area grid-area" data-testid="grid" aria-label={t('grid.title')}>
      <GridToolbar placement={placement} slots={slots} />
      {panes.length === 0 ? (
        <p className="empty-state">{opening ? t('grid.opening') : t('grid.empty')}</p>
      ) : (
        <div
          className="pane-grid"
          data-testid="grid-panes"
          data-layout={placement.maximised ? 'maximised' : slots}
          style={{
            gridTemplateColumns: `repeat(${placement.shape.cols}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${placement.shape.rows}, minmax(0, 1fr))`,
          }}
        >
          {panes.map((p) => (
            <TerminalPane
              key={p.id}
              info={p}
              position={placement.position.get(p.id) ?? 0}
              visible={placement.visible.has(p.id)}
            />
          ))}
        </div>
      )}
    </section>
  )
}
