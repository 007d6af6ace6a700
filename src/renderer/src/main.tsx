// Renderer entry: wire the core's events into the stores, then render.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
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
import { App } from './App'
import { startApp } from './stores/boot'

startApp()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
