// A throwaway OpenSSH sshd on a free loopback port, with its own host key and a client key pair,
// plus crash (kill) and restart-on-the-same-port for reconnect tests.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { freePort } from './ports'
import {
  crash,
  MARK_VAR,
  removeDir,
  spawnDaemon,
  terminate,
  trackDir,
  waitUntilReady,
  withPortRetry,
  type TrackedProcess,
} from './processes'

const run = promisify(execFile)

export const SSHD_PATH = '/usr/sbin/sshd'
export const SSH_KEYGEN_PATH = '/usr/bin/ssh-keygen'

/** The system user for password logins; see ensurePasswordUser for why and how. */
export const PASSWORD_USER = 'sitrep-test'
export const PASSWORD_USER_PASSWORD = 'sitrep-test-pw-7d3f'
// `openssl passwd -6 -salt sitrepharness sitrep-test-pw-7d3f`, fixed so that creating the user
// is a single useradd call (no chpasswd race between parallel workers, no openssl at runtime).
const PASSWORD_USER_HASH =
  '$6$sitrepharness$icZJ.FWygCQEz9hyvH3Bzvg6Nix5OaGa4inDjan2RzWf1jHrAcunJbSa2qtjUBNFPVsBN5jnfVjS2dDdqfUOB1'
// Marks the account as ours: an existing user without it is never modified.
const PASSWORD_USER_GECOS = 'Sitrep test harness (password auth on loopback sshd)'

export interface StartSshdOptions {
  /**
   * Also allow password login as PASSWORD_USER (created on first use; needs root). The running
   * user (root) is key-only, as sshd forbids root password logins and we will not set one.
   */
  passwordUser?: boolean
  /** Extra sshd_config lines, appended after the harness's own. */
  extraConfig?: readonly string[]
}

export interface Sshd {
  readonly host: string
  readonly port: number
  /** The running OS user; log in with `privateKey`. */
  readonly user: string
  readonly clientKeyPath: string
  /** OpenSSH-format private key (unencrypted). */
  readonly privateKey: string
  readonly clientPublicKey: string
  /** As `ssh-keygen -l` prints it: `SHA256:` + unpadded base64. */
  readonly hostKeyFingerprintSha256: string
  /** `ssh-ed25519 AAAA...` */
  readonly hostPublicKey: string
  /** `[127.0.0.1]:PORT ssh-ed25519 AAAA...` */
  readonly knownHostsLine: string
  readonly logPath: string
  readonly dir: string
  /** Present when started with `passwordUser: true`. */
  readonly password?: { readonly user: string; readonly password: string }
  /** pid of the listening sshd, undefined while it is down. */
  readonly pid: number | undefined
  /** Graceful stop of sshd and all its sessions; removes the temp dir. Idempotent. */
  stop(): Promise<void>
  /** SIGKILL sshd and every session process at once (a crash); keeps the dir for restart(). */
  kill(): Promise<void>
  /** Starts sshd again on the same port with the same keys, after kill(). */
  restart(): Promise<void>
}

/** Raw key blob from an OpenSSH public key line (`type base64 [comment]`). */
export function keyBlobFromLine(line: string): Buffer {
  const b64 = line.trim().split(/\s+/)[1]
  if (!b64) throw new Error(`not an OpenSSH public key line: ${line}`)
  return Buffer.from(b64, 'base64')
}

/** OpenSSH's SHA256 fingerprint of a key blob, e.g. what ssh2's hostVerifier receives. */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

/** Resolves true once the server sends its `SSH-2.0-` identification line. */
function sshBannerArrives(port: number, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    let buf = ''
    const socket = connect({ host: '127.0.0.1', port })
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.on('data', (d: Buffer) => {
      buf += d.toString('latin1')
      if (/^SSH-2\.0-[^\n]*\n/m.test(buf)) done(true)
    })
    socket.on('error', () => done(false))
    socket.on('close', () => done(false))
  })
}

function readPasswdEntry(user: string): string[] | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`))
  return line?.split(':')
}

function shadowHash(user: string): string | undefined {
  const line = readFileSync('/etc/shadow', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`))
  return line?.split(':')[1]
}

/**
 * Password auth needs a real account: sshd (UsePAM no) checks /etc/shadow, and root password
 * logins are refused by PermitRootLogin. So the harness creates the system user `sitrep-test`
 * with a fixed password the first time it is asked for, and only ever touches that account if it
 * carries our GECOS marker. Remove it with `userdel -r sitrep-test`.
 */
async function ensurePasswordUser(): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new Error(
      `startSshd({ passwordUser: true }) must run as root (it creates ${PASSWORD_USER})`,
    )
  }
  for (let attempt = 1; ; attempt++) {
    const entry = readPasswdEntry(PASSWORD_USER)
    if (entry) {
      if (entry[4] !== PASSWORD_USER_GECOS) {
        throw new Error(`user ${PASSWORD_USER} exists but was not made by the test harness`)
      }
      if (shadowHash(PASSWORD_USER) !== PASSWORD_USER_HASH) {
        await run('usermod', ['--password', PASSWORD_USER_HASH, PASSWORD_USER])
      }
      return
    }
    try {
      await run('useradd', [
        '--system',
        '--create-home',
        '--home-dir',
        `/var/lib/${PASSWORD_USER}`,
        '--shell',
        '/bin/bash',
        '--comment',
        PASSWORD_USER_GECOS,
        '--password',
        PASSWORD_USER_HASH,
        PASSWORD_USER,
      ])
      return
    } catch (err) {
      // Another worker may be creating it right now (passwd lock busy, or "already exists").
      if (attempt >= 10) throw err
      await new Promise((r) => setTimeout(r, 100 * attempt))
    }
  }
}

function sshdConfig(dir: string, port: number, opts: StartSshdOptions): string {
  return [
    'ListenAddress 127.0.0.1',
    `Port ${port}`,
    `HostKey ${join(dir, 'ssh_host_ed25519_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    // Temp dirs and keys are ours; sshd's owner checks would only reject them.
    'StrictModes no',
    // Without PAM, sshd checks keys and /etc/shadow itself and needs no /etc/pam.d setup.
    'UsePAM no',
    'PubkeyAuthentication yes',
    `PasswordAuthentication ${opts.passwordUser ? 'yes' : 'no'}`,
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'PermitEmptyPasswords no',
    'UseDNS no',
    'PrintMotd no',
    'PrintLastLog no',
    'X11Forwarding no',
    // ProxyJump tests open direct-tcpip channels through this server.
    'AllowTcpForwarding yes',
    // Tests open many connections at once; the default 10:30:100 drops some of them at random.
    'MaxStartups 100:30:200',
    'MaxSessions 50',
    'LogLevel VERBOSE',
    // Shells started by tests as root must not write root's ~/.bash_history.
    // The mark lets a later worker find session processes orphaned by a SIGKILLed one.
    `SetEnv HISTFILE=/dev/null ${MARK_VAR}=${dir}`,
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    ...(opts.extraConfig ?? []),
    '',
  ].join('\n')
}

export async function startSshd(opts: StartSshdOptions = {}): Promise<Sshd> {
  if (opts.passwordUser) await ensurePasswordUser()
  const isRoot = process.getuid?.() === 0
  // Privilege separation chroots into /run/sshd; nothing creates it without systemd.
  if (isRoot) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })

  const dir = mkdtempSync(join(tmpdir(), 'sitrep-sshd-'))
  trackDir(dir)
  // sshd reads authorized_keys as the target user: let PASSWORD_USER traverse the dir too.
  chmodSync(dir, 0o711)
  const hostKeyPath = join(dir, 'ssh_host_ed25519_key')
  const clientKeyPath = join(dir, 'client_ed25519')
  const configPath = join(dir, 'sshd_config')
  const logPath = join(dir, 'sshd.log')
  const keygen = (path: string, comment: string) =>
    run(SSH_KEYGEN_PATH, ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path])
  try {
    await Promise.all([
      keygen(hostKeyPath, 'sitrep-test-host'),
      keygen(clientKeyPath, 'sitrep-test'),
    ])
  } catch (err) {
    removeDir(dir)
    throw err
  }
  const clientPublicKey = readFileSync(`${clientKeyPath}.pub`, 'utf8').trim()
  writeFileSync(join(dir, 'authorized_keys'), `${clientPublicKey}\n`, { mode: 0o644 })
  const [hostType, hostB64] = readFileSync(`${hostKeyPath}.pub`, 'utf8').trim().split(/\s+/)
  const hostPublicKey = `${hostType} ${hostB64}`
  const env = {
    PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
    HISTFILE: '/dev/null',
    LANG: 'C.UTF-8',
  }

  let proc: TrackedProcess | undefined
  let port = 0
  const launch = async (): Promise<void> => {
    const p = spawnDaemon('sshd', SSHD_PATH, ['-D', '-f', configPath, '-E', logPath], {
      logPath,
      dir,
      env,
    })
    proc = p
    await waitUntilReady(`sshd on 127.0.0.1:${port}`, () => sshBannerArrives(port), {
      timeoutMs: 10_000,
      proc: p,
      logPath,
    })
  }
  try {
    await withPortRetry(async () => {
      port = await freePort()
      writeFileSync(configPath, sshdConfig(dir, port, opts))
      await launch()
    })
  } catch (err) {
    removeDir(dir)
    throw err
  }

  let stopped: Promise<void> | undefined
  return {
    host: '127.0.0.1',
    port,
    user: userInfo().username,
    clientKeyPath,
    privateKey: readFileSync(clientKeyPath, 'utf8'),
    clientPublicKey,
    hostKeyFingerprintSha256: sha256Fingerprint(keyBlobFromLine(hostPublicKey)),
    hostPublicKey,
    knownHostsLine: `[127.0.0.1]:${port} ${hostPublicKey}`,
    logPath,
    dir,
    ...(opts.passwordUser
      ? { password: { user: PASSWORD_USER, password: PASSWORD_USER_PASSWORD } }
      : {}),
    get pid() {
      return proc && !proc.hasExited() ? proc.pid : undefined
    },
    stop() {
      stopped ??= (async () => {
        if (proc) await terminate(proc, { wholeTree: true, graceMs: 3_000 })
        removeDir(dir)
      })()
      return stopped
    },
    async kill() {
      if (proc) await crash(proc)
    },
    async restart() {
      if (stopped) throw new Error('sshd: restart() after stop()')
      if (proc && !proc.hasExited()) throw new Error('sshd: restart() while still running')
      await launch()
    },
  }
}
