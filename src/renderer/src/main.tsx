// Renderer entry, kept small (issue #20). The first screen's newest rows are on screen before
// the app's code runs: in a browser the bridge wrote them into the HTML, in the app this entry
// draws them from the preload's answers (features/first-screen/sketch.ts). In a plain browser it
// sends the first screen's calls (stores/firstScreen.ts) to the bridge over HTTP at once, so
// they are answered while the app's code (render.tsx, its own chunk) is fetched, compiled and
// run, and opens the bridge's socket, whose worker Chromium starts slowly (bridge/earlyCalls.ts
// and core/bridge/earlyCalls.ts say why, and how no event falls between the two); api.ts answers
// the stores' first calls with those replies and adopts the socket. The stylesheets stay here,
// in index.html's own CSS, in this order.
import { openEarlySocket } from './bridge/bridgeSocket'
import { bridgeToken, bridgeUrl } from './bridge/bridgeUrl'
import { askEarly, newLoadKey } from './bridge/earlyCalls'
import { afterNextFrame, drawSketchWhenAnswered, sketchShown } from './features/first-screen/sketch'
import { initialLocale } from './i18n/savedLocale'
import { firstScreenCalls, keepFirstScreenCookies } from './stores/firstScreen'
import '@xterm/xterm/css/xterm.css'
// Order matters only where rules of equal specificity meet one element: tokens, then the
// window's frame, then the shared primitives (a field's font beats the side sheet's generic
// input), then every feature stylesheet (a feature class beats a primitive).
import './ui/tokens.css'
import './app.css'
import './ui/primitives.css'
import './ui/safeMarkdown.css'
import './ui/sparkline.css'
import './ui/badges.css'
// These three are always on screen; imported here so they keep their place in the order.
import './features/grid/grid.css'
import './features/store-problem/storeProblem.css'
import './features/connection/connection.css'

// In a browser the first screen's calls go to the bridge over HTTP at once, answered while the
// app's code loads, and its socket opens; the newest rows are in the HTML already, or the bridge
// had nothing to show. In the app the preload carries the contract: there is no socket to open,
// and the same calls answer the sketch drawn here only (the stores ask again once they listen to
// the core's events, so nothing happening in between is missed). With a sketch on screen the
// app's code runs after its frame: started at once, its ~70 ms of module code and its first
// render took the main thread before the page could draw one. Without a sketch it runs at once.
const calls = firstScreenCalls()
const preload = window.sitrep
const root = document.getElementById('root')
let sketched: Promise<void> | null = null
if (!preload) {
  keepFirstScreenCookies()
  const key = newLoadKey()
  askEarly(bridgeToken() ?? '', key, calls)
  openEarlySocket(bridgeUrl(), key)
  if (sketchShown()) sketched = Promise.resolve()
} else if (root) {
  const replies = calls.map((c) => preload.invoke(c.method, c.params))
  sketched = drawSketchWhenAnswered(root, calls, replies, initialLocale())
}
void (sketched ? sketched.then(afterNextFrame) : Promise.resolve()).then(() => import('./render'))
