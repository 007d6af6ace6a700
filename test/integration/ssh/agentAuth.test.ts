// ssh-agent authentication against a real sshd: the key lives only in a real ssh-agent (never
// read by Sitrep), a shell and a captured command both log in through it, and an agent without
// the key gives the clear auth_failed error instead of a retry storm.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { startTestCore } from '../../helpers/core'
import { requireBinary } from '../../helpers/services/require'
import { startSshd, type Sshd } from '../../helpers/services/sshd'
import { tempDir } from '../../helpers/tempDir'

const missing =
  requireBinary('sshd', '/usr/sbin/sshd', 'openssh-server') ||
  requireBinary('ssh-agent', '/usr/bin/ssh-agent', 'openssh-client')

async function startAgent(sock: string): Promise<ChildProcess> {
  // -D: stay in the foreground, so the test owns the process and stops it.
  const agent = spawn('/usr/bin/ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' })
  const start = Date.now()
  while (!existsSync(sock)) {
    if (Date.now() - start > 5_000) throw new Error('ssh-agent did not create its socket')
    await new Promise((r) => setTimeout(r, 20))
  }
  return agent
}

describe.skipIf(missing)('ssh-agent authentication (real sshd, real ssh-agent)', () => {
  let sshd: Sshd
  let core: Core
  let withKey: ChildProcess
  let empty: ChildProcess
  let withKeySock = ''
  let emptySock = ''
  const savedSock = process.env.SSH_AUTH_SOCK

  beforeAll(async () => {
    sshd = await startSshd()
    const dir = tempDir()
    withKeySock = join(dir, 'agent.sock')
    emptySock = join(dir, 'empty.sock')
    ;[withKey, empty] = await Promise.all([startAgent(withKeySock), startAgent(emptySock)])
    const added = spawnSync('/usr/bin/ssh-add', [sshd.clientKeyPath], {
      env: { ...process.env, SSH_AUTH_SOCK: withKeySock },
      encoding: 'utf8',
    })
    expect(added.status, added.stderr).toBe(0)
    core = startTestCore({ trustUnknownHosts: true })
  })

  afterAll(async () => {
    core?.close()
    withKey?.kill()
    empty?.kill()
    if (savedSock === undefined) delete process.env.SSH_AUTH_SOCK
    else process.env.SSH_AUTH_SOCK = savedSock
    await sshd?.stop()
  })

  const agentTarget = (name: string): string =>
    core.data.require().targets.saveSsh({
      name,
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      authKind: 'agent',
      keyPath: null,
      jumpVia: [],
      tags: [],
      keepaliveSec: 15,
    }).id

  it('logs in with the key held by the agent, for a shell and for a captured command', async () => {
    // Sitrep uses the agent of the environment it runs in, as OpenSSH does.
    process.env.SSH_AUTH_SOCK = withKeySock
    const id = agentTarget('web-agent')
    const r = await core.ssh.exec(id, 'whoami')
    expect(r.exitCode).toBe(0)
    expect(r.stdout.trim()).toBe(sshd.user)
    const info = await core.sessions.openSsh({ targetId: id, cols: 80, rows: 24, incidentId: null })
    expect(info.state).toBe('connected')
    core.sessions.close(info.id)
  })

  it('an agent without the key is a clear authentication failure', async () => {
    process.env.SSH_AUTH_SOCK = emptySock
    const id = agentTarget('web-no-key')
    const err = (await core.ssh.exec(id, 'true').catch((e: unknown) => e)) as {
      code?: string
      message?: string
    }
    expect(err.code).toBe('auth_failed')
    expect(err.message).toMatch(/ssh-agent/)
    // No agent at all (SSH_AUTH_SOCK pointing nowhere): the same error, naming the agent, not
    // "could not reach the host".
    process.env.SSH_AUTH_SOCK = join(tempDir(), 'no-agent.sock')
    const none = (await core.ssh
      .exec(agentTarget('web-no-agent'), 'true')
      .catch((e: unknown) => e)) as {
      code?: string
      message?: string
    }
    expect(none.code).toBe('auth_failed')
    expect(none.message).toMatch(/SSH_AUTH_SOCK/)
  })
})
