// The app's code, loaded by main.tsx once the bridge socket is on its way: wire the core's
// events into the stores, then render.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { appTakesOver, sketchShown } from './features/first-screen/sketch'
import { whenFirstScreenKnown } from './firstScreenReady'
import { startTimeline } from './features/timeline/timelineStore'
import { startApp } from './stores/boot'

// First: the remembered incident's newest page is the first call of the first round.
startTimeline()
startApp()
// The app's code has run (bench/timeline-100k.ts reads it: the entry chunk alone is tiny).
performance.mark('sitrep.started')

/**
 * The longest the first render waits, with the sketch on screen, for the stores to hold what it
 * shows: their replies are usually in already (the same early answers), so this is a bound for a
 * slow core, not a delay.
 */
const SKETCH_HOLD_MS = 1_500

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
async function render(container: HTMLElement): Promise<void> {
  // The sketch gives way to the same rows, not to the waiting screen: React empties #root when it
  // first commits there.
  if (sketchShown()) await whenFirstScreenKnown(SKETCH_HOLD_MS)
  appTakesOver()
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}
void render(root)
