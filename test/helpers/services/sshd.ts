// A throwaway OpenSSH sshd on a free loopback port, with its own host key and a client key pair,
// plus crash (kill) and restart-on-the-same-port for reconnect tests.
//
// Hermetic by construction: no login ever goes to the machine's real user or reads its home.
// As root, every login (key, password, agent, jump host) is the harness-owned account
// `sitrep-test`; as another user, sshd can only log that user in. Either way each sshd sets HOME
// to a fresh folder of its own whose rc files the harness writes (empty unless a test asks), and
// refuses ~/.ssh/rc and ~/.ssh/environment. A slow or hostile ~/.bashrc of whoever runs the
// suite therefore never runs (it once failed 14 tests on a new machine).
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
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

/** The harness-owned system account every login goes to when running as root (see ensureHarnessUser). */
export const PASSWORD_USER = 'sitrep-test'
export const PASSWORD_USER_PASSWORD = 'sitrep-test-pw-7d3f'
// `openssl passwd -6 -salt sitrepharness sitrep-test-pw-7d3f`, fixed so that creating the user
// is a single useradd call (no chpasswd race between parallel workers, no openssl at runtime).
const PASSWORD_USER_HASH =
  '$6$sitrepharness$icZJ.FWygCQEz9hyvH3Bzvg6Nix5OaGa4inDjan2RzWf1jHrAcunJbSa2qtjUBNFPVsBN5jnfVjS2dDdqfUOB1'
// Marks the account as ours: an existing user without it is never modified. (Accounts made by
// earlier harness versions carry the old text and are adopted.)
const PASSWORD_USER_GECOS = 'Sitrep test harness (logins on loopback sshd)'
const OLD_GECOS = ['Sitrep test harness (password auth on loopback sshd)']

export interface StartSshdOptions {
  /** Also allow password login (as PASSWORD_USER; needs root, which creates that account). */
  passwordUser?: boolean
  /**
   * Files written into the login's fresh HOME before sshd starts, e.g. a slow `.bashrc`.
   * Default: an empty `.bashrc` and `.profile`.
   */
  homeFiles?: Readonly<Record<string, string>>
  /** Extra sshd_config lines, appended after the harness's own. */
  extraConfig?: readonly string[]
}

export interface Sshd {
  readonly host: string
  readonly port: number
  /** The account logins go to: PASSWORD_USER as root, else the running user. Key: `privateKey`. */
  readonly user: string
  /** HOME of every session on this sshd: a fresh folder, removed with the rest by stop(). */
  readonly home: string
  /**
   * A new folder the login account owns (inside `home`), for files a test hands to the remote
   * side or expects back from it: the test's own temp folders are the runner's (0700).
   */
  sharedDir(prefix?: string): string
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

interface Account {
  readonly name: string
  readonly uid: number
  readonly gid: number
}

/**
 * The account the harness logs in as. As root that is `sitrep-test`, a system account created
 * on first use with a fixed password (sshd with UsePAM no checks /etc/shadow itself; a single
 * useradd call with a precomputed hash leaves no chpasswd race between parallel workers). Its
 * passwd home holds nothing: sessions get HOME from sshd's SetEnv. The harness only ever touches
 * that account if it carries our GECOS marker; remove it with `userdel -r sitrep-test`.
 */
async function ensureHarnessUser(): Promise<Account> {
  const uid = process.getuid?.()
  if (uid !== 0) {
    const me = userInfo()
    return { name: me.username, uid: me.uid, gid: me.gid }
  }
  for (let attempt = 1; ; attempt++) {
    const entry = readPasswdEntry(PASSWORD_USER)
    if (entry) {
      const gecos = entry[4] ?? ''
      if (gecos !== PASSWORD_USER_GECOS && !OLD_GECOS.includes(gecos)) {
        throw new Error(`user ${PASSWORD_USER} exists but was not made by the test harness`)
      }
      if (shadowHash(PASSWORD_USER) !== PASSWORD_USER_HASH) {
        await run('usermod', ['--password', PASSWORD_USER_HASH, PASSWORD_USER])
      }
      return { name: PASSWORD_USER, uid: Number(entry[2]), gid: Number(entry[3]) }
    }
    try {
      const emptySkel = mkdtempSync(join(tmpdir(), 'sitrep-skel-'))
      try {
        await run('useradd', [
          '--system',
          '--create-home',
          '--skel',
          emptySkel,
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
      } finally {
        removeDir(emptySkel)
      }
    } catch (err) {
      // Another worker may be creating it right now (passwd lock busy, or "already exists").
      if (attempt >= 10) throw err
      await new Promise((r) => setTimeout(r, 100 * attempt))
    }
  }
}

let skippedNoted = false
/** Says once per worker what a non-root run cannot cover, instead of failing obscurely. */
function noteNonRoot(account: Account): void {
  if (skippedNoted) return
  skippedNoted = true
  console.warn(
    `sshd harness: not root, so sshd runs as ${account.name} and logs in as ${account.name} ` +
      `(HOME is a fresh folder per sshd, never ${account.name}'s own); password logins need ` +
      `root and their tests are skipped.`,
  )
}

/** The login's HOME: a fresh folder owned by the account, with only the files we write. */
function makeHome(dir: string, account: Account, files: Readonly<Record<string, string>>): string {
  const home = join(dir, 'home')
  mkdirSync(home, { mode: 0o700 })
  for (const [name, text] of Object.entries(files)) {
    const path = join(home, name)
    mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 })
    writeFileSync(path, text, { mode: 0o644 })
    chownSync(path, account.uid, account.gid)
  }
  chownSync(home, account.uid, account.gid)
  return home
}

function sshdConfig(
  dir: string,
  port: number,
  opts: StartSshdOptions,
  account: Account,
  home: string,
): string {
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
    // Only the harness account may log in: never the machine's real user (root).
    `AllowUsers ${account.name}`,
    'PermitRootLogin no',
    // sshd itself would run ~/.ssh/rc and read ~/.ssh/environment of the passwd home.
    'PermitUserRC no',
    'PermitUserEnvironment no',
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
    // HOME is the harness's fresh folder (SetEnv is applied after sshd sets HOME from passwd), so
    // bash reads the rc files we wrote there. No history files. The mark lets a later worker
    // find session processes orphaned by a SIGKILLed one.
    `SetEnv HOME=${home} HISTFILE=/dev/null ${MARK_VAR}=${dir}`,
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    ...(opts.extraConfig ?? []),
    '',
  ].join('\n')
}

export async function startSshd(opts: StartSshdOptions = {}): Promise<Sshd> {
  const isRoot = process.getuid?.() === 0
  if (opts.passwordUser && !isRoot) {
    throw new Error(
      `startSshd({ passwordUser: true }) must run as root (it creates ${PASSWORD_USER})`,
    )
  }
  const account = await ensureHarnessUser()
  if (!isRoot) noteNonRoot(account)
  // Privilege separation chroots into /run/sshd; nothing creates it without systemd.
  if (isRoot) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })

  const dir = mkdtempSync(join(tmpdir(), 'sitrep-sshd-'))
  trackDir(dir)
  // sshd reads authorized_keys as the target user: let the harness account traverse the dir.
  chmodSync(dir, 0o711)
  const home = makeHome(dir, account, opts.homeFiles ?? { '.bashrc': '', '.profile': '' })
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
      writeFileSync(configPath, sshdConfig(dir, port, opts, account, home))
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
    user: account.name,
    home,
    sharedDir(prefix = 'shared-') {
      const shared = mkdtempSync(join(home, prefix))
      chownSync(shared, account.uid, account.gid)
      return shared
    },
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
