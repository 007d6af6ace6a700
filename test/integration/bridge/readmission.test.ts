// A restarted headless server on the same data folder lets the tab it served back in, and no
// one else: the token comes from the data folder, so the old tab's cookie and socket token are
// still right; a wrong token, a foreign origin and a rotated token are still refused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  loadBridgeCredentials,
  saveBridgePort,
  saveBridgeSessions,
} from '../../../src/main/core/bridge/credentials'
import { startBridge, type Bridge } from '../../../src/main/core/bridge/server'
import { Core } from '../../../src/main/core/core'

const dir = mkdtempSync(join(tmpdir(), 'sitrep-readmit-'))
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Sitrep</title>')
const dataDir = join(dir, 'data')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** What headless.ts does at start: core, stored token, the last port unless told otherwise. */
async function serve(port?: number, rotate = false): Promise<{ core: Core; bridge: Bridge }> {
  const core = new Core({ dataDir, shell: 'headless', version: 't', backupIntervalMs: 0 })
  core.start()
  const { creds } = loadBridgeCredentials(dataDir, { rotate })
  const bridge = await startBridge({
    core,
    rendererDir: dir,
    port: port ?? creds.port,
    token: creds.token,
    sessions: { used: creds.used ?? false, sessions: creds.sessions ?? [] },
    saveSessions: (s) => saveBridgeSessions(dataDir, creds, s),
  })
  saveBridgePort(dataDir, creds, bridge.port)
  return { core, bridge }
}

async function stop(s: { core: Core; bridge: Bridge }): Promise<void> {
  await s.bridge.close()
  s.core.close()
}

function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; cookie: string | undefined }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      res.resume()
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, cookie: res.headers['set-cookie']?.[0] }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

function ws(port: number, token: string, cookie: string, origin = `http://127.0.0.1:${port}`) {
  return new Promise<boolean>((resolve) => {
    const sock = new WebSocket(`ws://127.0.0.1:${port}/bridge?token=${token}`, {
      origin,
      headers: { cookie },
    })
    sock.on('open', () => {
      sock.close()
      resolve(true)
    })
    sock.on('unexpected-response', () => resolve(false))
    sock.on('error', () => resolve(false))
  })
}

describe('headless bridge after a restart on the same data folder', () => {
  it('lets the old tab back in by cookie and socket token, and nobody else', async () => {
    let first = await serve(0)
    const { port, token } = first.bridge
    const page = await get(port, `/?token=${token}`)
    expect(page.status).toBe(200)
    const cookie = (page.cookie ?? '').split(';')[0] ?? ''
    expect(cookie).toMatch(/^sitrep_session=[\w-]{43}$/)
    expect(await ws(port, token, cookie)).toBe(true)
    await stop(first)

    // No --port: the last one; the same token.
    first = await serve()
    try {
      expect(first.bridge.port).toBe(port)
      expect(first.bridge.token).toBe(token)
      // The tab reloads with its cookie, its worker reconnects with the token it kept.
      expect((await get(port, '/', { cookie })).status).toBe(200)
      expect(await ws(port, token, cookie)).toBe(true)
      // Still refused: no token, a wrong one, another origin, the socket without the cookie,
      // and the printed link a second time (it was spent by the first load, before the restart).
      expect((await get(port, '/')).status).toBe(403)
      expect(await ws(port, 'x'.repeat(43), cookie)).toBe(false)
      expect(await ws(port, token, cookie, 'http://evil.example')).toBe(false)
      expect(await ws(port, token, '')).toBe(false)
      expect((await get(port, `/?token=${token}`)).status).toBe(403)
    } finally {
      await stop(first)
    }

    // --new-token: the old tab is signed out.
    const rotated = await serve(port, true)
    try {
      expect(rotated.bridge.token).not.toBe(token)
      expect((await get(port, '/', { cookie })).status).toBe(403)
      expect(await ws(port, token, cookie)).toBe(false)
      // The new link opens a page once, with a new session.
      const fresh = await get(port, `/?token=${rotated.bridge.token}`)
      expect(fresh.status).toBe(200)
      expect(fresh.cookie).not.toContain(cookie)
    } finally {
      await stop(rotated)
    }
  })
})
