// A real Core behind a real headless bridge, serving a renderer folder that holds one page: what
// the bridge's guard, security, fuzz and early-calls tests start once per file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBridge, type Bridge } from '../../src/main/core/bridge/server'
import { Core } from '../../src/main/core/core'
import type { Incident } from '../../src/shared/incidents'

export interface TestBridge {
  core: Core
  bridge: Bridge
  /** The temp folder: the renderer's files at its top, the core's data in `data/`. */
  dir: string
  stop(): Promise<void>
}

export async function startTestBridge(
  opts: { prefix?: string; log?: (line: string) => void } = {},
): Promise<TestBridge> {
  const dir = mkdtempSync(join(tmpdir(), opts.prefix ?? 'sitrep-bridge-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Sitrep</title>')
  const core = new Core({
    dataDir: join(dir, 'data'),
    shell: 'headless',
    version: 't',
    backupIntervalMs: 0,
  })
  core.start()
  const bridge = await startBridge({
    core,
    rendererDir: dir,
    ...(opts.log ? { log: opts.log } : {}),
  })
  return {
    core,
    bridge,
    dir,
    stop: async () => {
      await bridge.close()
      core.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface BridgeAnswer {
  status: number
  body: string
  headers: Record<string, string | string[] | undefined>
}

/** One plain HTTP request to the bridge on loopback, its whole answer read. */
export function askBridge(
  bridge: Bridge,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body: string | Buffer = '',
): Promise<BridgeAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, method, path, headers }, (res) => {
      let text = ''
      res.on('data', (d: Buffer) => (text += d.toString()))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** An incident declared in the core as a responder would, with this title. */
export function declareIncident(core: Core, title: string): Incident {
  return core.incidents().declare({
    title,
    severity: 'P2',
    services: ['api'],
    impactScope: 'core',
    detection: 'monitoring-alert',
    actor: 'test',
  })
}
