// `npm run serve`: the same core in plain Node, serving the built renderer on 127.0.0.1 behind a
// one-time token. For browser end-to-end tests and machines where Electron cannot run.
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pkg from '../../package.json'
import { startBridge } from './core/bridge/server'
import { Core } from './core/core'
import { defaultDataDir } from './core/paths'

const here = dirname(fileURLToPath(import.meta.url))

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'data-dir': { type: 'string' },
      token: { type: 'string' },
      renderer: { type: 'string' },
    },
  })
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir())
  const core = new Core({ dataDir, shell: 'headless', version: pkg.version })
  const status = core.start()
  if (status.state !== 'ready') console.error(`sitrep: ${status.message}`)
  const bridge = await startBridge({
    core,
    rendererDir: resolve(values.renderer ?? join(here, '../renderer')),
    port: Number(values.port),
    ...(values.token ? { token: values.token } : {}),
  })
  console.log(`Sitrep ${pkg.version} (headless) — data in ${dataDir}`)
  console.log(`Open: ${bridge.url}`)
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    void bridge.close().finally(() => {
      core.close()
      process.exit(0)
    })
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error(`sitrep: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
