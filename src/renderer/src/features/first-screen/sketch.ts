// The first screen's sketch in the page (shared/firstScreenSketch.ts says what it is and why).
// In a browser the bridge has written it into the HTML already; in the app the entry (main.tsx)
// draws it here as DOM once the preload has answered the first screen's calls. Either way the
// app's first render waits, while it is on screen, for its stores to hold the same rows
// (render.tsx), then replaces it.
import type { ReplyMessage } from '../../../../shared/contract'
import type { FirstCall } from '../../../../shared/earlyCalls'
import {
  ROW_HEIGHT,
  sketchContent,
  sketchTree,
  type SketchElement,
} from '../../../../shared/firstScreenSketch'
import type { Locale } from '../../i18n/translate'

const SKETCH = '[data-testid="first-screen-sketch"]'

type State = 'waiting' | 'drawn' | 'app'
let state: State = 'waiting'

/** Whether a sketch is on screen: the bridge's, in the HTML, or one drawn here. */
export function sketchShown(): boolean {
  if (state === 'waiting' && document.querySelector(SKETCH)) state = 'drawn'
  return state === 'drawn'
}

/** The app renders now: an answer that comes later draws nothing over it. */
export function appTakesOver(): void {
  state = 'app'
}

/**
 * How long the app's code waits for the first screen's answers to draw the sketch. The preload
 * answers in a few ms; a core slower than this gets no sketch, and the app runs as it would
 * without one.
 */
const ANSWER_WAIT_MS = 400

/** Resolves once the browser has drawn the next frame (or after 100 ms in a hidden page). */
export function afterNextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 100)
    requestAnimationFrame(() =>
      // The frame is drawn after the animation frame callbacks: the next task runs after it.
      setTimeout(() => {
        clearTimeout(timer)
        resolve()
      }, 0),
    )
  })
}

/** The sketch as DOM: text nodes for every text, attributes set one by one. */
function toDom(node: SketchElement): HTMLElement {
  const el = document.createElement(node.tag)
  for (const [k, v] of Object.entries(node.attrs)) el.setAttribute(k, v)
  for (const c of node.children) el.append(typeof c === 'string' ? c : toDom(c))
  return el
}

/**
 * Draws the sketch into `root` from the first screen's answers (the app's preload), unless the
 * page has one already or the app rendered first. A reply that fails, or answers slower than
 * ANSWER_WAIT_MS, leaves the page as it was.
 */
export async function drawSketchWhenAnswered(
  root: HTMLElement,
  calls: readonly FirstCall[],
  replies: readonly Promise<ReplyMessage | null>[],
  locale: Locale,
): Promise<void> {
  if (sketchShown()) return
  const late = new Promise<null>((resolve) => setTimeout(() => resolve(null), ANSWER_WAIT_MS))
  const answered = await Promise.race([Promise.all(replies.map((r) => r.catch(() => null))), late])
  if (state !== 'waiting' || !answered) return
  const content = sketchContent(calls, answered)
  if (!content) return
  // The rows a window this tall can show, no more: each costs its description and its DOM.
  root.replaceChildren(toDom(sketchTree(content, locale, Math.ceil(innerHeight / ROW_HEIGHT) + 1)))
  state = 'drawn'
  performance.mark('sitrep.sketchDrawn')
}
