// A real Core behind a real headless bridge, serving a renderer folder that holds one page: what
// the bridge's guard, security, fuzz and early-calls tests start once per file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBridge, type Bridge } from '../../src/main/core/bridge/server'
import { Core } from '../../src/main/core/core'

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
