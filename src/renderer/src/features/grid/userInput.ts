// Tells what the responder typed or pasted apart from what xterm sends by itself. Both arrive
// through the same `onData`: xterm answers the host's queries there too (device attributes
// ESC[c, status and cursor reports ESC[n / ESC[6n, mode reports, OSC 4/10/11 colour queries,
// focus reports ESC[I / ESC[O). Broadcasting those would answer one host's query on every host.
//
// Why not filter replies by their shape: keys produce the same shapes. Shift+F3 is ESC[1;2R
// (a cursor position report), a typed ESC [ c is the device attributes reply, and a host can
// ask for replies at any time. The shape cannot tell who made the bytes; the cause can.
//
// So this looks at the cause. xterm emits user input synchronously while it handles a
// keyboard, input or paste event on its textarea; replies are emitted while it parses output,
// which never happens inside such an event (parsing runs from xterm's own write timer). A
// capture listener on the pane's host records the event as it starts to be dispatched, and
// `onData` counts as typed only while that very event is still being dispatched
// (`eventPhase !== NONE`): the window closes by itself when dispatch ends, whatever the
// handlers did with propagation. A focus change nested in such an event (a key that moves
// the keyboard elsewhere) makes xterm emit a focus report inside it: data emitted while a
// focus or blur event is being dispatched is never counted as typed.
//
// One exception: IME composition (Japanese input) and keyCode 229 keydowns. xterm reads the
// composed text from its textarea in a setTimeout(0) queued by its own handler. A listener
// added on the textarea after xterm's runs right after that handler and queues a timer of its
// own, which fires after xterm's; between the two, data counts as typed only if it holds no
// ESC, since composed text is printable (or DEL) and every reply starts with ESC.
//
// Events are not required to be `isTrusted`: what is told apart here is xterm's input from
// xterm's replies, and no other script runs in this page to forge events (CSP script-src
// 'self'). Chromium itself marks some IME compositionend events as untrusted.
import type { IDisposable } from '@xterm/xterm'

const INPUT_EVENTS = ['keydown', 'keypress', 'input', 'paste'] as const
const FOCUS_EVENTS = ['focus', 'blur'] as const

export class UserInputGate {
  private current: Event | null = null
  private focusChange: Event | null = null
  private deferred = 0
  private readonly cleanup: (() => void)[] = []

  constructor(host: HTMLElement) {
    const mark = (ev: Event): void => {
      this.current = ev
    }
    const markFocus = (ev: Event): void => {
      this.focusChange = ev
    }
    for (const type of INPUT_EVENTS) this.listen(host, type, mark, true)
    // focus and blur do not bubble, but a capture listener on an ancestor still sees them.
    for (const type of FOCUS_EVENTS) this.listen(host, type, markFocus, true)
  }

  /** Call once xterm has created its textarea (after `term.open`). */
  watchTextarea(textarea: HTMLTextAreaElement): IDisposable {
    const defer = (): void => {
      this.deferred++
      setTimeout(() => this.deferred--, 0)
    }
    this.listen(textarea, 'compositionend', defer)
    this.listen(textarea, 'keydown', (ev) => {
      if ((ev as KeyboardEvent).keyCode === 229) defer()
    })
    return { dispose: () => this.dispose() }
  }

  /** True when `data`, just emitted by xterm's onData, is the responder's own input. */
  isUserInput(data: string): boolean {
    if (dispatching(this.focusChange)) return false
    if (dispatching(this.current)) return true
    return this.deferred > 0 && !data.includes('\x1b')
  }

  dispose(): void {
    for (const off of this.cleanup.splice(0)) off()
    this.current = null
    this.focusChange = null
  }

  private listen(
    target: EventTarget,
    type: string,
    listener: (ev: Event) => void,
    capture = false,
  ): void {
    target.addEventListener(type, listener, capture)
    this.cleanup.push(() => target.removeEventListener(type, listener, capture))
  }
}

function dispatching(ev: Event | null): boolean {
  return ev !== null && ev.eventPhase !== Event.NONE
}
