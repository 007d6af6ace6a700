// One Redis connection through node-redis, shared by the metrics collector and the console:
// direct, TLS, or through an SSH host's tunnel (the same TunnelledAddress the PostgreSQL and
// Prometheus sources use), with a password or an ACL user. Replies keep their RESP3 types
// (maps, sets, doubles, verbatim strings) so the console can show them as what they are.
import { readFileSync } from 'node:fs'
import { createClient, RESP_TYPES, VerbatimString } from 'redis'
import { SitrepError } from '../errors'

export interface RedisSettings {
  host: string
  port: number
  tls: boolean
  tlsCaPath: string
  user: string
  password: string | null
  db: number
}

/** What Sitrep sends over a connection: an argv, and the reply with its RESP3 type kept. */
export interface RedisLink {
  send(argv: readonly (string | Buffer)[]): Promise<unknown>
  close(): Promise<void>
  /** The connection dropped (server gone, tunnel closed): the next use opens a new one. */
  readonly broken: boolean
}

export class RedisConnectError extends SitrepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('connect_failed', message, options)
  }
}

/**
 * Replies as the console shows them. node-redis can tell a double from a string only by mapping
 * it to a JS string (its type mapping takes String or Number), so doubles and simple strings
 * both arrive as JS strings, and bulk strings as Buffers: a JS string is a status or a double,
 * a Buffer is data. replyText.ts tells the two kinds of JS string apart by the double grammar.
 */
export const CONSOLE_TYPE_MAPPING = {
  [RESP_TYPES.MAP]: Map,
  [RESP_TYPES.SET]: Set,
  [RESP_TYPES.DOUBLE]: String,
  [RESP_TYPES.BLOB_STRING]: Buffer,
  [RESP_TYPES.SIMPLE_STRING]: String,
  [RESP_TYPES.VERBATIM_STRING]: VerbatimString,
  [RESP_TYPES.BIG_NUMBER]: BigInt,
} as const

export function describeAddress(s: Pick<RedisSettings, 'host' | 'port' | 'user'>): string {
  return `${s.user ? `${s.user}@` : ''}${s.host}:${s.port}`
}

/**
 * Connects to `address` (the server itself, or the local end of a tunnel to it). With TLS the
 * certificate is checked against the configured host, not the tunnel's 127.0.0.1.
 */
export async function connectRedis(
  s: RedisSettings,
  address: { host: string; port: number },
  opts: { timeoutMs: number; name: string; typeMapping?: 'console' },
): Promise<RedisLink> {
  let ca: Buffer | undefined
  if (s.tls && s.tlsCaPath) {
    try {
      ca = readFileSync(s.tlsCaPath)
    } catch (err) {
      throw new RedisConnectError(
        `Could not read the CA file ${s.tlsCaPath} for Redis ${describeAddress(s)}: ${(err as Error).message}`,
        { cause: err },
      )
    }
  }
  const socket = s.tls
    ? {
        host: address.host,
        port: address.port,
        tls: true as const,
        servername: s.host,
        ...(ca ? { ca } : {}),
        connectTimeout: opts.timeoutMs,
        reconnectStrategy: false as const,
      }
    : {
        host: address.host,
        port: address.port,
        connectTimeout: opts.timeoutMs,
        reconnectStrategy: false as const,
      }
  const client = createClient({
    socket,
    RESP: 3,
    ...(s.user ? { username: s.user } : {}),
    ...(s.password !== null ? { password: s.password } : {}),
    ...(s.db ? { database: s.db } : {}),
    disableClientInfo: true,
    name: opts.name,
  })
  let broken = false
  // A dropped connection emits 'error': without a listener it would crash the process.
  client.on('error', () => {
    broken = true
  })
  client.on('end', () => {
    broken = true
  })
  try {
    await client.connect()
  } catch (err) {
    void client.destroy()
    throw new RedisConnectError(
      `Could not connect to Redis ${describeAddress(s)}${s.tls ? ' (TLS)' : ''}: ${authHint((err as Error).message)}`,
      { cause: err },
    )
  }
  const sender =
    opts.typeMapping === 'console' ? client.withTypeMapping(CONSOLE_TYPE_MAPPING) : client
  return {
    send: (argv) => sender.sendCommand([...argv]),
    // Not close(), which waits for the replies still due: a BLPOP 0 given up with Ctrl-C must
    // fail now, not when a list gets an element.
    close: async () => {
      broken = true
      client.destroy()
    },
    get broken() {
      return broken || !client.isReady
    },
  }
}

function authHint(message: string): string {
  if (/WRONGPASS|NOAUTH|invalid username-password/i.test(message))
    return `${message} Check the user and password of this source.`
  return message
}
