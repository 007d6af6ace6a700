// A throwaway redis-server (Debian's) on a free loopback port, in a temp dir, with no
// persistence unless asked: a password, ACL users, maxmemory and TLS as the test needs them.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './ports'
import {
  removeDir,
  spawnDaemon,
  terminate,
  trackDir,
  waitUntilReady,
  withPortRetry,
  type TrackedProcess,
} from './processes'

const run = promisify(execFile)

export const REDIS_SERVER_PATH = '/usr/bin/redis-server'
export const REDIS_REQUIREMENT = {
  name: 'redis-server',
  path: REDIS_SERVER_PATH,
  aptPackage: 'redis-server',
} as const

export interface StartRedisOptions {
  /** requirepass: the default user needs this password. */
  password?: string
  /** ACL users: `{name: password}`, each with every command on every key. */
  aclUsers?: Readonly<Record<string, string>>
  /** Extra redis.conf lines (maxmemory, maxmemory-policy…). */
  config?: readonly string[]
  /** Also listen with TLS on a second port, with a CA and server certificate made for it. */
  tls?: boolean
}

export interface RedisServer {
  readonly host: string
  readonly port: number
  /** The TLS port when started with `tls: true`. */
  readonly tlsPort: number | undefined
  /** The CA that signed the server's certificate (CN and SAN: localhost and 127.0.0.1). */
  readonly caPath: string | undefined
  readonly dir: string
  readonly logPath: string
  readonly pid: number | undefined
  stop(): Promise<void>
}

async function makeTls(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  const ca = join(dir, 'ca.crt')
  const caKey = join(dir, 'ca.key')
  const cert = join(dir, 'server.crt')
  const key = join(dir, 'server.key')
  const csr = join(dir, 'server.csr')
  const ext = join(dir, 'san.ext')
  writeFileSync(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\n')
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    caKey,
    '-out',
    ca,
    '-days',
    '2',
    '-subj',
    '/CN=Sitrep test CA',
  ])
  await run('openssl', [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    '/CN=localhost',
  ])
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    '2',
    '-extfile',
    ext,
  ])
  return { ca, cert, key }
}

export async function startRedis(opts: StartRedisOptions = {}): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-redis-'))
  trackDir(dir)
  const logPath = join(dir, 'redis.log')
  writeFileSync(logPath, '')
  const tls = opts.tls ? await makeTls(dir) : undefined
  let proc: TrackedProcess | undefined
  let port = 0
  let tlsPort: number | undefined
  try {
    await withPortRetry(async () => {
      port = await freePort()
      tlsPort = tls ? await freePort() : undefined
      const conf = [
        'bind 127.0.0.1',
        `port ${port}`,
        `dir ${dir}`,
        'daemonize no',
        // Nothing on disk unless a test asks: the server is thrown away.
        'save ""',
        'appendonly no',
        'protected-mode no',
        ...(opts.password !== undefined ? [`requirepass ${opts.password}`] : []),
        ...Object.entries(opts.aclUsers ?? {}).map(([u, p]) => `user ${u} on >${p} ~* &* +@all`),
        ...(tls
          ? [
              `tls-port ${tlsPort}`,
              `tls-cert-file ${tls.cert}`,
              `tls-key-file ${tls.key}`,
              `tls-ca-cert-file ${tls.ca}`,
              'tls-auth-clients no',
            ]
          : []),
        ...(opts.config ?? []),
      ]
      const confPath = join(dir, 'redis.conf')
      writeFileSync(confPath, `${conf.join('\n')}\n`, { mode: 0o600 })
      const p = spawnDaemon('redis-server', REDIS_SERVER_PATH, [confPath], {
        logPath,
        dir,
        env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: dir, LANG: 'C.UTF-8' },
      })
      proc = p
      await waitUntilReady(
        `redis-server on 127.0.0.1:${port}`,
        async () => /Ready to accept connections/.test(readFileSync(logPath, 'utf8')),
        { timeoutMs: 15_000, proc: p, logPath },
      )
    })
  } catch (err) {
    if (proc) await terminate(proc, { graceMs: 1_000 })
    removeDir(dir)
    throw err
  }
  let stopped: Promise<void> | undefined
  return {
    host: '127.0.0.1',
    port,
    tlsPort,
    caPath: tls?.ca,
    dir,
    logPath,
    get pid() {
      return proc && !proc.hasExited() ? proc.pid : undefined
    },
    stop() {
      stopped ??= (async () => {
        if (proc) await terminate(proc, { graceMs: 3_000 })
        removeDir(dir)
      })()
      return stopped
    },
  }
}
