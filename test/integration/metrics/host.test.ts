// Host metrics over a real sshd on loopback, through the core's pooled SSH connection: the host
// is this machine, so the readings can be checked against /proc here; several polls use one
// login (sshd's log), and a PostgreSQL-style tunnel target is reached through the same pool.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseMeminfo } from '../../../src/main/core/metrics/hostProc'
import { requireBinary } from '../../helpers/services/require'
import { startHttpFixture, type HttpFixture } from '../../helpers/services/httpFixture'
import { startSshd, type Sshd } from '../../helpers/services/sshd'
import { saveSshHost } from '../../helpers/core'
import { latest, startCore, until } from './helpers'

const missing = requireBinary('sshd', '/usr/sbin/sshd', 'openssh-server')

describe.skipIf(missing)('host source over SSH (real sshd)', () => {
  let sshd: Sshd
  let web: HttpFixture
  beforeAll(async () => {
    ;[sshd, web] = await Promise.all([startSshd(), startHttpFixture()])
  })
  afterAll(async () => {
    await Promise.all([sshd?.stop(), web?.stop()])
  })

  it('reads CPU, memory, load, disks, network and connections from /proc with one login', async () => {
    const core = startCore()
    try {
      core.events.on('hostKey.unknown', (p) => core.answerHostKey(p.requestId, true))
      const target = saveSshHost(core, sshd, 'web-1')
      const source = await core.metrics().save({
        kind: 'host',
        name: 'web-1',
        targetId: target.id,
        intervalSec: 0.5,
        timeoutSec: 10,
      })
      const id = source.config.id
      // CPU is a delta: it needs a second poll.
      const cpu = await until(() => latest(core, id, 'cpu.percent'), 'a CPU reading', 20_000)
      expect(cpu).toBeGreaterThanOrEqual(0)
      expect(cpu).toBeLessThanOrEqual(100)
      const here = parseMeminfo(readFileSync('/proc/meminfo', 'utf8'))!
      expect(Math.abs(latest(core, id, 'mem.percent')! - here.usedPercent)).toBeLessThan(10)
      expect(latest(core, id, 'load.1')).toBeGreaterThanOrEqual(0)
      expect(latest(core, id, 'disk.root.percent')).toBeGreaterThan(0)
      // The SSH session itself is an established connection on this host.
      expect(latest(core, id, 'tcp.established')).toBeGreaterThanOrEqual(1)
      expect(latest(core, id, 'net.rx_bytes_per_s')).toBeGreaterThanOrEqual(0)

      const polls = () => core.metrics().series(id, 'load.1', 0, Date.now() + 1, 10_000).stored
      await until(() => polls() >= 4, 'four polls', 20_000)
      const logins = readFileSync(sshd.logPath, 'utf8').match(/Accepted publickey/g) ?? []
      expect(logins).toHaveLength(1)

      // An HTTP check through the same target: a tunnel from the pool, not a direct connection.
      const tunnelled = await core.metrics().save({
        kind: 'http',
        name: 'web-1 /health via ssh',
        url: web.url.replace('127.0.0.1', 'localhost'),
        via: target.id,
        intervalSec: 0.5,
        timeoutSec: 5,
      })
      await until(
        () => latest(core, tunnelled.config.id, 'http.status') === 200,
        'a tunnelled health check',
      )
    } finally {
      core.close()
    }
  })

  it('shows a host that refuses the key as the source error and keeps retrying', async () => {
    const core = startCore()
    try {
      core.events.on('hostKey.unknown', (p) => core.answerHostKey(p.requestId, false))
      const target = saveSshHost(core, sshd, 'untrusted')
      const source = await core.metrics().save({
        kind: 'host',
        name: 'untrusted',
        targetId: target.id,
        intervalSec: 0.5,
        timeoutSec: 10,
      })
      const status = await until(() => {
        const s = core.metrics().get(source.config.id).status
        return s.state === 'error' ? s : null
      }, 'the host key error')
      expect(status.lastError).toBeTruthy()
      expect(status.nextPollAt).toBeGreaterThan(Date.now() - 100)
    } finally {
      core.close()
    }
  })
})
