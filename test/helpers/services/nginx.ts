// A throwaway nginx (Debian's) on a free loopback port, with its own config, pid file and temp
// paths in a temp dir, not daemonized. Its access and error logs go where the test says
// (usually an sshd harness's sharedDir(), so the SSH side can tail them). Locations answer what
// the seed's incidents look like: 200, 404 (a missing file, which nginx also writes to its error
// log), 500 and 502 from `return`, and a slow request proxied to an upstream the test runs.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

export const NGINX_PATH = '/usr/sbin/nginx'
export const NGINX_REQUIREMENT = { name: 'nginx', path: NGINX_PATH, aptPackage: 'nginx' } as const

/** combined plus the request's duration: what the seeds' hosts log. */
export const TIMED_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time'

export interface StartNginxOptions {
  /** Folder of access.log and error.log (must exist). */
  logDir: string
  /** The access log's log_format string. Default TIMED_FORMAT. */
  logFormat?: string
  /** `/slow/…` is proxied here (e.g. an httpFixture answering after a delay). */
  slowUpstream?: { host: string; port: number }
}

export interface Nginx {
  readonly port: number
  readonly url: string
  readonly accessLog: string
  readonly errorLog: string
  readonly dir: string
  readonly pid: number | undefined
  /** What logrotate's postrotate does: USR1 makes nginx reopen its log files by name. */
  reopenLogs(): void
  stop(): Promise<void>
}

function conf(o: {
  dir: string
  port: number
  accessLog: string
  errorLog: string
  format: string
  slow: StartNginxOptions['slowUpstream']
}): string {
  const esc = (s: string): string => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((k) => `  ${k}_temp_path ${join(o.dir, 'temp', k)};`)
    .join('\n')
  return `# Written by the test harness (test/helpers/services/nginx.ts).
${process.getuid?.() === 0 ? 'user root root;' : ''}
worker_processes 1;
pid ${join(o.dir, 'nginx.pid')};
error_log ${o.errorLog} info;
events { worker_connections 64; }
http {
  log_format harness '${esc(o.format)}';
  access_log ${o.accessLog} harness;
${temp}
  server {
    listen 127.0.0.1:${o.port};
    root ${join(o.dir, 'html')};
    location = /ok { return 200 "ok\\n"; }
    location /api/ok { return 200 "ok\\n"; }
    location /api/fail { return 500; }
    location /api/bad-gateway { return 502; }
    ${o.slow ? `location /slow/ { proxy_pass http://${o.slow.host}:${o.slow.port}/; }` : ''}
  }
}
`
}

export async function startNginx(opts: StartNginxOptions): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-nginx-'))
  trackDir(dir)
  mkdirSync(join(dir, 'html'))
  mkdirSync(join(dir, 'temp'))
  writeFileSync(join(dir, 'html', 'index.html'), 'harness\n')
  const accessLog = join(opts.logDir, 'access.log')
  const errorLog = join(opts.logDir, 'error.log')
  const stdoutLog = join(dir, 'nginx.out')
  writeFileSync(stdoutLog, '')
  let proc: TrackedProcess | undefined
  let port = 0
  try {
    await withPortRetry(async () => {
      port = await freePort()
      const confPath = join(dir, 'nginx.conf')
      writeFileSync(
        confPath,
        conf({
          dir,
          port,
          accessLog,
          errorLog,
          format: opts.logFormat ?? TIMED_FORMAT,
          slow: opts.slowUpstream,
        }),
      )
      // -e: the start-up error log too, before the config is read (not /var/log/nginx).
      const p = spawnDaemon(
        'nginx',
        NGINX_PATH,
        ['-p', dir, '-c', confPath, '-e', errorLog, '-g', 'daemon off;'],
        {
          logPath: stdoutLog,
          dir,
          env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' },
        },
      )
      proc = p
      await waitUntilReady(
        `nginx on 127.0.0.1:${port}`,
        async () => (await fetch(`http://127.0.0.1:${port}/ok`)).status === 200,
        { timeoutMs: 15_000, proc: p, logPath: errorLog },
      )
    })
  } catch (err) {
    if (proc) await terminate(proc, { graceMs: 1_000 })
    removeDir(dir)
    throw err
  }
  let stopped: Promise<void> | undefined
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    accessLog,
    errorLog,
    dir,
    get pid() {
      return proc && !proc.hasExited() ? proc.pid : undefined
    },
    reopenLogs() {
      const pid = Number(readFileSync(join(dir, 'nginx.pid'), 'utf8').trim())
      process.kill(pid, 'SIGUSR1')
    },
    stop() {
      stopped ??= (async () => {
        if (proc) await terminate(proc, { wholeTree: true, graceMs: 3_000 })
        removeDir(dir)
      })()
      return stopped
    },
  }
}
