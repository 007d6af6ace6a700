// A throwaway PostgreSQL 15 cluster on a free loopback port, in a temp dir, torn down with an
// immediate shutdown.
import { execFile } from 'node:child_process'
import { chownSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
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

export const PG_BIN = '/usr/lib/postgresql/15/bin'
export const POSTGRES_PATH = `${PG_BIN}/postgres`
export const INITDB_PATH = `${PG_BIN}/initdb`

export interface StartPostgresOptions {
  /**
   * Superuser password. With it, TCP connections need scram-sha-256 (so tests can exercise
   * password auth and wrong-password errors); the Unix socket stays trust.
   */
  password?: string
  /**
   * TLS (the team sync tests): the server presents `certFile`/`keyFile` (copied into the
   * cluster, 0600, owned by the server user) and TCP clients must use TLS (pg_hba `hostssl`
   * only; `hostnossl` is rejected).
   */
  tls?: {
    certFile: string
    keyFile: string
    /**
     * These roles log in with a client certificate (pg_hba `cert`: CN = role name, signed by
     * `clientCaFile`), and with nothing else.
     */
    certUsers?: string[]
    clientCaFile?: string
  }
  /**
   * Keep fsync and synchronous commit on (the team sync tests stop the server with SIGQUIT and
   * count on what it acknowledged, as a real server's clients do).
   */
  durable?: boolean
  /** More server settings, each passed as `-c key=value` (e.g. max_connections for the scale bench). */
  settings?: Record<string, string>
}

export interface Postgres {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly database: string
  readonly password: string | undefined
  /** `postgresql://postgres[:password]@127.0.0.1:PORT/postgres` */
  readonly connectionString: string
  readonly dataDir: string
  readonly socketDir: string
  readonly logPath: string
  readonly pid: number | undefined
  /**
   * Immediate shutdown (SIGQUIT) that keeps the cluster: the offline tests stop the server while
   * clients keep writing, then `startAgain()` brings it back on the same port and data.
   */
  stopServer(): Promise<void>
  /** SIGKILL of the postmaster (a crash: its backends die on their own, recovery at start). */
  crashServer(): Promise<void>
  startAgain(): Promise<void>
  /** Immediate shutdown (as `pg_ctl stop -m immediate`), then removes the temp dir. Idempotent. */
  stop(): Promise<void>
}

interface RunAs {
  uid?: number
  gid?: number
}

/**
 * PostgreSQL refuses to run as root, so as root we run it as the `postgres` OS user (spawned
 * with its uid/gid directly: no runuser/su process in between to swallow signals). As any other
 * user we run it as ourselves.
 */
function serverUser(): RunAs {
  if (process.getuid?.() !== 0) return {}
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'))
  const fields = line?.split(':')
  if (!fields) {
    throw new Error('running as root needs the postgres OS user (apt-get install -y postgresql)')
  }
  return { uid: Number(fields[2]), gid: Number(fields[3]) }
}

/**
 * postmaster.pid's 8th line is the status pg_ctl -w waits for: "ready" once it accepts. Its first
 * line must be this postmaster's pid: a SIGKILLed postmaster leaves its file behind saying
 * "ready", and a restart that read it returned within milliseconds, before the new postmaster
 * had even started (crash recovery then still ran for a second or more), so the caller went on
 * against a server that was not there yet, and a failed start could never be seen and retried.
 */
function postmasterReady(dataDir: string, pid: number | undefined): boolean {
  try {
    const lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')
    return lines[0]?.trim() === String(pid) && lines[7]?.trim() === 'ready'
  } catch {
    return false
  }
}

export async function startPostgres(opts: StartPostgresOptions = {}): Promise<Postgres> {
  const as = serverUser()
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-pg-'))
  trackDir(dir)
  const dataDir = join(dir, 'data')
  const socketDir = join(dir, 'sock')
  const logPath = join(dir, 'postgres.log')
  mkdirSync(socketDir)
  writeFileSync(logPath, '')
  if (as.uid !== undefined && as.gid !== undefined) {
    for (const p of [dir, socketDir, logPath]) chownSync(p, as.uid, as.gid)
  }
  // A clean environment: no PG* variables of the caller, HOME somewhere the server user can read.
  const env = {
    PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: dir,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    PSQL_HISTORY: '/dev/null',
    HISTFILE: '/dev/null',
  }

  let proc: TrackedProcess | undefined
  let port = 0
  const spawnServer = async (): Promise<void> => {
    // postgres itself in the foreground rather than `pg_ctl start`: pg_ctl would detach it,
    // and we want the postmaster as our own child so the safety net can always kill it.
    const p = spawnDaemon(
      'postgres',
      POSTGRES_PATH,
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${socketDir}`,
        // Durability is pointless for a throwaway cluster and costs seconds.
        ...(opts.durable
          ? []
          : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
        ...(opts.tls
          ? ['-c', 'ssl=on', '-c', 'ssl_cert_file=server.crt', '-c', 'ssl_key_file=server.key']
          : []),
        ...(opts.tls?.clientCaFile ? ['-c', 'ssl_ca_file=client-ca.crt'] : []),
        ...Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      ],
      { logPath, dir, env, ...as },
    )
    proc = p
    await waitUntilReady(
      `postgres on 127.0.0.1:${port}`,
      async () => postmasterReady(dataDir, p.pid),
      {
        timeoutMs: 20_000,
        proc: p,
        logPath,
      },
    )
  }
  try {
    const initdbArgs = ['-D', dataDir, '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']
    // Skipping fsync makes initdb take a fraction of the time; the cluster is thrown away.
    initdbArgs.push('--no-sync')
    if (opts.password !== undefined) {
      const pwFile = join(dir, 'pwfile')
      writeFileSync(pwFile, `${opts.password}\n`, { mode: 0o600 })
      if (as.uid !== undefined && as.gid !== undefined) chownSync(pwFile, as.uid, as.gid)
      initdbArgs.push('--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pwFile}`)
    } else {
      initdbArgs.push('--auth=trust')
    }
    await run(INITDB_PATH, initdbArgs, { env, cwd: dir, ...as }).catch((err: Error) => {
      throw new Error(`initdb failed: ${err.message}`)
    })

    if (opts.tls) {
      // The key must be 0600 and owned by the server user, or postgres refuses to start.
      const cert = join(dataDir, 'server.crt')
      const key = join(dataDir, 'server.key')
      writeFileSync(cert, readFileSync(opts.tls.certFile))
      writeFileSync(key, readFileSync(opts.tls.keyFile), { mode: 0o600 })
      const owned = [cert, key]
      if (opts.tls.clientCaFile) {
        const clientCa = join(dataDir, 'client-ca.crt')
        writeFileSync(clientCa, readFileSync(opts.tls.clientCaFile))
        owned.push(clientCa)
      }
      if (as.uid !== undefined && as.gid !== undefined) {
        for (const f of owned) chownSync(f, as.uid, as.gid)
      }
      const method = opts.password !== undefined ? 'scram-sha-256' : 'trust'
      writeFileSync(
        join(dataDir, 'pg_hba.conf'),
        [
          'local all all trust',
          ...(opts.tls.certUsers ?? []).map((u) => `hostssl all ${u} 127.0.0.1/32 cert`),
          `hostssl all all 127.0.0.1/32 ${method}`,
          'hostnossl all all 127.0.0.1/32 reject',
          '',
        ].join('\n'),
      )
      if (as.uid !== undefined && as.gid !== undefined)
        chownSync(join(dataDir, 'pg_hba.conf'), as.uid, as.gid)
    }

    await withPortRetry(async () => {
      port = await freePort()
      await spawnServer()
    })
  } catch (err) {
    if (proc) await terminate(proc, { signal: 'SIGQUIT', graceMs: 2_000 })
    removeDir(dir)
    throw err
  }

  const user = 'postgres'
  const auth = opts.password !== undefined ? `${user}:${encodeURIComponent(opts.password)}` : user
  let stopped: Promise<void> | undefined
  return {
    host: '127.0.0.1',
    port,
    user,
    database: 'postgres',
    password: opts.password,
    connectionString: `postgresql://${auth}@127.0.0.1:${port}/postgres`,
    dataDir,
    socketDir,
    logPath,
    get pid() {
      return proc && !proc.hasExited() ? proc.pid : undefined
    },
    async stopServer() {
      if (proc) await terminate(proc, { signal: 'SIGQUIT', graceMs: 5_000 })
    },
    async crashServer() {
      if (proc) await terminate(proc, { signal: 'SIGKILL', graceMs: 5_000 })
    },
    async startAgain() {
      if (proc && !proc.hasExited()) return
      await spawnServer()
    },
    stop() {
      stopped ??= (async () => {
        // SIGQUIT is what `pg_ctl stop -m immediate` sends: the postmaster ends its backends.
        if (proc) await terminate(proc, { signal: 'SIGQUIT', graceMs: 5_000 })
        removeDir(dir)
      })()
      return stopped
    },
  }
}
