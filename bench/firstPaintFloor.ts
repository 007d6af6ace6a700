// The floor for "open the app → newest event painted": the same built page with no app code.
// The page exactly as the bridge served it to ours (index.html's head with the same CSS, the
// first screen's sketch with the newest rows in its body), its scripts and module preloads
// removed, served statically from a loopback server with the build's assets. The same
// browser opens it and waits for the same newest row: what a browser needs to show those rows
// at all, with nothing to fetch, parse or run first.
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import type { Page } from '@playwright/test'

/**
 * The page as the bridge serves it, with the first screen's sketch (the newest rows) in its HTML,
 * every script and module preload taken out: asked for again by the opened page (its session
 * cookie, the incident it remembers), so it is the HTML our page was served, rows included.
 */
export async function servedPageWithoutScripts(page: Page): Promise<string> {
  const html = (await page.evaluate(`(async () => {
    const res = await fetch('/', { credentials: 'same-origin', cache: 'no-store' })
    return res.text()
  })()`)) as string
  if (!html.includes('data-testid="first-screen-sketch"'))
    throw new Error('The served page has no first screen sketch: nothing to compare with.')
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<link rel="modulepreload"[^>]*>/g, '')
}

const TYPES: Record<string, string> = {
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

export interface StaticPage {
  url: string
  stop(): Promise<void>
}

/** Serves `html` at / and the build's files (CSS, fonts) under their own paths, on loopback. */
export async function serveStatic(html: string, rendererDir: string): Promise<StaticPage> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(html)
      return
    }
    const file = normalize(join(rendererDir, path))
    if (!file.startsWith(rendererDir)) {
      res.writeHead(403).end()
      return
    }
    try {
      const body = readFileSync(file)
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      res.end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () => new Promise((r) => server.close(() => r())),
  }
}
