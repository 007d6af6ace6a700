// A host whose login account has a slow, chatty ~/.bashrc. OpenSSH runs every command through
// the account's shell, and Debian's bash reads ~/.bashrc for commands run by sshd, so Sitrep
// cannot skip it; it measures it instead (a bare `true` beside each connection's first command),
// removes the banner the rc file prints from outputs, and says why a host is slow. Three paths
// use the pooled connection: a plain exec, the host metrics source and the runbook runner.
// Also: the harness never logs in as the machine's real user, and HOME is its own folder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import { ExecTimeoutError, SLOW_SHELL_MS } from '../../../src/main/core/sessions/ssh/sshPool'
import type { MethodName, Params, Result } from '../../../src/shared/contract'
import { saveSshHost, startTestCore } from '../../helpers/core'
import { requireBinary } from '../../helpers/services/require'
import { PASSWORD_USER, startSshd, type Sshd } from '../../helpers/services/sshd'
import { until } from '../../helpers/until'

const missing = requireBinary('sshd', '/usr/sbin/sshd', 'openssh-server')

const BANNER = '*** Welcome to db-3 (managed by ops) ***\n'
const STDERR_NOTE = 'pyenv: warming shims\n'
/** A quick enough rc file: slow enough to be reported, quick enough to wait for. */
const SLOWISH_S = 2.5
const rc = (sleepS: number): string =>
  `echo '${BANNER.trim()}'\necho '${STDERR_NOTE.trim()}' >&2\nsleep ${sleepS}\n`

describe.skipIf(missing)('a host whose ~/.bashrc is slow and prints a banner (real sshd)', () => {
  let slowish: Sshd
  let hung: Sshd
  let core: Core
  // Each test uses its own saved targets, so each starts from a new pooled connection.
  let n = 0
  const target = (sshd: Sshd): string => saveSshHost(core, sshd, `db-${++n}`).id
  beforeAll(async () => {
    ;[slowish, hung] = await Promise.all([
      startSshd({ homeFiles: { '.bashrc': rc(SLOWISH_S), '.profile': '' } }),
      startSshd({ homeFiles: { '.bashrc': rc(120), '.profile': '' } }),
    ])
    core = startTestCore({ trustUnknownHosts: true })
  })
  afterAll(async () => {
    core?.close()
    await Promise.all([slowish?.stop(), hung?.stop()])
  })

  it('logs in as the harness account with its own HOME, never as the machine user', async () => {
    const r = await core.ssh.exec(target(slowish), 'printf "%s|%s" "$(id -un)" "$HOME"')
    const [user, home] = r.stdout.split('|')
    if (process.getuid?.() === 0) expect(user).toBe(PASSWORD_USER)
    expect(user).toBe(slowish.user)
    expect(home).toBe(slowish.home)
    expect(home).not.toBe(process.env.HOME)
  })

  it('pooled exec: measures the start-up, removes the banner, keeps the output exact', async () => {
    const id = target(slowish)
    {
      const first = await core.ssh.exec(id, 'echo out; echo err >&2')
      const second = await core.ssh.exec(id, 'echo again')
      // What OpenSSH costs here, shown rather than hidden.
      console.log(
        `slow rc: first exec ${first.durationMs} ms, second ${second.durationMs} ms, ` +
          `shell start-up ${first.shellStartupMs} ms (rc sleeps ${SLOWISH_S} s)`,
      )
      expect(first).toMatchObject({ stdout: 'out\n', stderr: 'err\n', exitCode: 0 })
      expect(second).toMatchObject({ stdout: 'again\n', stderr: '', exitCode: 0 })
      for (const r of [first, second]) {
        expect(r.shellStartupMs).toBeGreaterThanOrEqual(SLOWISH_S * 1000)
        expect(r.shellStartupMs).toBeGreaterThanOrEqual(SLOW_SHELL_MS)
        // Every command pays the rc file again: that is OpenSSH, not the pool.
        expect(r.durationMs).toBeGreaterThanOrEqual(SLOWISH_S * 1000)
      }
    }
  })

  it('pooled exec on a hung rc file: stops at the timeout and names the rc files', async () => {
    const err = await core.ssh
      .exec(target(hung), 'echo never', { timeoutMs: 4_000 })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ExecTimeoutError)
    const message = (err as Error).message
    expect(message).toMatch(/time went to the host, not the command/)
    expect(message).toMatch(/~\/\.bashrc/)
    expect(message).toMatch(/non-interactive/)
  })

  it('host metrics: polls work past the rc file, and a hung one is explained', async () => {
    const ok = await core.metrics().save({
      kind: 'host',
      name: 'db-3',
      targetId: target(slowish),
      intervalSec: 1,
      timeoutSec: 10,
    })
    await until(
      () =>
        core
          .metrics()
          .get(ok.config.id)
          .latest.some((v) => v.metric === 'load.1'),
      'a load reading past the banner',
      30_000,
    )
    const stuck = await core.metrics().save({
      kind: 'host',
      name: 'db-4',
      targetId: target(hung),
      intervalSec: 1,
      timeoutSec: 3,
    })
    // The first poll also pays the SSH login; when that alone is slow (a loaded machine), the
    // runner's own deadline can win that once. From the next poll on, the pool's explanation
    // must be what the source says.
    const error = await until(
      () => {
        const e = core.metrics().get(stuck.config.id).status.lastError
        return e && /login shell/.test(e) ? e : undefined
      },
      'the source error naming the login shell',
      30_000,
    )
    expect(error).toMatch(/login shell/)
    expect(error).toMatch(/~\/\.bashrc/)
  }, 60_000)

  it('runbook runner: the step result carries the measured start-up; a hung rc is named', async () => {
    const incidentId = core.incidents().incidents.declare({
      title: 'db slow',
      severity: 'P3',
      services: ['db'],
      impactScope: 'core',
      detection: 'monitoring-alert',
      description: '',
      actor: 'aiko',
    }).id
    const handlers = createHandlers(core)
    const call = async <M extends MethodName>(m: M, p: Params<M>): Promise<Result<M>> => {
      const r = await dispatch(handlers, ++n, m, p, { viewer: { id: 'rc', sendFrame: () => {} } })
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`)
      return r.result as Result<M>
    }
    await call('runbooks.importText', {
      text: '---\nid: rc\ntitle: rc\n---\n# rc\n\n- [ ] Up\n  ```bash {name=up}\n  echo up\n  ```\n',
      source: 'rc.md',
    })
    const view = await call('runbooks.startForIncident', {
      incidentId,
      runbookId: 'en/rc',
      actor: 'aiko',
    })
    const doc = view.runbooks[0]?.document
    const commandId = doc?.sections[0]?.steps[0]?.commands[0]?.id ?? ''
    const run = (targetId: string, timeoutMs?: number) =>
      call('runbooks.run', {
        incidentId,
        runbookId: 'en/rc',
        commandId,
        targets: [{ kind: 'ssh', targetId }],
        actor: 'aiko',
        ...(timeoutMs ? { timeoutMs } : {}),
      })
    const done = await run(target(slowish))
    expect(done.targets[0]).toMatchObject({ stdout: 'up\n', stderr: '', exitCode: 0 })
    expect(done.targets[0]?.shellStartupMs).toBeGreaterThanOrEqual(SLOWISH_S * 1000)
    const stopped = await run(target(hung), 4_000)
    expect(stopped.ok).toBe(false)
    expect(stopped.targets[0]?.error).toMatch(/login shell.*~\/\.bashrc/s)
  }, 60_000)
})
