// The pooled connections that runbook commands, metric polls and tunnels share, against a real
// sshd: one login reused, exit codes and stderr kept apart, timeouts stop the remote command,
// output capped, tunnels carry real TCP, a wrong password is not cached, a dropped server is
// reconnected on next use.
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { ExecTimeoutError } from '../../../src/main/core/sessions/ssh/sshPool'
import { requireBinary } from '../../helpers/services/require'
import { startSshd, type Sshd } from '../../helpers/services/sshd'
import { saveSshHost, startTestCore } from '../../helpers/core'

const missing = requireBinary('sshd', '/usr/sbin/sshd')

describe.skipIf(missing)('ssh connection pool (real sshd)', () => {
  let sshd: Sshd
  let core: Core
  let keyTarget: string
  let passwordTarget: string
  let http: Server
  let httpPort = 0

  beforeAll(async () => {
    sshd = await startSshd({ passwordUser: true })
    core = startTestCore({ trustUnknownHosts: true })
    const targets = core.data.require().targets
    keyTarget = saveSshHost(core, sshd, 'web-1', ['web']).id
    passwordTarget = targets.saveSsh({
      name: 'db-1',
      host: sshd.host,
      port: sshd.port,
      user: sshd.password?.user ?? '',
      authKind: 'password',
      keyPath: null,
      secret: 'not-the-password',
      jumpVia: [],
      tags: ['db'],
      keepaliveSec: 15,
    }).id
    http = createServer((_req, res) => res.end('through the tunnel'))
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    const address = http.address()
    httpPort = typeof address === 'object' && address ? address.port : 0
  })

  afterAll(async () => {
    core?.close()
    http?.close()
    await sshd?.stop()
  })

  it('runs commands over one reused login and keeps stdout, stderr and the exit code apart', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        core.ssh.exec(
          keyTarget,
          `echo "$SSH_CONNECTION" out-${i}; echo err-${i} >&2; exit ${i % 3}`,
        ),
      ),
    )
    results.forEach((r, i) => {
      expect(r.stdout).toContain(`out-${i}`)
      expect(r.stderr.trim()).toBe(`err-${i}`)
      expect(r.exitCode).toBe(i % 3)
      expect(r.truncated).toBe(false)
    })
    // Same client port on every exec: one TCP connection, one login, more than MaxSessions uses.
    const sources = new Set(results.map((r) => r.stdout.split(' ')[1]))
    expect(sources.size).toBe(1)
  })

  it('stops a command that runs past its timeout and returns what it printed', async () => {
    const started = Date.now()
    const err = await core.ssh
      .exec(keyTarget, 'echo before; sleep 30; echo after', { timeoutMs: 700 })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ExecTimeoutError)
    expect((err as ExecTimeoutError).code).toBe('exec_timeout')
    expect((err as ExecTimeoutError).partial.stdout).toContain('before')
    expect(Date.now() - started).toBeLessThan(5_000)
    // The connection is still good for the next command.
    expect((await core.ssh.exec(keyTarget, 'echo still-here')).stdout).toBe('still-here\n')
  })

  it('caps output and says it did', async () => {
    const r = await core.ssh.exec(keyTarget, 'head -c 300000 /dev/zero | tr "\\0" x', {
      maxBytes: 1000,
    })
    expect(r.stdout.length).toBe(1000)
    expect(r.truncated).toBe(true)
    expect(r.exitCode).toBe(0)
  })

  it('passes stdin to the command', async () => {
    const r = await core.ssh.exec(keyTarget, 'wc -l', { stdin: 'a\nb\nc\n' })
    expect(r.stdout.trim()).toBe('3')
  })

  it('forwards a local port to a service only the host can reach', async () => {
    const tunnel = await core.ssh.tunnel(keyTarget, '127.0.0.1', httpPort)
    try {
      expect(tunnel.localPort).toBeGreaterThan(0)
      const body = await (await fetch(`http://127.0.0.1:${tunnel.localPort}/`)).text()
      expect(body).toBe('through the tunnel')
    } finally {
      tunnel.close()
    }
  })

  it('reports a wrong password as auth_failed and does not keep the failed login', async () => {
    const err = await core.ssh.exec(passwordTarget, 'true').catch((e: unknown) => e)
    expect((err as { code?: string }).code).toBe('auth_failed')
    core.data.require().targets.saveSsh({
      id: passwordTarget,
      name: 'db-1',
      host: sshd.host,
      port: sshd.port,
      user: sshd.password?.user ?? '',
      authKind: 'password',
      keyPath: null,
      secret: sshd.password?.password ?? '',
      jumpVia: [],
      tags: ['db'],
      keepaliveSec: 15,
    })
    const r = await core.ssh.exec(passwordTarget, 'whoami')
    expect(r.stdout.trim()).toBe(sshd.password?.user)
  })

  it('reconnects on the next use after the server went away', async () => {
    await core.ssh.exec(keyTarget, 'true')
    await sshd.kill()
    const down = await core.ssh.exec(keyTarget, 'true').catch((e: unknown) => e)
    expect((down as { code?: string }).code).toBe('connect_failed')
    await sshd.restart()
    const r = await core.ssh.exec(keyTarget, 'echo back')
    expect(r.stdout).toBe('back\n')
  })
})
