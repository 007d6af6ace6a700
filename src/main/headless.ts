// `npm run serve`: the same core in plain Node, serving the built renderer on 127.0.0.1 behind a
// token kept in the data folder (so a restart lets the same tab back in). For browser end-to-end
// tests and machines where Electron cannot run.
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pkg from '../../package.json'
import {
  loadBridgeCredentials,
  saveBridgePort,
  saveBridgeSessions,
} from './core/bridge/credentials'
import { startBridge, type Bridge } from './core/bridge/server'
import { Core } from './core/core'
import { KeyLock } from './core/secrets/keyLock'
import { takePassphraseFromEnv } from './core/secrets/keyProvider'
import { defaultDataDir } from './core/paths'

const here = dirname(fileURLToPath(import.meta.url))

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      // Not given: the port of the last run on this data folder, so its open tabs reconnect.
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      token: { type: 'string' },
      'new-token': { type: 'boolean', default: false },
      renderer: { type: 'string' },
    },
  })
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir())
  // Read and removed before anything starts a shell: children inherit this environment.
  const passphrase = takePassphraseFromEnv()
  // A sealed key file without the passphrase stays locked: the page asks for it.
  const keyLock = new KeyLock({ keyFile: join(dataDir, 'secret.key') })
  const core = new Core({ dataDir, shell: 'headless', version: pkg.version, keyLock })
  // After the Core made the data folder; a wrong passphrase leaves the lock for the page to ask.
  const keyProblem = keyLock.startWith(passphrase)
  if (keyProblem) console.error(`sitrep: ${keyProblem}`)
  const status = core.start()
  if (status.state !== 'ready') console.error(`sitrep: ${status.message}`)
  const permissions = core.data.permissionNotice
  if (permissions) console.error(`sitrep: ${permissions}`)
  // The token lives in the data folder (see core/bridge/credentials.ts): a restarted server on
  // the same folder and port lets the tabs it served back in. --token (tests) bypasses it.
  let remembered = !values.token
  let loaded: ReturnType<typeof loadBridgeCredentials> = {
    creds: { token: values.token ?? '', port: 0 },
    note: null,
  }
  if (remembered)
    try {
      mkdirSync(dataDir, { recursive: true })
      loaded = loadBridgeCredentials(dataDir, { rotate: values['new-token'] })
    } catch (err) {
      // A read-only or full data folder must not keep the console from starting: this run's
      // token then lives in memory only, and a restart needs the new URL.
      remembered = false
      console.error(
        `sitrep: could not keep the token in ${dataDir} (${err instanceof Error ? err.message : String(err)}); after a restart, open the new URL.`,
      )
      loaded = { creds: { token: randomBytes(32).toString('base64url'), port: 0 }, note: null }
    }
  const { creds, note } = loaded
  if (note === 'exposed')
    console.error(
      `sitrep: ${join(dataDir, 'bridge.json')} could be read by other users; made a new token (open tabs must use the new URL).`,
    )
  const token = creds.token
  const rendererDir = resolve(values.renderer ?? join(here, '../renderer'))
  // The token opens one page, once (bridge/sessions.ts); whether it did, and the sessions it
  // minted, are kept with it so a restart lets those tabs back in and the used link stays used.
  const session = remembered
    ? {
        sessions: { used: creds.used ?? false, sessions: creds.sessions ?? [] },
        saveSessions: (s: { used: boolean; sessions: string[] }) => {
          try {
            saveBridgeSessions(dataDir, creds, s)
          } catch (err) {
            console.error(
              `sitrep: could not keep the page session in ${dataDir} (${err instanceof Error ? err.message : String(err)}); after a restart, use --new-token.`,
            )
          }
        },
      }
    : {}
  let bridge: Bridge
  if (values.port !== undefined) {
    bridge = await startBridge({ core, rendererDir, port: Number(values.port), token, ...session })
  } else {
    try {
      bridge = await startBridge({ core, rendererDir, port: creds.port, token, ...session })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err
      console.error(
        `sitrep: port ${creds.port} (last run) is taken; serving on another one — tabs from the last run must open the new URL.`,
      )
      bridge = await startBridge({ core, rendererDir, port: 0, token, ...session })
    }
  }
  if (remembered) {
    try {
      saveBridgePort(dataDir, creds, bridge.port)
    } catch {
      // The next run picks another port; the token is kept, so a tab on this URL still works
      // as long as that port is free.
    }
  }
  console.log(`Sitrep ${pkg.version} (headless) — data in ${dataDir}`)
  console.log(`Open: ${bridge.url}`)
  if (remembered && creds.used)
    console.log(
      'That link was already opened once and opens no new page; open tabs reconnect by themselves. For another browser, restart with --new-token.',
    )
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
