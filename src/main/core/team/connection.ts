// How this laptop reaches the team's PostgreSQL: the saved settings turned into a `pg` client
// configuration. sslmode follows libpq's meaning: verify-full checks the CA and the host name,
// verify-ca only the CA, require encrypts without checking, disable sends in clear.
import { readFileSync } from 'node:fs'
import type { ClientConfig } from 'pg'

export const sslModes = ['disable', 'require', 'verify-ca', 'verify-full'] as const
export type SslMode = (typeof sslModes)[number]

export interface TeamServer {
  host: string
  port: number
  database: string
  user: string
  sslmode: SslMode
  /** PEM file of the CA that signed the server's certificate (verify-ca, verify-full). */
  caFile: string | null
}

export interface TeamSettings extends TeamServer {
  /** Which team's events on this database this laptop shares. */
  team: string
  displayName: string
  role: string
}

export class TeamConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TeamConfigError'
  }
}

/** Identifies the server and team a cursor and pushed marks belong to. */
export function serverKey(s: TeamSettings): string {
  return `${s.host}:${s.port}/${s.database}#${s.team}`
}

export function clientConfig(
  s: TeamServer,
  password: string | null,
  extra: Partial<ClientConfig> = {},
): ClientConfig {
  let ssl: ClientConfig['ssl'] = false
  if (s.sslmode !== 'disable') {
    if (s.sslmode === 'require') ssl = { rejectUnauthorized: false }
    else {
      if (!s.caFile) throw new TeamConfigError(`sslmode ${s.sslmode} needs the server's CA file.`)
      let ca: string
      try {
        ca = readFileSync(s.caFile, 'utf8')
      } catch (err) {
        throw new TeamConfigError(`The CA file ${s.caFile} cannot be read: ${String(err)}`)
      }
      ssl =
        s.sslmode === 'verify-full'
          ? { ca, rejectUnauthorized: true }
          : { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined }
    }
  }
  return {
    host: s.host,
    port: s.port,
    database: s.database,
    user: s.user,
    ...(password !== null ? { password } : {}),
    ssl,
    connectionTimeoutMillis: 5_000,
    // A black-holed link must not hold a push forever: the cycle fails and retries.
    query_timeout: 15_000,
    keepAlive: true,
    application_name: 'sitrep',
    ...extra,
  }
}
