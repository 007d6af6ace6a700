// How this laptop reaches the team's PostgreSQL: the saved settings turned into a `pg` client
// configuration. sslmode follows libpq's meaning: verify-full checks the CA and the host name,
// verify-ca only the CA, require encrypts without checking, disable sends in clear.
import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { checkServerIdentity } from 'node:tls'
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
  /**
   * Client certificate and its key (PEM files the responder keeps, like an SSH identity file),
   * for servers whose pg_hba.conf says `cert` or `clientcert=verify-full`. Both or neither.
   */
  certFile?: string | null
  keyFile?: string | null
  /**
   * An SSH host (a target id) to reach the server through: the pooled connection's tunnel, as
   * PostgreSQL and Redis targets do. TLS still checks the certificate against `host`.
   */
  viaSshTargetId?: string | null
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

function readPem(what: string, file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    throw new TeamConfigError(`The ${what} ${file} cannot be read: ${String(err)}`)
  }
}

/** The client certificate and key as TLS options; nothing when neither is set. */
function clientIdentity(s: TeamServer): { cert: string; key: string } | Record<string, never> {
  const cert = s.certFile ?? null
  const key = s.keyFile ?? null
  if (!cert && !key) return {}
  if (!cert || !key)
    throw new TeamConfigError(
      'A client certificate needs both files: the certificate and its private key.',
    )
  if (s.sslmode === 'disable')
    throw new TeamConfigError('A client certificate is sent only over TLS: choose an sslmode.')
  const keyText = readPem('client key file', key)
  // Node asks for a passphrase it has not got with an opaque "bad decrypt" at connect time.
  if (/^-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type: 4,ENCRYPTED/m.test(keyText))
    throw new TeamConfigError(
      `The client key file ${key} is protected by a passphrase, which Sitrep does not store. Save a copy without one where only you can read it (openssl pkey -in ${key} -out <new file>, then chmod 600).`,
    )
  return { cert: readPem('client certificate file', cert), key: keyText }
}

/**
 * `route`: where to open the socket when it is not the server itself (the local end of an SSH
 * tunnel). The certificate is still checked against the configured host, never 127.0.0.1.
 */
export function clientConfig(
  s: TeamServer,
  password: string | null,
  extra: Partial<ClientConfig> = {},
  route: { host: string; port: number } | null = null,
): ClientConfig {
  let ssl: ClientConfig['ssl'] = false
  if (s.sslmode !== 'disable') {
    const identity = clientIdentity(s)
    if (s.sslmode === 'require') ssl = { rejectUnauthorized: false, ...identity }
    else {
      if (!s.caFile) throw new TeamConfigError(`sslmode ${s.sslmode} needs the server's CA file.`)
      const ca = readPem('CA file', s.caFile)
      ssl =
        s.sslmode === 'verify-full'
          ? {
              ca,
              rejectUnauthorized: true,
              ...identity,
              // SNI only for names (RFC 6066); the name check always against the configured host.
              ...(isIP(s.host) ? {} : { servername: s.host }),
              checkServerIdentity: (_host, cert) => checkServerIdentity(s.host, cert),
            }
          : { ca, rejectUnauthorized: true, ...identity, checkServerIdentity: () => undefined }
    }
  } else clientIdentity(s)
  return {
    host: route?.host ?? s.host,
    port: route?.port ?? s.port,
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
