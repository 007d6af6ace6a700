// The app's code, loaded by main.tsx once the bridge socket is on its way: wire the core's
// events into the stores, then render.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { startTimeline } from './features/timeline/timelineStore'
import { startApp } from './stores/boot'

// First: the remembered incident's newest page is the first call of the first round.
startTimeline()
startApp()
// The app's code has run (bench/timeline-100k.ts reads it: the entry chunk alone is tiny).
performance.mark('sitrep.started')

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
