// SSH against a real OpenSSH sshd on loopback: trust before credentials, clear auth failures,
// ProxyJump through a second sshd, and a shell that reconnects when sshd dies.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HostTrust, type UnknownHostKey } from '../../../src/main/core/sessions/ssh/hostTrust'
import {
  connectChain,
  connectOnce,
  type SshEndpoint,
} from '../../../src/main/core/sessions/ssh/sshConnection'
import { spawnSshShell } from '../../../src/main/core/sessions/ssh/sshShell'
import { requireBinary } from '../../helpers/services/require'
import { startSshd, type Sshd } from '../../helpers/services/sshd'
import { tempDir } from '../../helpers/tempDir'

const missing = requireBinary('sshd', '/usr/sbin/sshd')

describe.skipIf(missing)('ssh connections (real sshd)', () => {
  let a: Sshd
  let b: Sshd
  beforeAll(async () => {
    ;[a, b] = await Promise.all([startSshd(), startSshd()])
  })
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
  })

  const endpoint = (s: Sshd): SshEndpoint => ({
    host: s.host,
    port: s.port,
    username: s.user,
    auth: { kind: 'key', privateKey: s.privateKey },
  })

  function trust(opts: { known?: string; answer?: boolean } = {}) {
    const dir = tempDir()
    const userFile = join(dir, 'user_known_hosts')
    writeFileSync(userFile, opts.known ?? '')
    const asked: UnknownHostKey[] = []
    const t = new HostTrust({
      appFile: join(dir, 'app_known_hosts'),
      userFile,
      confirm: async (k) => {
        asked.push(k)
        return opts.answer ?? false
      },
    })
    return { t, asked }
  }

  it('connects to a known host and runs a command', async () => {
    const { t, asked } = trust({ known: `${a.knownHostsLine}\n` })
    const client = await connectOnce(endpoint(a), t)
    const out = await new Promise<string>((resolve, reject) => {
      client.exec('echo hello-$((2*21))', (err, stream) => {
        if (err) return reject(err)
        let s = ''
        stream.on('data', (d: Buffer) => (s += d.toString()))
        stream.on('close', () => resolve(s))
      })
    })
    client.end()
    expect(out.trim()).toBe('hello-42')
    expect(asked).toEqual([])
  })

  it('asks about an unknown key with its SHA256 fingerprint, then remembers the answer', async () => {
    const first = trust({ answer: true })
    const c1 = await connectOnce(endpoint(a), first.t)
    c1.end()
    expect(first.asked).toHaveLength(1)
    expect(first.asked[0]?.fingerprint).toBe(a.hostKeyFingerprintSha256)
    await connectOnce(endpoint(a), first.t).then((c) => c.end())
    expect(first.asked).toHaveLength(1) // remembered in the app's known_hosts
  })

  it('a declined unknown key connects nowhere', async () => {
    const { t } = trust({ answer: false })
    await expect(connectOnce(endpoint(a), t)).rejects.toMatchObject({ code: 'host_key_rejected' })
  })

  it('refuses a changed key before sending credentials, naming both fingerprints', async () => {
    // The file says host A has host B's key: exactly what a man in the middle looks like.
    const impostor = b.knownHostsLine.replace(`[${b.host}]:${b.port}`, `[${a.host}]:${a.port}`)
    const { t } = trust({ known: `${impostor}\n` })
    const err = await connectOnce(endpoint(a), t).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'host_key_changed' })
    const message = (err as Error).message
    expect(message).toContain(a.hostKeyFingerprintSha256)
    expect(message).toContain(b.hostKeyFingerprintSha256)
    expect(message).toContain('ssh-keygen -R')
  })

  it('a wrong key is a clear authentication error', async () => {
    const { t } = trust({ known: `${a.knownHostsLine}\n` })
    const wrong = { ...endpoint(a), auth: { kind: 'key' as const, privateKey: b.privateKey } }
    const err = await connectOnce(wrong, t).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'auth_failed' })
    expect((err as Error).message).toMatch(
      new RegExp(`Authentication failed for ${a.user}@127.0.0.1:${a.port}`),
    )
  })

  it('a closed port is a clear connection error', async () => {
    const { t } = trust()
    const err = await connectOnce({ ...endpoint(a), port: 1 }, t).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'connect_failed' })
    expect((err as Error).message).toContain('refused')
  })

  it('jumps through a bastion (ProxyJump) to the target', async () => {
    const { t } = trust({ known: `${a.knownHostsLine}\n${b.knownHostsLine}\n` })
    const chain = await connectChain([endpoint(a), endpoint(b)], t)
    const port = await new Promise<string>((resolve, reject) => {
      chain.client.exec('echo $SSH_CONNECTION', (err, stream) => {
        if (err) return reject(err)
        let s = ''
        stream.on('data', (d: Buffer) => (s += d.toString()))
        stream.on('close', () => resolve(s.trim().split(' ')[3] ?? ''))
      })
    })
    chain.close()
    expect(Number(port)).toBe(b.port) // the shell runs on B
  })

  it('a shell reconnects after sshd is killed and keeps streaming', async () => {
    const { t } = trust({ known: `${a.knownHostsLine}\n` })
    const states: string[] = []
    let text = ''
    const shell = await spawnSshShell({
      hops: [endpoint(a)],
      trust: t,
      cols: 80,
      rows: 24,
      backoffMs: [200],
      onState: (s) => states.push(s),
    })
    shell.onData((b) => (text += Buffer.from(b).toString()))
    const until = async (cond: () => boolean): Promise<void> => {
      const start = Date.now()
      while (!cond()) {
        if (Date.now() - start > 15_000) throw new Error(`timed out; states=${states.join(',')}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    }
    shell.write(new TextEncoder().encode('echo before-$((1+1))\n'))
    await until(() => text.includes('before-2'))
    await a.kill()
    await a.restart()
    await until(() => states.includes('reconnecting') && states[states.length - 1] === 'connected')
    shell.write(new TextEncoder().encode('echo after-$((2+2))\n'))
    await until(() => text.includes('after-4'))
    shell.kill()
  })
})
