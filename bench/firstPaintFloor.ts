// The floor for "open the app → newest event painted": the same built page with no app code.
// A snapshot of the first screen exactly as our renderer painted it (index.html's head with the
// same CSS, the body's DOM with the timeline's newest rows as rendered), its scripts and module
// preloads removed, served statically from a loopback server with the build's assets. The same
// browser opens it and waits for the same newest row: what a browser needs to show those rows
// at all, with nothing to fetch, parse or run first.
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'
import type { Page } from '@playwright/test'

/** The painted first screen as static HTML: the document with every script taken out. */
export async function snapshotFirstScreen(page: Page): Promise<string> {
  const html = await page.evaluate(`(() => {
    const doc = document.documentElement.cloneNode(true)
    for (const el of doc.querySelectorAll('script, link[rel="modulepreload"]')) el.remove()
    return '<!doctype html>\\n' + doc.outerHTML
  })()`)
  return html as string
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
