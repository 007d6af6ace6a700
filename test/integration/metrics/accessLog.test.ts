// The access-log source against a real nginx whose log a real sshd's login tails: requests of
// every kind (200, 404, 500, a slow proxied one, a raw request with a quote and a broken UTF-8
// byte) counted as nginx wrote them, a line that is not an access line, logrotate's rename +
// USR1, and an sshd crash the stream comes back from. One nginx, one sshd for the file.
import { appendFileSync, existsSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import type { LogSourceDetail } from '../../../src/shared/contract'
import { saveSshHost } from '../../helpers/core'
import { startHttpFixture, type HttpFixture } from '../../helpers/services/httpFixture'
import { NGINX_REQUIREMENT, startNginx, type Nginx } from '../../helpers/services/nginx'
import { requireBinaries } from '../../helpers/services/require'
import { startSshd, type Sshd } from '../../helpers/services/sshd'
import { latest, startCore, until } from './helpers'

const missing = requireBinaries([
  NGINX_REQUIREMENT,
  { name: 'sshd', path: '/usr/sbin/sshd', aptPackage: 'openssh-server' },
])

/** One request as raw bytes: what fetch would escape (a quote, a byte that is not UTF-8). */
function rawRequest(port: number, target: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () =>
      s.write(Buffer.concat([Buffer.from('GET '), target, Buffer.from(' HTTP/1.0\r\n\r\n')])),
    )
    s.on('data', () => undefined)
    s.on('end', () => resolve())
    s.on('error', reject)
  })
}

describe.skipIf(missing)('access-log source over SSH (real nginx, real sshd)', () => {
  let sshd: Sshd
  let nginx: Nginx
  let slow: HttpFixture
  let core: Core
  let id: string
  const targetOf = (sourceId: string): string => {
    const c = core.metrics().get(sourceId).config
    return c.kind === 'access-log' ? c.targetId : ''
  }
  const detail = (): LogSourceDetail => core.metrics().logDetail(id) as LogSourceDetail
  const get = async (path: string): Promise<number> => (await fetch(`${nginx.url}${path}`)).status
  /** Requests /ok until the source has seen one: tail -n 0 starts at the file's end when it opens. */
  const warm = async (): Promise<number> => {
    const before = detail().access?.lines ?? 0
    for (let i = 0; i < 400; i++) {
      await get('/ok')
      await new Promise((r) => setTimeout(r, 50))
      const d = detail()
      if (d.follow.state === 'following' && (d.access?.lines ?? 0) > before)
        return d.access?.lines ?? 0
    }
    throw new Error(`the source never saw a request: ${JSON.stringify(detail())}`)
  }

  beforeAll(async () => {
    slow = await startHttpFixture({ delayMs: 1_200, body: 'slow' })
    sshd = await startSshd()
    nginx = await startNginx({
      logDir: sshd.sharedDir('nginx-'),
      slowUpstream: { host: '127.0.0.1', port: slow.port },
    })
    core = startCore({ trustUnknownHosts: true })
    const target = saveSshHost(core, sshd, 'web-1')
    const source = await core.metrics().save({
      kind: 'access-log',
      name: 'web-1 nginx',
      targetId: target.id,
      path: nginx.accessLog,
      format: 'timed',
      intervalSec: 0.5,
      timeoutSec: 10,
    })
    id = source.config.id
  }, 60_000)
  afterAll(async () => {
    core?.close()
    await Promise.all([nginx?.stop(), sshd?.stop(), slow?.stop()])
  })

  it('counts requests, 5xx and 4xx rates, latency percentiles and failing paths', async () => {
    const warmed = await warm()
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) statuses.push(await get('/api/ok?page=2'))
    for (let i = 0; i < 4; i++) statuses.push(await get('/missing.php?token=secret'))
    for (let i = 0; i < 4; i++) statuses.push(await get('/api/fail?user=7'))
    statuses.push(...(await Promise.all([get('/slow/a'), get('/slow/b')])))
    // A quote and a byte that is not UTF-8: nginx writes them as \x22 and \xFF.
    await rawRequest(nginx.port, Buffer.from([...Buffer.from('/api/fail"'), 0xff, 0x2f]))
    expect(statuses.filter((s) => s === 200)).toHaveLength(12)
    expect(statuses.filter((s) => s === 500)).toHaveLength(4)
    expect(statuses.filter((s) => s === 404)).toHaveLength(4)

    const d = await until(() => {
      const x = detail()
      return (x.access?.lines ?? 0) >= warmed + 21 ? x : undefined
    }, 'the 21 requests in the source')
    const a = d.access!
    expect(a.unparsed).toBe(0)
    expect(a.hasRequestTime).toBe(true)
    const total = a.figures.requests
    // The warm-up requests are 200s in the same window.
    expect(total).toBe(warmed + 21)
    expect(a.figures.rate5xxPercent).toBeCloseTo((5 / total) * 100, 5)
    expect(a.figures.rate4xxPercent).toBeCloseTo((4 / total) * 100, 5)
    // Two of ~30 requests waited 1.2 s on the upstream: p99 is one of them, p50 is not.
    expect(a.figures.p99Ms).toBeGreaterThan(1_100)
    expect(a.figures.p99Ms).toBeLessThan(3_000)
    expect(a.figures.p50Ms).toBeLessThan(100)
    expect(a.topFailing).toEqual([
      { path: '/api/fail', s5xx: 4, s4xx: 0 },
      // Still under `location /api/fail`: a 500, its path shown with the quote nginx escaped.
      { path: '/api/fail"\uFFFD/', s5xx: 1, s4xx: 0 },
      { path: '/missing.php', s5xx: 0, s4xx: 4 },
    ])
    // The same figures reach the chart and the thresholds at the next poll.
    const rate = await until(() => {
      const v = latest(core, id, 'error.rate_percent')
      return v !== undefined && Math.abs(v - (5 / total) * 100) < 1e-3 ? v : undefined
    }, 'the error rate as a metric')
    expect(rate).toBeGreaterThan(5)
    expect(latest(core, id, 'latency.p99_ms')).toBeGreaterThan(1_100)
    expect(latest(core, id, 'access.requests_per_s')).toBeGreaterThan(0)
  })

  it('counts and shows a line that is not an access line, and keeps going', async () => {
    const before = detail().access!
    appendFileSync(nginx.accessLog, 'this is not an access line "\n')
    const d = await until(() => {
      const x = detail().access!
      return x.unparsed > before.unparsed ? x : undefined
    }, 'the unparsed line')
    expect(d.unparsedRecent.at(-1)).toBe('this is not an access line "')
    expect(core.metrics().get(id).status.state).toBe('ok')
    await warm()
  })

  it('follows the new file after logrotate renames the log and nginx reopens it', async () => {
    const before = detail().access!.lines
    renameSync(nginx.accessLog, `${nginx.accessLog}.1`)
    nginx.reopenLogs()
    await until(() => existsSync(nginx.accessLog), 'nginx to reopen its access log')
    // tail -F notices the new file on its own (by name); keep asking until it reads it.
    const after = await warm()
    expect(after).toBeGreaterThan(before)
    expect(detail().follow.restarts).toBe(0)
  })

  it('says when the file cannot be read, and recovers once it appears', async () => {
    const later = join(dirname(nginx.accessLog), 'later.log')
    const s = await core.metrics().save({
      kind: 'access-log',
      name: 'web-1 later',
      targetId: targetOf(id),
      path: later,
      intervalSec: 0.5,
      timeoutSec: 10,
    })
    const failing = await until(() => {
      const st = core.metrics().get(s.config.id).status
      return st.state === 'error' ? st : undefined
    }, 'the missing file as the source error')
    expect(failing.lastError).toMatch(/later\.log cannot be read on the host: .*No such file/)
    writeFileSync(later, '')
    await until(() => {
      core.metrics().pollNow(s.config.id)
      return core.metrics().get(s.config.id).status.state === 'ok'
    }, 'the source to recover once the file exists')
    await core.metrics().remove(s.config.id)
  })

  it('starts the tail again after the SSH connection drops, and says so', async () => {
    await sshd.kill()
    const down = await until(() => {
      const s = core.metrics().get(id).status
      return s.state === 'error' ? s : undefined
    }, 'the source to fail while sshd is down')
    expect(down.lastError).toMatch(/SSH connection dropped/)
    expect(detail().follow.state).toBe('down')
    await sshd.restart()
    await core.metrics().pollNow(id)
    await until(
      () => detail().follow.state === 'following' && detail().follow.restarts === 1,
      'the tail to run again',
      30_000,
    )
    await warm()
    const d = detail()
    expect(d.follow.lastDrop?.reason).toBe('the SSH connection dropped')
    expect(d.follow.notes.join('\n')).toMatch(/Following again after: the SSH connection dropped/)
    expect(core.metrics().get(id).status.state).toBe('ok')
  }, 60_000)
})
