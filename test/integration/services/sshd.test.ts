// The sshd harness against the real OpenSSH server: host key trust before auth, key and password
// auth, crash and restart on the same port, and nothing left running after stop().
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { connect as tcpConnect } from 'node:net'
import { promisify } from 'node:util'
import { Client, type ConnectConfig } from 'ssh2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isAlive, processTree } from '../../helpers/services/processes'
import { describeWithBinaries } from '../../helpers/services/require'
import {
  SSH_KEYGEN_PATH,
  SSHD_PATH,
  sha256Fingerprint,
  startSshd,
  type Sshd,
} from '../../helpers/services/sshd'

const run = promisify(execFile)

interface ConnectResult {
  client: Client
  /** Fingerprints the hostVerifier was shown. */
  seen: string[]
  /** Every error the client emitted (after 'ready': e.g. ECONNRESET when sshd is killed). */
  errors: Error[]
}

/** Connects, accepting the host only if its fingerprint equals `expectedFingerprint`. */
function connectSsh(
  config: ConnectConfig,
  expectedFingerprint: string,
  onAuth?: () => void,
): Promise<ConnectResult> {
  const seen: string[] = []
  const errors: Error[] = []
  const client = new Client()
  return new Promise((resolve, reject) => {
    client.once('ready', () => resolve({ client, seen, errors }))
    // Kept for the client's life: the crash tests reset live connections, and an 'error'
    // without a listener would surface as an unhandled error after the promise settled.
    client.on('error', (err) => {
      errors.push(err)
      client.end()
      reject(err)
    })
    client.connect({
      readyTimeout: 10_000,
      ...config,
      hostVerifier: (key: Buffer) => {
        const fp = sha256Fingerprint(key)
        seen.push(fp)
        return fp === expectedFingerprint
      },
      // Any userauth traffic means credentials were about to be (or were) sent.
      debug: (line: string) => {
        if (/SERVICE_REQUEST|USERAUTH_REQUEST/.test(line)) onAuth?.()
      },
    })
  })
}

function execCollect(
  client: Client,
  command: string,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err)
      let stdout = ''
      let stderr = ''
      let code: number | null = null
      stream.on('data', (d: Buffer) => (stdout += d.toString()))
      stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      stream.on('exit', (c: number | null) => (code = c))
      stream.on('close', () => resolve({ stdout, stderr, code }))
    })
  })
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect({ host: '127.0.0.1', port })
    s.once('connect', () => {
      s.destroy()
      resolve(true)
    })
    s.once('error', () => resolve(false))
  })
}

const keyConfig = (s: Sshd, privateKey = s.privateKey): ConnectConfig => ({
  host: s.host,
  port: s.port,
  username: s.user,
  privateKey,
})

describeWithBinaries(
  'sshd harness (real OpenSSH)',
  [
    { name: 'sshd', path: SSHD_PATH },
    { name: 'ssh-keygen', path: SSH_KEYGEN_PATH },
  ],
  () => {
    let a: Sshd
    let b: Sshd
    beforeAll(async () => {
      ;[a, b] = await Promise.all([startSshd(), startSshd()])
    })
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()])
    })

    it('gives two servers different ports and host keys', () => {
      expect(a.port).not.toBe(b.port)
      expect(a.hostKeyFingerprintSha256).not.toBe(b.hostKeyFingerprintSha256)
      expect(a.knownHostsLine).toBe(`[127.0.0.1]:${a.port} ${a.hostPublicKey}`)
      expect(a.hostPublicKey).toMatch(/^ssh-ed25519 AAAA[0-9A-Za-z+/]+=*$/)
    })

    it('computes the host key fingerprint exactly as OpenSSH prints it', async () => {
      const { stdout } = await run(SSH_KEYGEN_PATH, [
        '-l',
        '-E',
        'sha256',
        '-f',
        `${a.dir}/ssh_host_ed25519_key.pub`,
      ])
      expect(stdout.split(' ')[1]).toBe(a.hostKeyFingerprintSha256)
    })

    it('runs a command over key auth after verifying the host key', async () => {
      const { client, seen } = await connectSsh(keyConfig(a), a.hostKeyFingerprintSha256)
      try {
        const r = await execCollect(client, 'echo hello-from-sshd; uname -s')
        expect(r).toEqual({ stdout: 'hello-from-sshd\nLinux\n', stderr: '', code: 0 })
        expect(seen).toEqual([a.hostKeyFingerprintSha256])
        // The harness's SetEnv keeps root's shell history out of the test run.
        const env = await execCollect(client, 'echo "$HISTFILE"')
        expect(env.stdout).toBe('/dev/null\n')
      } finally {
        client.end()
      }
    })

    it('refuses a host with the wrong key before any credentials are sent', async () => {
      let authAttempted = false
      const err = await connectSsh(keyConfig(a), b.hostKeyFingerprintSha256, () => {
        authAttempted = true
      }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(Error)
      expect((err as Error).message).toMatch(/Host denied/)
      expect(authAttempted).toBe(false)
    })

    it('fails authentication with a private key the server does not know', async () => {
      const err = await connectSsh(keyConfig(a, b.privateKey), a.hostKeyFingerprintSha256).catch(
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(Error)
      expect(err).toMatchObject({ level: 'client-authentication' })
      expect((err as Error).message).toMatch(/authentication methods failed/)
    })

    it('restarts on the same port with the same host key after a crash', async () => {
      const { client } = await connectSsh(keyConfig(b), b.hostKeyFingerprintSha256)
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
      const oldPid = b.pid
      await b.kill()
      await closed // the crash takes the session down with it
      expect(b.pid).toBeUndefined()
      expect(await portAccepts(b.port)).toBe(false)
      await b.restart()
      expect(b.pid).not.toBe(oldPid)
      const again = await connectSsh(keyConfig(b), b.hostKeyFingerprintSha256)
      try {
        expect((await execCollect(again.client, 'echo back')).stdout).toBe('back\n')
      } finally {
        again.client.end()
      }
    })

    it('stop() ends sshd and its sessions, frees the port and removes the dir (idempotently)', async () => {
      const c = await startSshd()
      const { client } = await connectSsh(keyConfig(c), c.hostKeyFingerprintSha256)
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()))
      // A long-running session: stop() must not wait for it, nor leave it behind.
      client.exec('sleep 300', () => {})
      const pid = c.pid
      expect(pid).toBeDefined()
      await new Promise((r) => setTimeout(r, 200))
      const tree = processTree(pid ?? -1)
      expect(tree.length).toBeGreaterThan(1) // listener plus the session's processes
      await Promise.all([c.stop(), c.stop()])
      await closed
      expect(tree.filter(isAlive)).toEqual([])
      expect(await portAccepts(c.port)).toBe(false)
      expect(existsSync(c.dir)).toBe(false)
    })
  },
)

const notRoot =
  process.getuid?.() !== 0 ? 'password auth needs root (creates sitrep-test)' : undefined
if (notRoot) console.warn(`[skip] ${notRoot}`)

describeWithBinaries('sshd harness: password auth', [{ name: 'sshd', path: SSHD_PATH }], () => {
  describe.skipIf(notRoot)('as the sitrep-test user', () => {
    let s: Sshd
    beforeAll(async () => {
      s = await startSshd({ passwordUser: true })
    })
    afterAll(async () => {
      await s?.stop()
    })

    it('logs in with the known password', async () => {
      const creds = s.password
      expect(creds).toBeDefined()
      const { client } = await connectSsh(
        { host: s.host, port: s.port, username: creds?.user, password: creds?.password },
        s.hostKeyFingerprintSha256,
      )
      try {
        expect((await execCollect(client, 'id -un')).stdout).toBe('sitrep-test\n')
      } finally {
        client.end()
      }
    })

    it('rejects a wrong password', async () => {
      const err = await connectSsh(
        { host: s.host, port: s.port, username: s.password?.user, password: 'wrong' },
        s.hostKeyFingerprintSha256,
      ).catch((e: unknown) => e)
      expect(err).toMatchObject({ level: 'client-authentication' })
    })
  })
})
