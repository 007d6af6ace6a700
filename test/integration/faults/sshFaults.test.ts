// Network and server faults under live SSH panes, through the real core and real sshd: sshd
// killed and restarted, the network cut (a partition, via a loopback TCP proxy) and healed,
// connections reset, a host that never answers, a name that does not resolve, a port that
// refuses. Each pane must say what state it is in, reconnect by itself when the fault ends, and
// the other panes must keep answering while it is down (no hang of the shared event loop).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import { decodeFrame, encodeFrame, FrameKind, type SessionInfo } from '../../../src/shared/contract'
import { freePort } from '../../helpers/services/ports'
import { requireBinary } from '../../helpers/services/require'
import { startSshd, type Sshd } from '../../helpers/services/sshd'
import { startTcpProxy, type TcpProxy } from './tcpProxy'

const missing = requireBinary('sshd', '/usr/sbin/sshd')

const figures = {
  faults: 0,
  reconnectsSurvived: 0,
  detectMs: [] as string[],
  otherPaneWorstEchoMs: 0,
}

async function until(cond: () => boolean, what: string, ms = 30_000): Promise<number> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  return Date.now() - start
}

interface Pane {
  info: () => SessionInfo
  text: () => string
  type: (s: string) => void
}

describe.skipIf(missing)('SSH faults: clear state per pane, reconnect, no hang', () => {
  let a: Sshd
  let b: Sshd
  let proxy: TcpProxy
  let silent: TcpProxy
  let core: Core
  let n = 0
  let dir = ''
  const targetIds: Record<string, string> = {}

  function pane(info: SessionInfo): Pane {
    let text = ''
    const viewer = {
      id: `v-${info.id}`,
      sendFrame: (f: Uint8Array) => {
        const frame = decodeFrame(f)
        if (frame?.kind === FrameKind.Output && frame.channel === info.channel)
          text += Buffer.from(frame.payload).toString()
      },
    }
    core.sessions.attach(viewer, info.id)
    return {
      info: () => core.sessions.list().find((s) => s.id === info.id) ?? info,
      text: () => text,
      type: (s) =>
        routeIncomingFrame(
          core.sessions,
          viewer,
          encodeFrame(FrameKind.Input, info.channel, new TextEncoder().encode(s)),
        ),
    }
  }

  /** Types a command and waits for its output; returns the round trip in ms. */
  async function echo(p: Pane, timeoutMs = 5_000): Promise<number> {
    const tag = `alive-${++n}`
    const start = Date.now()
    p.type(`echo ${tag}-$((1+1))\n`)
    await until(() => p.text().includes(`${tag}-2`), `echo on ${p.info().title}`, timeoutMs)
    return Date.now() - start
  }

  /** Keeps checking `other` answers while `during` runs; returns the worst echo time. */
  async function staysResponsive(other: Pane, during: Promise<unknown>): Promise<number> {
    let done = false
    let worst = 0
    const watched = during.finally(() => (done = true))
    while (!done) {
      worst = Math.max(worst, await echo(other, 3_000))
      await new Promise((r) => setTimeout(r, 100))
    }
    await watched.catch(() => undefined)
    figures.otherPaneWorstEchoMs = Math.max(figures.otherPaneWorstEchoMs, worst)
    return worst
  }

  async function open(name: string): Promise<Pane> {
    const targetId = targetIds[name]
    if (!targetId) throw new Error(`no target ${name}`)
    return pane(await core.sessions.openSsh({ targetId, cols: 100, rows: 30, incidentId: null }))
  }

  beforeAll(async () => {
    ;[a, b] = await Promise.all([startSshd(), startSshd()])
    proxy = await startTcpProxy(b.port)
    silent = await startTcpProxy(await freePort())
    silent.blackhole()
    // Lives for the whole file (tempDir() would be removed after the first test).
    dir = mkdtempSync(join(tmpdir(), 'sitrep-faults-'))
    const knownHosts = join(dir, 'known_hosts')
    writeFileSync(
      knownHosts,
      [a.knownHostsLine, b.knownHostsLine.replace(`:${b.port} `, `:${proxy.port} `)].join('\n'),
    )
    core = new Core({
      dataDir: join(dir, 'data'),
      shell: 'headless',
      version: 't',
      backupIntervalMs: 0,
      userKnownHosts: knownHosts,
      hostKeyPromptMs: 1_000,
    })
    core.start()
    const targets = core.data.require().targets
    const save = (name: string, host: string, port: number, s: Sshd) =>
      (targetIds[name] = targets.saveSsh({
        name,
        host,
        port,
        user: s.user,
        authKind: 'key',
        keyPath: s.clientKeyPath,
        jumpVia: [],
        tags: [],
        // Short keepalives so a silent link is noticed in seconds, not 45 s.
        keepaliveSec: 1,
      }).id)
    save('web-a', a.host, a.port, a)
    save('db-b', '127.0.0.1', proxy.port, b)
    save('nowhere-dns', 'nonexistent.invalid', 22, a)
    save('closed-port', '127.0.0.1', await freePort(), a)
    save('silent-host', '127.0.0.1', silent.port, a)
  })

  afterAll(async () => {
    core?.close()
    await Promise.all([proxy?.close(), silent?.close(), a?.stop(), b?.stop()])
    if (dir) rmSync(dir, { recursive: true, force: true })
    console.log(
      `FIGURES ssh faults: ${figures.faults} faults injected, ${figures.reconnectsSurvived} reconnects survived, detection/recovery ${figures.detectMs.join('; ')}, other panes' worst echo during faults ${figures.otherPaneWorstEchoMs} ms`,
    )
  })

  it('sshd killed: that pane says reconnecting, the other answers, it comes back by itself', async () => {
    const pa = await open('web-a')
    const pb = await open('db-b')
    await echo(pa)
    await echo(pb)
    await a.kill()
    figures.faults++
    const detect = await until(() => pa.info().state === 'reconnecting', 'reconnecting state')
    expect(pa.info().error).toMatch(/dropped|refused|attempt/)
    expect(pb.info().state).toBe('connected')
    await staysResponsive(pb, new Promise((r) => setTimeout(r, 1_500)))
    await a.restart()
    const back = await until(() => pa.info().state === 'connected', 'reconnected')
    await echo(pa)
    figures.reconnectsSurvived++
    figures.detectMs.push(`sshd kill: seen ${detect} ms, back ${back} ms after restart`)
    core.sessions.close(pa.info().id)
    core.sessions.close(pb.info().id)
  }, 60_000)

  it('network cut (partition): keepalive notices, the other pane answers, heals and reconnects', async () => {
    const pa = await open('web-a')
    const pb = await open('db-b')
    await echo(pb)
    const acceptedBefore = proxy.accepted
    proxy.blackhole()
    figures.faults++
    const seen = until(() => pb.info().state === 'reconnecting', 'partition noticed', 20_000)
    const worst = await staysResponsive(pa, seen)
    const detect = await seen
    expect(worst).toBeLessThan(2_000)
    expect(pb.info().error).toBeTruthy()
    // Typing into the cut pane neither throws nor blocks anything.
    pb.type('echo typed-while-cut\n')
    await echo(pa)
    proxy.heal()
    const back = await until(() => pb.info().state === 'connected', 'reconnect after heal', 40_000)
    expect(proxy.accepted).toBeGreaterThan(acceptedBefore)
    await echo(pb)
    figures.reconnectsSurvived++
    figures.detectMs.push(`partition: seen ${detect} ms, back ${back} ms after heal`)
    core.sessions.close(pa.info().id)
    core.sessions.close(pb.info().id)
  }, 90_000)

  it('connections reset (RST): reconnects at once', async () => {
    const pb = await open('db-b')
    await echo(pb)
    for (let i = 0; i < 3; i++) {
      proxy.reset()
      figures.faults++
      const detect = await until(() => pb.info().state !== 'connected', 'reset noticed', 10_000)
      const back = await until(() => pb.info().state === 'connected', 'reconnect after reset')
      await echo(pb)
      figures.reconnectsSurvived++
      figures.detectMs.push(`reset ${i + 1}: seen ${detect} ms, back ${back} ms`)
    }
    core.sessions.close(pb.info().id)
  }, 60_000)

  it('a name that does not resolve, a refused port and a silent host fail clearly, without blocking', async () => {
    const pa = await open('web-a')
    for (const [name, reason] of [
      ['nowhere-dns', /could not be resolved/],
      ['closed-port', /refused/],
      ['silent-host', /timed out/],
    ] as const) {
      const targetId = targetIds[name] ?? ''
      const start = Date.now()
      const attempt = core.sessions.openSsh({ targetId, cols: 80, rows: 24, incidentId: null })
      figures.faults++
      const worst = await staysResponsive(
        pa,
        attempt.catch(() => undefined),
      )
      await expect(attempt).rejects.toMatchObject({ code: 'connect_failed', message: reason })
      await expect(attempt).rejects.toThrow(/Could not reach 127\.0\.0\.1|nonexistent\.invalid/)
      expect(worst).toBeLessThan(2_000)
      figures.detectMs.push(`${name}: failed in ${Date.now() - start} ms`)
    }
    // No half-open session is left behind for the failed ones.
    expect(core.sessions.list().filter((s) => s.state !== 'closed')).toHaveLength(1)
    core.sessions.close(pa.info().id)
  }, 90_000)
})
