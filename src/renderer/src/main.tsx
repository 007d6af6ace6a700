// Renderer entry, kept tiny (issue #20): in a plain browser it opens the bridge's socket first,
// so the worker that holds it starts and connects while the app's code (render.tsx, its own
// chunk) is fetched, compiled and run, and sends the first screen's calls on it at once
// (stores/firstScreen.ts); api.ts adopts that socket and answers the stores' first calls with
// those replies. Before, the worker started only after the whole first chunk had run, ~100-250
// ms later, and the calls went out after it. The stylesheets stay here, in index.html's own CSS,
// in this order.
import { openEarlySocket } from './bridge/bridgeSocket'
import { bridgeUrl } from './bridge/bridgeUrl'
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
if (!window.sitrep) openEarlySocket(bridgeUrl(), firstScreenCalls())
void import('./render')
