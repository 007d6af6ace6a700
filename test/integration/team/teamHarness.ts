// A team's PostgreSQL 15 for the sync tests: TLS with a test CA (clients use verify-full), an
// admin password, Sitrep's server schema installed by the admin, and responder roles.
import pg from 'pg'
import { join } from 'node:path'
import { Core } from '../../../src/main/core/core'
import type { TeamDomainOptions } from '../../../src/main/core/team/domain'
import { tempDir } from '../../helpers/tempDir'
import { clientConfig, type TeamSettings } from '../../../src/main/core/team/connection'
import type { TeamConfigureInput } from '../../../src/main/core/team/domain'
import { addResponder, initServerSchema } from '../../../src/main/core/team/serverSchema'
import { startPostgres, type Postgres } from '../../helpers/services/postgres'
import { makeTestCa, type TestCa } from '../../helpers/services/testCa'

export const ADMIN_PASSWORD = 'admin-pw-Zq81'
export const TEAM = 'sre'

export interface TeamServer {
  pg: Postgres
  ca: TestCa
  /** The admin's connection (verify-full). */
  admin(): Promise<pg.Client>
  /** A responder's server settings (verify-full against the test CA). */
  settings(user: string, extra?: Partial<TeamSettings>): TeamSettings
  password(user: string): string
  stop(): Promise<void>
}

export async function startTeamServer(responders: string[]): Promise<TeamServer> {
  const ca = await makeTestCa()
  const server = await startPostgres({
    password: ADMIN_PASSWORD,
    durable: true,
    tls: { certFile: ca.certFile, keyFile: ca.keyFile },
    // Two connections per laptop (sync and LISTEN), the test's own and the chat outbox's: the
    // default 100 refused the 50-laptop chaos run's laptops (they stayed offline, retrying).
    settings: { max_connections: String(Math.max(100, responders.length * 3 + 20)) },
  })
  const settings = (user: string, extra: Partial<TeamSettings> = {}): TeamSettings => ({
    host: '127.0.0.1',
    port: server.port,
    database: 'postgres',
    user,
    sslmode: 'verify-full',
    caFile: ca.caFile,
    team: TEAM,
    displayName: user,
    role: 'responder',
    ...extra,
  })
  const password = (user: string): string => `pw-${user}-7Hk2`
  const admin = async (): Promise<pg.Client> => {
    const c = new pg.Client(clientConfig(settings('postgres'), ADMIN_PASSWORD))
    await c.connect()
    return c
  }
  const c = await admin()
  try {
    await initServerSchema(c)
    for (const r of responders) await addResponder(c, r, password(r))
  } finally {
    await c.end()
  }
  return { pg: server, ca, admin, settings, password, stop: () => server.stop() }
}

export function configureInput(t: TeamServer, user: string): TeamConfigureInput {
  return { ...t.settings(user), password: t.password(user) }
}

/** A responder's own connection to the server (for what the tests do behind the app's back). */
export async function responderClient(t: TeamServer, user: string): Promise<pg.Client> {
  const c = new pg.Client(clientConfig(t.settings(user), t.password(user)))
  await c.connect()
  return c
}

/** Waits for an async condition, polling; fails naming what it waited for. */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  what: string,
  ms = 20_000,
): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Syncs every core until all hold the same canonical export of the incident. */
export async function converge(cores: Core[], incidentId: string, ms = 20_000): Promise<void> {
  try {
    await eventually(
      async () => {
        for (const c of cores) await c.team().syncNow()
        const hashes = new Set(cores.map((c) => c.team().canonicalHash(incidentId)))
        return hashes.size === 1
      },
      `the cores converge on ${incidentId}`,
      ms,
    )
  } catch (err) {
    const states = cores
      .map((c) => {
        const kinds = c
          .team()
          .timeline(incidentId)
          .map((e) => `${e.author}:${e.kind}${e.shared ? '' : '(waiting)'}`)
        return `${JSON.stringify(c.team().status())}\n  ${kinds.join(' ')}`
      })
      .join('\n')
    throw new Error(`${(err as Error).message}\n${states}`)
  }
}

/** A laptop: a real Core on its own data folder (as startTestCore), with engine tuning. */
export function startLaptop(
  opts: {
    dataDir?: string
    engine?: TeamDomainOptions['engine']
    presence?: TeamDomainOptions['presence']
    checkpoints?: TeamDomainOptions['checkpoints']
    /** A laptop clock that is off (the chaos run's ±10 minutes). */
    skewMs?: number
  } = {},
): Core {
  const dataDir = opts.dataDir ?? tempDir()
  const core = new Core({
    dataDir,
    shell: 'headless',
    version: 't',
    backupIntervalMs: 0,
    userKnownHosts: join(dataDir, 'none'),
    ...(opts.engine ? { teamEngine: opts.engine } : {}),
    ...(opts.presence ? { teamPresence: opts.presence } : {}),
    ...(opts.checkpoints ? { teamCheckpoints: opts.checkpoints } : {}),
    ...(opts.skewMs ? { clock: { now: () => Date.now() + (opts.skewMs ?? 0) } } : {}),
  })
  core.start()
  return core
}

export async function closeLaptops(cores: Core[]): Promise<void> {
  for (const c of cores.splice(0)) {
    await c.team().close()
    c.close()
  }
}

export const declareInput = (title: string, actor: string) => ({
  title,
  severity: 'P2',
  services: ['checkout'],
  impactScope: 'core' as const,
  detection: 'monitoring-alert' as const,
  actor,
})
