// The error-log source against a real nginx error log tailed through a real sshd: requests for
// missing files make nginx write `[error] … open() … failed` lines; the first goes on the open
// incident's timeline alone, the flood after it waits for the pattern's gap and lands as one
// event that quotes its first line and counts the rest. Lines that match no pattern are read
// and counted, never put on the timeline.
import { appendFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import type { LogSourceDetail, TimelineEvent } from '../../../src/shared/contract'
import { describeEvent } from '../../../src/shared/eventText'
import { saveSshHost } from '../../helpers/core'
import { NGINX_REQUIREMENT, startNginx, type Nginx } from '../../helpers/services/nginx'
import { requireBinaries } from '../../helpers/services/require'
import { startSshd, type Sshd } from '../../helpers/services/sshd'
import { startCore, until } from './helpers'

const missing = requireBinaries([
  NGINX_REQUIREMENT,
  { name: 'sshd', path: '/usr/sbin/sshd', aptPackage: 'openssh-server' },
])

describe.skipIf(missing)('error-log source over SSH (real nginx, real sshd)', () => {
  let sshd: Sshd
  let nginx: Nginx
  let core: Core
  let incidentId: string
  beforeAll(async () => {
    sshd = await startSshd()
    nginx = await startNginx({ logDir: sshd.sharedDir('nginx-') })
    core = startCore({ trustUnknownHosts: true })
    incidentId = core.incidents().incidents.declare({
      title: 'MKS API 5xx',
      severity: 'P1',
      services: ['mks-backend'],
      impactScope: 'core',
      detection: 'monitoring-alert',
      description: '',
      actor: 'aiko',
    }).id
  }, 60_000)
  afterAll(async () => {
    core?.close()
    await Promise.all([nginx?.stop(), sshd?.stop()])
  })

  const events = (sourceId: string): TimelineEvent[] =>
    core.data
      .require()
      .timeline.list(incidentId, { limit: 1000 })
      .filter((e) => e.kind === 'log.matched' && e.payload.sourceId === sourceId)

  it('puts the first matching line on the timeline, then one grouped event per gap', async () => {
    const target = saveSshHost(core, sshd, 'web-1')
    const source = await core.metrics().save({
      kind: 'error-log',
      name: 'web-1 nginx errors',
      targetId: target.id,
      path: nginx.errorLog,
      eventGapSec: 5,
      intervalSec: 0.5,
      timeoutSec: 10,
    })
    const id = source.config.id
    const detail = (): LogSourceDetail => core.metrics().logDetail(id) as LogSourceDetail
    // tail -n 0 starts at the end of the file when it opens it: write until it reads a line.
    await until(
      () => {
        appendFileSync(nginx.errorLog, '2026/12/04 19:30:00 [notice] 1#1: harness warm-up\n')
        return (detail().errors?.lines ?? 0) > 0
      },
      'the tail to read the error log',
      20_000,
    )
    expect(detail().errors?.matched).toBe(0)

    expect((await fetch(`${nginx.url}/missing-0.php`)).status).toBe(404)
    await until(() => events(id).length === 1, 'the first error line on the timeline')
    const first = events(id)[0]!
    expect(first.payload).toMatchObject({ path: nginx.errorLog, count: 1, more: 0 })
    expect(String((first.payload.lines as string[])[0])).toMatch(
      /\[error\] .*open\(\) ".*missing-0\.php" failed \(2: No such file or directory\)/,
    )

    // The flood: 39 more, fast. They wait for the gap and land as one event.
    await Promise.all(
      Array.from({ length: 39 }, (_, i) => fetch(`${nginx.url}/missing-${i + 1}.php`)),
    )
    await until(() => detail().errors?.matched === 40, 'all 40 lines read')
    if (Date.now() - first.at < 4_500) expect(events(id)).toHaveLength(1)
    expect(detail().errors?.waiting).toBeGreaterThan(0)
    await until(() => events(id).length === 2, 'the grouped event', 15_000)
    const grouped = events(id)[1]!
    expect(grouped.at - first.at).toBeGreaterThanOrEqual(5_000)
    expect(grouped.payload).toMatchObject({ count: 39, more: 38 })
    expect((grouped.payload.lines as string[]).length).toBe(3)
    const en = describeEvent(grouped, { lang: 'en' })
    expect(en.label).toBe('Log lines')
    expect(en.summary).toMatch(
      /^web-1 nginx errors: ".*\[error\].*" in .*error\.log and 38 more lines like this$/,
    )
    expect(describeEvent(grouped, { lang: 'ja' }).summary).toMatch(/ほか同様の行が 38 行$/)

    // A second gap with nothing new: no event.
    await new Promise((r) => setTimeout(r, 1_500))
    expect(events(id)).toHaveLength(2)
    expect(detail().errors?.lines).toBeGreaterThanOrEqual(41)
  }, 60_000)

  it('refuses a pattern RE2 cannot run, at save', async () => {
    const target = saveSshHost(core, sshd, 'web-2')
    await expect(
      core.metrics().save({
        kind: 'error-log',
        name: 'bad',
        targetId: target.id,
        path: nginx.errorLog,
        patterns: ['(?<=x)error'],
      }),
    ).rejects.toThrow(/not a valid RE2 expression/)
    await expect(
      core.metrics().save({
        kind: 'error-log',
        name: 'empty',
        targetId: target.id,
        path: nginx.errorLog,
        patterns: ['x*'],
      }),
    ).rejects.toThrow(/matches empty text/)
  })
})
