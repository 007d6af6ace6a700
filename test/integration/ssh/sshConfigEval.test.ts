// Hosts imported the way OpenSSH reads them (`ssh -G` per alias) and reached through a real
// ProxyCommand: `ssh -F <cfg> -W %h:%p bastion` through a harness sshd to a second one. The
// config uses Include of a folder, Match host and %r@%h:%p tokens; everything is passed with -F,
// so nothing of the invoking user's ~/.ssh is read.
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { HostTrust } from '../../../src/main/core/sessions/ssh/hostTrust'
import { connectChain, type SshClient } from '../../../src/main/core/sessions/ssh/sshConnection'
import {
  importSshConfigFile,
  listConfigAliases,
} from '../../../src/main/core/sessions/ssh/sshConfigEval'
import { endpointsFor } from '../../../src/main/core/sessions/ssh/targetEndpoints'
import type { Target } from '../../../src/shared/contract'
import { startTestCore } from '../../helpers/core'
import { requireBinary } from '../../helpers/services/require'
import { startSshd, type Sshd } from '../../helpers/services/sshd'

const missing = requireBinary('sshd', '/usr/sbin/sshd') || requireBinary('ssh', '/usr/bin/ssh')

function run(client: SshClient, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.exec(command, (err, stream) => {
      if (err) return reject(err)
      let s = ''
      stream.on('data', (d: Buffer) => (s += d.toString()))
      stream.on('close', () => resolve(s.trim()))
    })
  })
}

/** `ssh -F cfg -W …` processes (this test's ProxyCommands): observed through /proc, never killed. */
function proxyProcesses(cfg: string): number[] {
  const pids: number[] = []
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')
      if (argv.includes(cfg) && argv.includes('-W')) pids.push(Number(pid))
    } catch {
      // gone meanwhile
    }
  }
  return pids
}

async function waitFor(what: string, ok: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const logSince = (sshd: Sshd, from: number): string =>
  readFileSync(sshd.logPath, 'utf8').slice(from)
const logSize = (sshd: Sshd): number => readFileSync(sshd.logPath, 'utf8').length

describe.skipIf(missing)('ssh config through OpenSSH, ProxyCommand through a bastion', () => {
  let bastion: Sshd
  let target: Sshd
  let dir: string
  let cfg: string
  let core: Core
  let imported: Target[]

  beforeAll(async () => {
    ;[bastion, target] = await Promise.all([startSshd(), startSshd()])
    dir = mkdtempSync(join(tmpdir(), 'sitrep-sshcfg-test-'))
    cfg = join(dir, 'config')
    mkdirSync(join(dir, 'conf.d'))
    mkdirSync(join(dir, 'keys'))
    // The key file is found only if ssh's Match host set the port and %r@%h:%p is expanded.
    copyFileSync(target.clientKeyPath, join(dir, 'keys', `${target.user}@127.0.0.1:${target.port}`))
    writeFileSync(join(dir, 'known_hosts'), `${bastion.knownHostsLine}\n`)
    writeFileSync(
      join(dir, 'conf.d', '10-apps.conf'),
      [
        'Host app-*',
        '  HostName 127.0.0.1',
        `  User ${target.user}`,
        `  IdentityFile ${dir}/keys/%r@%h:%p`,
        '',
      ].join('\n'),
    )
    writeFileSync(join(dir, 'conf.d', '20-more.conf'), 'Host app-included\n')
    writeFileSync(
      cfg,
      [
        `Include ${dir}/conf.d/*`,
        'Host bastion',
        '  HostName 127.0.0.1',
        `  Port ${bastion.port}`,
        `  User ${bastion.user}`,
        `  IdentityFile ${bastion.clientKeyPath}`,
        'Host app-proxied',
        // ssh's own ssh, pointed at this file: hermetic, and a real `ssh -W` through the bastion.
        `  ProxyCommand ssh -F ${cfg} -W %h:%p bastion`,
        'Host app-dead',
        `  ProxyCommand sh -c 'echo "no route to %h:%p" >&2; exit 3'`,
        'Host typo-host',
        '  HostName %z.example',
        'Host fdpass-host',
        '  ProxyCommand nc %h %p',
        '  ProxyUseFDPass yes',
        'Match host 127.0.0.1',
        `  Port ${target.port}`,
        'Host *',
        `  UserKnownHostsFile ${dir}/known_hosts`,
        '  GlobalKnownHostsFile /dev/null',
        '  StrictHostKeyChecking yes',
        '  IdentitiesOnly yes',
        '  IdentityAgent none',
        '  BatchMode yes',
        `  ControlPath ${dir}/cm-%r@%h:%p`,
        '',
      ].join('\n'),
    )
    const dataDir = join(dir, 'data')
    mkdirSync(dataDir)
    // The test core's user known_hosts ("none") holds the target's real key.
    writeFileSync(join(dataDir, 'none'), `${target.knownHostsLine}\n`)
    core = startTestCore({ dataDir, trustUnknownHosts: false })
    imported = (await core.sessionsDomain.importSshConfig(readFileSync(cfg, 'utf8'))).imported
  })

  afterAll(async () => {
    core?.close()
    await Promise.all([bastion?.stop(), target?.stop()])
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('lists aliases from Host lines and the Include folder; patterns are not hosts', () => {
    const { aliases, warnings } = listConfigAliases(cfg)
    expect(aliases.sort()).toEqual(
      ['app-dead', 'app-included', 'app-proxied', 'bastion', 'fdpass-host', 'typo-host'].sort(),
    )
    expect(warnings).toEqual([])
  })

  it('takes what ssh -G computes: Include, Match host, tokens; a host ssh refuses is named', async () => {
    const result = await importSshConfigFile(cfg)
    expect(result.evaluatedBy).toBe('openssh')
    const by = Object.fromEntries(result.hosts.map((h) => [h.alias, h]))
    expect(by.bastion).toMatchObject({ hostName: '127.0.0.1', port: bastion.port, proxyJump: [] })
    expect(by.bastion?.proxyCommand).toBeNull()
    // HostName and User from the included file, Port from `Match host`, key path from tokens.
    expect(by['app-included']).toMatchObject({
      hostName: '127.0.0.1',
      port: target.port,
      user: target.user,
      identityFiles: [join(dir, 'keys', `${target.user}@127.0.0.1:${target.port}`)],
      proxyCommand: null,
    })
    expect(by['app-proxied']?.proxyCommand).toBe(`ssh -F ${cfg} -W %h:%p bastion`)
    const failed = Object.fromEntries(result.failed.map((f) => [f.alias, f.error]))
    expect(Object.keys(failed).sort()).toEqual(['fdpass-host', 'typo-host'])
    expect(failed['typo-host']).toMatch(/ssh -G typo-host: .*%z/)
    expect(failed['fdpass-host']).toMatch(/ProxyUseFDPass yes is not supported/)
  })

  it('saves the ProxyCommand on the target and reports the failed host', () => {
    const proxied = imported.find((t) => t.name === 'app-proxied')
    expect(proxied?.proxyCommand).toBe(`ssh -F ${cfg} -W %h:%p bastion`)
    expect(proxied?.jumpVia).toEqual([])
    expect(imported.find((t) => t.name === 'app-included')?.proxyCommand).toBeUndefined()
    expect(imported.map((t) => t.name)).not.toContain('typo-host')
  })

  it('opens a session through the ProxyCommand and the bastion, and runs a command', async () => {
    const id = imported.find((t) => t.name === 'app-proxied')?.id ?? ''
    const bastionFrom = logSize(bastion)
    const targetFrom = logSize(target)
    const result = await core.ssh.exec(id, 'echo "$SSH_CONNECTION" via-proxy-$((6*7))')
    expect(result.exitCode).toBe(0)
    expect(result.stdout.trim()).toMatch(new RegExp(` ${target.port} via-proxy-42$`))
    // The inner ssh logged in to the bastion, and the target accepted our key.
    expect(logSince(bastion, bastionFrom)).toMatch(/Accepted publickey for /)
    expect(logSince(target, targetFrom)).toMatch(/Accepted publickey for /)
  })

  it('the ProxyCommand process ends with the connection', async () => {
    const store = core.data.require()
    const id = imported.find((t) => t.name === 'app-proxied')?.id ?? ''
    const trust = new HostTrust({
      appFile: join(dir, 'app_known_hosts'),
      userFile: join(dir, 'data', 'none'),
      confirm: async () => false,
    })
    // The pool's connection from the test above keeps its own ProxyCommand running.
    const before = proxyProcesses(cfg)
    const chain = await connectChain(endpointsFor(store.targets, id), trust)
    const mine = (): number[] => proxyProcesses(cfg).filter((p) => !before.includes(p))
    expect(await run(chain.client, 'echo ok')).toBe('ok')
    expect(mine()).toHaveLength(1)
    chain.close()
    await waitFor('the ProxyCommand to exit', () => mine().length === 0)
  })

  it('a ProxyCommand that exits at once is a clear connection error with its stderr', async () => {
    const id = imported.find((t) => t.name === 'app-dead')?.id ?? ''
    const err = await core.ssh.exec(id, 'true').catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'connect_failed' })
    expect((err as Error).message).toMatch(
      new RegExp(
        `ProxyCommand for app-dead .*exited with code 3: no route to 127\\.0\\.0\\.1:${target.port}`,
      ),
    )
  })

  it('a ProxyCommand that never connects times out with what it said, and is stopped', async () => {
    const trust = new HostTrust({
      appFile: join(dir, 'app_known_hosts'),
      userFile: join(dir, 'data', 'none'),
      confirm: async () => false,
    })
    // A duration no other process on the machine sleeps: it names the process to look for.
    const mark = `29.${String(Date.now()).slice(-6)}${process.pid}`
    const err = await connectChain(
      [
        {
          host: '10.255.255.1',
          port: 22,
          username: 'nobody',
          auth: { kind: 'agent', socket: '/nonexistent' },
          readyTimeoutMs: 800,
          proxyCommand: {
            // exec: the sleep is the process Sitrep must stop.
            command: `sh -c 'echo "waiting for the tunnel" >&2; exec sleep ${mark}'`,
            label: 'never-connects',
          },
        },
      ],
      trust,
    ).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'connect_failed' })
    expect((err as Error).message).toMatch(
      /timed out.*still running and said: waiting for the tunnel/,
    )
    const sleeping = (): boolean =>
      readdirSync('/proc').some((pid) => {
        try {
          return (
            /^\d+$/.test(pid) &&
            readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(mark)
          )
        } catch {
          return false
        }
      })
    await waitFor('the ProxyCommand to be stopped', () => !sleeping())
  })

  it('a wrong host key through the ProxyCommand is refused before any credential is sent', async () => {
    const store = core.data.require()
    const id = imported.find((t) => t.name === 'app-proxied')?.id ?? ''
    // The file says the target has the bastion's key: what a man in the middle looks like.
    const impostor = bastion.knownHostsLine.replace(
      `[${bastion.host}]:${bastion.port}`,
      `[${target.host}]:${target.port}`,
    )
    const userFile = join(dir, 'impostor_known_hosts')
    writeFileSync(userFile, `${impostor}\n`)
    const trust = new HostTrust({
      appFile: join(dir, 'impostor_app_known_hosts'),
      userFile,
      confirm: async () => true,
    })
    const bastionFrom = logSize(bastion)
    const targetFrom = logSize(target)
    const err = await connectChain(endpointsFor(store.targets, id), trust).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'host_key_changed' })
    expect((err as Error).message).toContain(target.hostKeyFingerprintSha256)
    // The route worked (the bastion let the inner ssh in) ...
    expect(logSince(bastion, bastionFrom)).toMatch(/Accepted publickey for /)
    // ... and the target saw no authentication attempt at all. (The happy path above shows the
    // same log does record one when a login happens.)
    await waitFor('the target to log the closed connection', () =>
      /Connection closed|Disconnected|preauth/.test(logSince(target, targetFrom)),
    )
    expect(logSince(target, targetFrom)).not.toMatch(/publickey|password|Accepted|Failed|Postponed/)
  })
})
