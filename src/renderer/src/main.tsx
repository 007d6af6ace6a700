// Renderer entry, kept tiny (issue #20): in a plain browser it sends the first screen's calls
// (stores/firstScreen.ts) to the bridge over HTTP at once, so they are answered while the app's
// code (render.tsx, its own chunk) is fetched, compiled and run, and opens the bridge's socket,
// whose worker Chromium starts slowly (bridge/earlyCalls.ts and core/bridge/earlyCalls.ts say
// why, and how no event falls between the two); api.ts answers the stores' first calls with those
// replies and adopts the socket. The stylesheets stay here, in index.html's own CSS, in this
// order.
import { openEarlySocket } from './bridge/bridgeSocket'
import { bridgeToken, bridgeUrl } from './bridge/bridgeUrl'
import { askEarly, newLoadKey } from './bridge/earlyCalls'
import { firstScreenCalls } from './stores/firstScreen'
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

// In the app the preload carries the contract: there is no socket to open. In a browser the
// first screen's calls go out on it as soon as it opens, answered while the app's code loads.
if (!window.sitrep) {
  const key = newLoadKey()
  askEarly(bridgeToken() ?? '', key, firstScreenCalls())
  openEarlySocket(bridgeUrl(), key)
}
void import('./render')
