// Renderer entry: wire the core's events into the stores, then render.
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import '@xterm/xterm/css/xterm.css'
import './styles/app.css'
import './styles/header.css'
import './styles/grid.css'
import './styles/storeProblem.css'
import './styles/connection.css'
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
