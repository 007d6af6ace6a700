// WebGL rendering for one pane, only while it is on screen. Chromium keeps about 16 WebGL
// contexts and silently evicts the oldest, so hidden panes give theirs back and fall back to
// xterm's DOM renderer; a pane whose WebGL fails to load simply stays on the DOM renderer.
import type { Terminal } from '@xterm/xterm'
import { WebglAddon } from '@xterm/addon-webgl'

export class WebglLayer {
  private addon: WebglAddon | null = null
  private contexts: WebGL2RenderingContext[] = []
  /** WebGL threw once for this pane (no GPU, blocklisted driver): do not retry every scroll. */
  private unavailable = false

  constructor(
    private readonly term: Terminal,
    private readonly host: HTMLElement,
  ) {}

  enable(): void {
    if (this.addon || this.unavailable || !this.term.element) return
    const before = new Set(this.host.querySelectorAll('canvas'))
    try {
      const addon = new WebglAddon()
      this.term.loadAddon(addon)
      // The GPU process restarted or Chromium evicted us: back to the DOM renderer.
      addon.onContextLoss(() => this.disable())
      this.addon = addon
    } catch {
      this.unavailable = true
      return
    }
    this.contexts = this.contextsOf(before)
  }

  disable(): void {
    const addon = this.addon
    if (!addon) return
    this.addon = null
    const contexts = this.contexts
    this.contexts = []
    addon.dispose()
    // Disposing the addon drops the canvas but the context lingers until garbage collection,
    // still counting against Chromium's limit; losing it frees the slot now.
    for (const gl of contexts) {
      if (!gl.isContextLost()) gl.getExtension('WEBGL_lose_context')?.loseContext()
    }
  }

  get active(): boolean {
    return this.addon !== null
  }

  /** The WebGL contexts of canvases the addon just added (its 2D helper layers excluded). */
  private contextsOf(before: Set<HTMLCanvasElement>): WebGL2RenderingContext[] {
    const found: WebGL2RenderingContext[] = []
    for (const canvas of this.host.querySelectorAll('canvas')) {
      if (before.has(canvas) || [...canvas.classList].some((c) => c.endsWith('-layer'))) continue
      // getContext with the type the canvas already has returns that same context.
      const gl = canvas.getContext('webgl2')
      if (gl) found.push(gl)
    }
    return found
  }
}
