// One pane's terminal outside React: the xterm instance, its addons, the byte path to and from
// the session, and its size. It outlives React re-renders and remounts (StrictMode, grid
// re-layout) so a pane attaches to its session exactly once and never replays output twice.
import { Terminal, type IDisposable } from '@xterm/xterm'
import { FitAddon } from '@xterm/addon-fit'
import { SearchAddon } from '@xterm/addon-search'
import { Unicode11Addon } from '@xterm/addon-unicode11'
import type { SessionInfo } from '../../../../shared/contract'
import { ApiError, type Api } from '../../api'
import { t, useLocale } from '../../i18n/locale'
import { lostLocalLine, paneNotice, restoredLine } from '../../ui/restoreText'
import { notify, reportError } from '../../stores/toastStore'
import { useTargets } from '../../stores/targetsStore'
import type { InputRouter, InputSink } from './broadcast/inputRouter'
import { registerPaneProbe, unregisterPaneProbe, type PaneProbe } from './debugHook'
import { addSafeLinks, safeTerminalOptions } from '../../ui/safeTerminal'
import { handleOsc52 } from './osc52'
import { cleanPaste, pasteBytes, pasteNeedsConfirm } from './pasteGuard'
import { terminalLook } from '../../ui/terminalTheme'
import { UserInputGate } from './userInput'
import { WebglLayer } from './webglLayer'
import { commandSpec, matches, resolveChord } from '../../ui/shortcuts'
import { useKeyboard } from '../../stores/keyboardStore'
import { lastCommandOutput } from '../../ui/evidence'
import type { WriteScheduler, WriteTarget } from './writeScheduler'

/** Dragging a splitter fires many resizes; the remote side only needs the last one. */
const RESIZE_DEBOUNCE_MS = 120
const utf8 = new TextEncoder()

/** The pane's search key (Ctrl+Shift+F) opens its search box instead of reaching the terminal. */
const searchKeys = commandSpec('pane.search').keys.map((b) => resolveChord(b.chord, 'other'))
function isSearchShortcut(ev: KeyboardEvent): boolean {
  return searchKeys.some((k) => matches(k, ev))
}

/** The pane the responder last typed in: "mark this output" and F6 go back to it. */
let lastFocused: TerminalView | null = null
export function lastFocusedView(): TerminalView | null {
  return lastFocused
}
function rememberFocused(view: TerminalView | null): void {
  lastFocused = view
}

export class TerminalView implements WriteTarget, InputSink {
  readonly term: Terminal
  readonly search = new SearchAddon()
  private readonly fit = new FitAddon()
  /** The element xterm lives in; moved between containers instead of re-creating xterm. */
  private readonly host = document.createElement('div')
  private readonly webgl: WebglLayer
  private readonly disposables: IDisposable[] = []
  private unsubscribeOutput: () => void
  private readonly unsubscribeReader: () => void
  /** Set while dropping bytes of a channel this pane no longer owns: nothing is acked then. */
  private muted = false
  private readonly probe: PaneProbe
  private readonly userInput: UserInputGate
  private readonly searchListeners = new Set<() => void>()
  private info: SessionInfo
  private opened = false
  private wantsFocus = false
  private disposed = false
  private sizeObserver: ResizeObserver | null = null
  private visibilityObserver: IntersectionObserver | null = null
  private fitFrame = 0
  private resizeTimer: ReturnType<typeof setTimeout> | null = null
  private sentSize: { cols: number; rows: number }

  constructor(
    info: SessionInfo,
    private readonly api: Api,
    private readonly scheduler: WriteScheduler,
    private readonly input: InputRouter,
  ) {
    this.info = info
    this.sentSize = { cols: info.cols, rows: info.rows }
    this.host.className = 'terminal-host'
    this.term = new Terminal({
      ...terminalLook,
      // Unicode 11 widths and search decorations are "proposed" API in xterm.
      allowProposedApi: true,
      scrollback: 10_000,
      // Remote programs must not move, resize or query this window, nor read its title: every
      // window operation and report (XTWINOPS, CSI t) stays off.
      // OSC 8 hyperlinks: the same path as plain URLs (http(s) only, confirmed, noopener).
      // xterm's default asks in English and opens a blank window it then navigates, which the
      // Electron shell denies, so OSC 8 links could never open there. (safeTerminal.ts, shared
      // with the replay view.)
      ...safeTerminalOptions,
      cols: info.cols,
      rows: info.rows,
      // An accessibility tree of the rows for screen readers (a setting: it costs time per
      // write). Followed live below.
      screenReaderMode: useKeyboard.getState().screenReaderMode,
    })
    this.webgl = new WebglLayer(this.term, this.host)
    this.term.loadAddon(this.fit)
    this.term.loadAddon(new Unicode11Addon())
    this.term.unicode.activeVersion = '11'
    this.term.loadAddon(this.search)
    addSafeLinks(this.term)

    // onData carries both what the responder typed and xterm's own replies to the host; only
    // the former may be broadcast (see userInput.ts for how they are told apart).
    this.userInput = new UserInputGate(this.host)
    this.disposables.push(
      this.term.onData((s) => {
        if (this.userInput.isUserInput(s)) {
          this.scheduler.typed()
          this.input.typed(this, s)
        } else this.input.automatic(this, utf8.encode(s))
      }),
      // onBinary carries one byte per char (e.g. some mouse reports), not UTF-16 text.
      this.term.onBinary((s) =>
        this.input.automatic(
          this,
          Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff),
        ),
      ),
      this.term.onResize(({ cols, rows }) => this.queueResize(cols, rows)),
      handleOsc52(this.term, () => this.label),
    )
    this.unsubscribeReader = useKeyboard.subscribe((s) => {
      if (this.term.options.screenReaderMode !== s.screenReaderMode)
        this.term.options.screenReaderMode = s.screenReaderMode
    })
    this.term.attachCustomKeyEventHandler((ev) => {
      // Escape typed in a pane is the program's (vi, less, readline): it must not also close a
      // dialog or panel behind the pane, whose listeners are on the window.
      if (ev.key === 'Escape') {
        ev.stopPropagation()
        return true
      }
      // "Tab moves focus" (the toggle of the shortcut table): Tab leaves the pane as in any
      // other part of the page instead of reaching the shell. Not handled here = the browser's.
      if (ev.key === 'Tab' && !ev.ctrlKey && !ev.altKey && !ev.metaKey) {
        return !useKeyboard.getState().tabMovesFocus
      }
      if (!isSearchShortcut(ev)) return true
      if (ev.type === 'keydown') {
        ev.preventDefault()
        for (const listener of this.searchListeners) listener()
      }
      return false
    })
    // Every paste goes through the guard (pasteGuard.ts) instead of xterm's own handler: a
    // capture listener on the host sees it before xterm's textarea does.
    this.host.addEventListener('paste', (ev) => this.guardPaste(ev), true)
    this.host.addEventListener('focusin', () => {
      rememberFocused(this)
      this.scheduler.setFocused(this)
    })
    this.host.addEventListener('focusout', () => this.scheduler.setFocused(null))

    // Subscribe before attaching: the attach call replays recent output as Output frames.
    this.unsubscribeOutput = api.onOutput(info.channel, (bytes) =>
      this.scheduler.enqueue(this, bytes),
    )
    const readText = (): string => this.readText()
    const readTail = (lines: number): string => this.readTail(lines)
    const title = (): string => this.info.title
    this.probe = {
      size: () => ({ cols: this.term.cols, rows: this.term.rows }),
      readText,
      readTail,
      get title() {
        return title()
      },
    }
    registerPaneProbe(info.channel, this.probe)
    this.writeRestoreNotice()
    void this.attach()
  }

  /** A restored session's pane says, above its output, that it was restored and what was lost. */
  private writeRestoreNotice(): void {
    const from = this.info.restoredFrom
    if (from) this.term.write(paneNotice(restoredLine(useLocale.getState().locale, from)))
  }

  /** Stops taking output of the current channel (the core reuses numbers after a restart). */
  private leaveChannel(): void {
    this.unsubscribeOutput()
    this.unsubscribeOutput = () => undefined
    // Queued bytes belong to a session that is gone: dropped unacknowledged, since the number
    // may already name another session of the restarted core.
    this.muted = true
    this.scheduler.forget(this)
    this.muted = false
    unregisterPaneProbe(this.info.channel, this.probe)
  }

  /**
   * The core restarted and restored this pane's session as `info`: the terminal, with what it
   * showed, carries on with the new session below a line saying what was not received.
   */
  rebind(info: SessionInfo): void {
    if (this.disposed) return
    this.leaveChannel()
    this.info = info
    this.term.options.disableStdin = info.state === 'closed'
    // The cursor may have been hidden when the old session was shown as ended.
    this.term.write('\x1b[?25h')
    this.writeRestoreNotice()
    this.unsubscribeOutput = this.api.onOutput(info.channel, (bytes) =>
      this.scheduler.enqueue(this, bytes),
    )
    registerPaneProbe(info.channel, this.probe)
    void this.attach()
    // The restored session was opened at its first size; give it this pane's.
    this.sentSize = { cols: info.cols, rows: info.rows }
    this.queueResize(this.term.cols, this.term.rows)
  }

  /** The pane's session ended with the core and was not restored: say so, keep the screen. */
  markLost(info: SessionInfo, lostAt: number): void {
    if (this.disposed) return
    const wasLocal = this.info.kind === 'local'
    this.leaveChannel()
    this.info = info
    registerPaneProbe(info.channel, this.probe)
    this.term.options.disableStdin = true
    const locale = useLocale.getState().locale
    const line = wasLocal ? lostLocalLine(locale, lostAt) : t('pane.notRestored.line')
    this.term.write(`${paneNotice(line)}\x1b[?25l`)
  }

  get sessionId(): string {
    return this.info.id
  }

  get channel(): number {
    return this.info.channel
  }

  get acceptsInput(): boolean {
    return this.info.state !== 'closed' && !this.disposed
  }

  /** How toasts and dialogs name this pane. */
  get label(): string {
    return t('pane.label', { title: this.info.title, channel: this.info.channel })
  }

  /** The session is on a production-tagged target (SSH host, kubectl context, database). */
  get production(): boolean {
    const id = this.info.targetId
    return id !== null && useTargets.getState().targets.some((t) => t.id === id && t.production)
  }

  private guardPaste(ev: ClipboardEvent): void {
    ev.preventDefault()
    ev.stopImmediatePropagation()
    if (!this.acceptsInput) return
    const raw = ev.clipboardData?.getData('text/plain') ?? ''
    if (raw === '') return
    const cleaned = cleanPaste(raw)
    const broadcast = this.input.broadcasts(this)
    if (cleaned.removed > 0) {
      notify('paste.controlsRemoved', { pane: this.label, count: cleaned.removed })
    }
    if (pasteNeedsConfirm(cleaned, { production: this.production, broadcast })) {
      const lines = cleaned.text.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '').length
      const question = t(broadcast ? 'paste.confirm.broadcast' : 'paste.confirm.production', {
        pane: this.label,
        lines,
        removed: cleaned.removed,
      })
      // window.confirm: modal and keyboard-first in both shells, and nothing is sent meanwhile.
      if (!window.confirm(question)) return
    }
    if (cleaned.text === '') return
    this.term.scrollToBottom()
    this.input.typed(this, pasteBytes(cleaned.text, this.term.modes.bracketedPasteMode))
  }

  /** Ctrl+Shift+F in the terminal asks the pane to open its search box. */
  onSearchRequest(listener: () => void): () => void {
    this.searchListeners.add(listener)
    return () => this.searchListeners.delete(listener)
  }

  setInfo(info: SessionInfo): void {
    const ended = info.state === 'closed' && this.info.state !== 'closed'
    this.info = info
    // An ended session takes no input; the buffer stays readable and selectable.
    this.term.options.disableStdin = info.state === 'closed'
    // Hide the cursor locally so an ended pane does not look like it waits for input.
    if (ended) this.term.write('\x1b[?25l')
  }

  /** Puts the terminal into `container` (first time: opens xterm there). */
  mount(container: HTMLElement): void {
    if (this.disposed) return
    container.appendChild(this.host)
    if (!this.opened) {
      this.term.open(this.host)
      this.opened = true
      if (this.term.textarea)
        this.disposables.push(this.userInput.watchTextarea(this.term.textarea))
      // A pane never takes the keyboard by itself on start: focus goes where the responder
      // acts first (Declare, or the note box; features/keyboard), never silently into a shell.
    }
    if (this.wantsFocus) {
      this.wantsFocus = false
      this.term.focus()
    }
    this.sizeObserver = new ResizeObserver(() => this.queueFit())
    this.sizeObserver.observe(this.host)
    this.visibilityObserver = new IntersectionObserver((entries) => {
      const visible = entries.some((e) => e.isIntersecting)
      if (visible) this.webgl.enable()
      else this.webgl.disable()
    })
    this.visibilityObserver.observe(this.host)
    this.queueFit()
  }

  unmount(): void {
    this.sizeObserver?.disconnect()
    this.sizeObserver = null
    this.visibilityObserver?.disconnect()
    this.visibilityObserver = null
    cancelAnimationFrame(this.fitFrame)
    this.webgl.disable()
    this.host.remove()
  }

  focus(): void {
    this.term.focus()
  }

  focusOnMount(): void {
    if (this.opened && this.host.isConnected) this.term.focus()
    else this.wantsFocus = true
  }

  /** After the connection to the core came back: the core sees a new viewer and replays. */
  reattach(): void {
    if (this.disposed) return
    this.scheduler.forget(this)
    this.term.reset()
    this.writeRestoreNotice()
    void this.attach()
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    if (lastFocused === this) rememberFocused(null)
    // From here api.ts acknowledges this channel's frames itself, so nothing stays paused.
    this.unsubscribeOutput()
    this.scheduler.forget(this)
    if (this.resizeTimer) clearTimeout(this.resizeTimer)
    unregisterPaneProbe(this.info.channel, this.probe)
    this.unmount()
    this.searchListeners.clear()
    this.userInput.dispose()
    this.unsubscribeReader()
    for (const d of this.disposables) d.dispose()
    this.term.dispose()
  }

  // WriteTarget: called by the shared scheduler.
  write(bytes: Uint8Array, parsed: () => void): void {
    if (this.disposed) return parsed()
    this.term.write(bytes, parsed)
  }

  ack(bytes: number): void {
    if (this.muted) return
    this.api.ack(this.info.channel, bytes)
  }

  /** The `count` rows ending at the cursor's row (the rows below it are still blank). */
  private readTail(count: number): string {
    const buffer = this.term.buffer.active
    const end = buffer.baseY + buffer.cursorY + 1
    // Rows that continue a wrapped line are joined to it: a probe looks for what was typed,
    // and in a narrow pane the prompt plus the typing wraps.
    let text = ''
    for (let i = Math.max(0, end - count); i < end; i++) {
      const line = buffer.getLine(i)
      if (i > Math.max(0, end - count) && !line?.isWrapped) text += '\n'
      // A row that wraps on keeps its trailing spaces: they are part of the line.
      const wrapsOn = buffer.getLine(i + 1)?.isWrapped === true
      text += line?.translateToString(!wrapsOn) ?? ''
    }
    return text
  }

  /**
   * What "mark this output" records: the pane's selection, else the last command's output (the
   * rows between the previous prompt and the current one).
   */
  evidence(): { text: string; command: string | null } | null {
    const selection = this.term.getSelection()
    if (selection.trim() !== '') return { text: selection, command: null }
    const buffer = this.term.buffer.active
    const rows: string[] = []
    const end = buffer.baseY + buffer.cursorY
    for (let i = Math.max(0, end - 2000); i <= end; i++)
      rows.push(buffer.getLine(i)?.translateToString(true) ?? '')
    return lastCommandOutput(rows, buffer.cursorX)
  }

  private readText(): string {
    const buffer = this.term.buffer.active
    const lines: string[] = []
    for (let i = 0; i < buffer.length; i++)
      lines.push(buffer.getLine(i)?.translateToString(true) ?? '')
    return lines.join('\n')
  }

  /** InputSink: the router decides what reaches this session. */
  sendInput(bytes: Uint8Array): void {
    if (!this.acceptsInput || bytes.byteLength === 0) return
    this.api.sendInput(this.info.channel, bytes)
  }

  private async attach(): Promise<void> {
    try {
      await this.api.call('sessions.attach', { sessionId: this.info.id })
    } catch (err) {
      // A session that ended meanwhile shows as closed through the sessions store.
      if (err instanceof ApiError && err.code === 'not_found') return
      reportError('action.failed.attach', err)
    }
  }

  private queueFit(): void {
    cancelAnimationFrame(this.fitFrame)
    this.fitFrame = requestAnimationFrame(() => {
      // A pane with no size (collapsed, not laid out yet) would fit to the 2x1 minimum.
      if (this.disposed || this.host.clientWidth === 0 || this.host.clientHeight === 0) return
      try {
        this.fit.fit()
      } catch {
        // Not rendered yet (no cell size): the next resize observation fits it.
      }
    })
  }

  private queueResize(cols: number, rows: number): void {
    if (this.resizeTimer) clearTimeout(this.resizeTimer)
    this.resizeTimer = setTimeout(() => {
      this.resizeTimer = null
      if (this.disposed || this.info.state === 'closed') return
      if (cols === this.sentSize.cols && rows === this.sentSize.rows) return
      this.sentSize = { cols, rows }
      this.api
        .call('sessions.resize', {
          sessionId: this.info.id,
          cols: Math.min(1000, Math.max(2, cols)),
          rows: Math.min(500, Math.max(1, rows)),
        })
        .catch((err: unknown) => {
          if (err instanceof ApiError && err.code === 'not_found') return
          reportError('action.failed.resize', err)
        })
    }, RESIZE_DEBOUNCE_MS)
  }
}
