// The Redis console against Debian's real redis-server: replies shown with their RESP3 types,
// the production rule (anything the server's command table does not call read-only, KEYS too,
// is refused with confirmation_required unless the confirmation names the source, and then goes
// on the timeline), the pane's own line editor (confirm by typing the name, history, Ctrl-C on a
// waiting BLPOP), AUTH's password kept out of the transcript and the timeline, and a console
// through an SSH host.
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { SitrepError } from '../../../src/main/core/errors'
import { saveSshHost } from '../../helpers/core'
import { REDIS_REQUIREMENT, startRedis, type RedisServer } from '../../helpers/services/redis'
import { requireBinaries } from '../../helpers/services/require'
import { startSshd, type Sshd } from '../../helpers/services/sshd'
import { startCore, until } from '../metrics/helpers'

const missing = requireBinaries([
  REDIS_REQUIREMENT,
  { name: 'sshd', path: '/usr/sbin/sshd', aptPackage: 'openssh-server' },
])

interface Client {
  sendCommand(args: string[]): Promise<unknown>
  close(): Promise<void>
}

const PASSWORD = 'console-pw-9'

describe.skipIf(missing)('redis console (real redis-server)', () => {
  let server: RedisServer
  let sshd: Sshd
  let core: Core
  let peek: Client
  beforeAll(async () => {
    ;[server, sshd] = await Promise.all([startRedis({ password: PASSWORD }), startSshd()])
    const c = createClient({ socket: { host: server.host, port: server.port }, password: PASSWORD })
    c.on('error', () => undefined)
    await c.connect()
    peek = c
    core = startCore({ trustUnknownHosts: true })
  })
  afterAll(async () => {
    core?.close()
    await peek?.close().catch(() => undefined)
    await Promise.all([server?.stop(), sshd?.stop()])
  })

  const source = async (name: string, production: boolean, via: string | null = null) =>
    (
      await core.metrics().save({
        kind: 'redis',
        name,
        host: '127.0.0.1',
        port: server.port,
        password: PASSWORD,
        production,
        via,
        intervalSec: 60,
        enabled: false,
      })
    ).config.id

  const declare = () =>
    core.incidents().incidents.declare({
      title: 'Shodo: Redis memory full',
      severity: 'P2',
      services: ['shodo'],
      impactScope: 'core',
      detection: 'monitoring-alert',
    })

  it('shows replies with their RESP3 types, as redis-cli does', async () => {
    const id = await source('cache-dev', false)
    const run = (line: string) => core.redisDomain.command({ sourceId: id, line, incidentId: null })
    await run('HSET h field "a value"')
    await run('SADD s only')
    await run('ZADD z 1.5 m')
    expect((await run('HGETALL h')).text).toBe('1# "field" => "a value"')
    expect((await run('SMEMBERS s')).text).toBe('1~ "only"')
    expect((await run('ZSCORE z m')).text).toBe('(double) 1.5')
    expect((await run('GET nothing')).text).toBe('(nil)')
    expect((await run('INCR n')).text).toBe('(integer) 1')
    expect((await run('SET k "line\\nbreak"')).text).toBe('OK')
    expect((await run('GET k')).text).toBe('"line\\nbreak"')
    expect((await run('EXISTS k h')).text).toBe('(integer) 2')
    const wrong = await run('LPUSH h x')
    expect(wrong).toMatchObject({ isError: true })
    expect(wrong.text).toMatch(/^\(error\) WRONGTYPE/)
    expect((await run('LRANGE missing 0 -1')).text).toBe('(empty array)')
    expect((await run('INFO server')).text).toMatch(/^# Server\nredis_version:/)
    // A line redis-cli would refuse is refused here, before anything is sent.
    await expect(run('SET k "unbalanced')).rejects.toMatchObject({ code: 'invalid_params' })
    await expect(run('SUBSCRIBE ch')).rejects.toMatchObject({ code: 'invalid_params' })
    await run('FLUSHDB')
  })

  it('on production, asks before anything that is not read-only, and puts the confirmed command on the timeline', async () => {
    const id = await source('cache-prod', true)
    const incident = declare()
    const run = (line: string, confirmation?: { by: string; targets: string[] }) =>
      core.redisDomain.command({
        sourceId: id,
        line,
        incidentId: incident.id,
        ...(confirmation ? { confirmation } : {}),
      })
    await peek.sendCommand(['SET', 'session:1', 'alive'])

    // Reads run at once.
    expect((await run('GET session:1')).text).toBe('"alive"')
    expect((await run('DBSIZE')).text).toBe('(integer) 1')
    expect((await run('CONFIG GET maxmemory')).text).toBe('1# "maxmemory" => "0"')

    // Writes, admin commands and KEYS ask first; nothing reached the server.
    for (const line of ['DEL session:1', 'FLUSHDB', 'CONFIG SET maxmemory 2gb', 'KEYS *']) {
      const err = await run(line).catch((e: unknown) => e)
      expect(err, line).toBeInstanceOf(SitrepError)
      expect(err, line).toMatchObject({ code: 'confirmation_required' })
    }
    // A confirmation naming another target is no confirmation.
    await expect(run('FLUSHDB', { by: 'kenji', targets: ['cache-dev'] })).rejects.toMatchObject({
      code: 'confirmation_required',
    })
    expect(await peek.sendCommand(['GET', 'session:1'])).toBe('alive')
    expect(await peek.sendCommand(['CONFIG', 'GET', 'maxmemory'])).toEqual({ maxmemory: '0' })

    const flushed = await run('FLUSHDB', { by: 'kenji', targets: ['cache-prod'] })
    expect(flushed).toMatchObject({ text: 'OK', readOnly: false, isError: false })
    expect(await peek.sendCommand(['GET', 'session:1'])).toBeNull()
    const ran = core.data
      .require()
      .timeline.list(incident.id, { limit: 100 })
      .filter((e) => e.kind === 'command.ran')
    expect(ran).toHaveLength(1)
    expect(ran[0]?.payload).toMatchObject({
      command: 'FLUSHDB',
      confirmedBy: 'kenji',
      targets: [{ name: 'cache-prod', exitCode: 0, output: 'OK' }],
    })
  })

  it('the pane: confirm by typing the name, history, Ctrl-C on a waiting command, AUTH kept secret', async () => {
    const id = await source('queue-prod', true)
    const incident = declare()
    const info = await core.redisDomain.openConsole({
      sourceId: id,
      cols: 100,
      rows: 30,
      incidentId: incident.id,
    })
    const session = core.sessions.get(info.id)
    let screen = ''
    const decoder = new TextDecoder()
    core.sessionsDomain.attach(
      {
        id: 'test-viewer',
        sendFrame(frame) {
          screen += decoder.decode(frame.subarray(5), { stream: true })
          session.ack('test-viewer', frame.byteLength - 5)
        },
      },
      info.id,
    )
    const type = (s: string) => session.input(new TextEncoder().encode(s))
    const waitFor = (re: RegExp, what: string) => until(() => re.test(screen), what)
    expect(info).toMatchObject({ kind: 'redis', title: 'redis: queue-prod (production)' })
    await waitFor(/queue-prod .*\(production\).*> /, 'the prompt')

    // A read runs at once.
    await peek.sendCommand(['LPUSH', 'celery', 't1', 't2'])
    type('LLEN celery\r')
    await waitFor(/\(integer\) 2/, 'LLEN')

    // A write is held: a wrong answer cancels it, the name runs it.
    type('DEL celery\r')
    await waitFor(/Type queue-prod to run it/, 'the confirmation prompt')
    type('queue-dev\r')
    await waitFor(/Cancelled: nothing was sent/, 'the cancel')
    expect(await peek.sendCommand(['LLEN', 'celery'])).toBe(2)
    screen = ''
    // The arrow key brings back DEL celery; Enter, then the name.
    type('\x1b[A')
    await waitFor(/DEL celery/, 'history')
    type('\r')
    await waitFor(/Type queue-prod to run it/, 'the confirmation prompt again')
    type('queue-prod\r')
    await waitFor(/\(integer\) 1/, 'the confirmed DEL')
    expect(await peek.sendCommand(['EXISTS', 'celery'])).toBe(0)

    // A BLPOP that would wait forever is given up with Ctrl-C; the console goes on.
    type('BLPOP nothing 0\r')
    await waitFor(/Type queue-prod to run it/, 'BLPOP asks (it writes)')
    type('queue-prod\r')
    await new Promise((r) => setTimeout(r, 300))
    type('\x03')
    await waitFor(/connection was reset/, 'the reset')
    screen = ''
    type('PING\r')
    await waitFor(/PONG/, 'PING after the reset')

    // A value that carries terminal escapes is shown escaped: it cannot retitle or clear the pane.
    await peek.sendCommand(['SET', 'evil', '\x1b]0;pwned\x07\x1b[2J\x9b31m'])
    screen = ''
    type('GET evil\r')
    await waitFor(/"\\x1b\]0;pwned\\a\\x1b\[2J/, 'the escaped value')
    expect(screen).not.toContain('\x1b]0;')
    expect(screen).not.toContain('\x9b')

    // A wrong AUTH: the error shows, the password never does.
    type('AUTH default not-the-password-77\r')
    await waitFor(/WRONGPASS/, 'the AUTH error')
    expect(screen).not.toContain('not-the-password-77')
    expect(screen).toMatch(/AUTH \*{7} \*{19}/)
    type('PING\r')
    await waitFor(/PONG[\s\S]*PONG|\r\nPONG/, 'still authenticated as the source')

    session.close()
    await until(() => session.closed, 'the pane closed')
    core.sessions.get(info.id)
    const page = core.sessionsDomain.recording(info.id, 0, 4 * 1024 * 1024)
    const all = page.chunks.map((c) => Buffer.from(c.data, 'base64').toString('utf8')).join('')
    expect(all).toContain('DEL celery')
    expect(all).not.toContain('not-the-password-77')
    const typedIn = page.chunks
      .filter((c) => c.direction === 'i')
      .map((c) => Buffer.from(c.data, 'base64').toString('utf8'))
      .join('')
    expect(typedIn).toContain('AUTH **** ****')
    expect(typedIn).toContain('queue-prod\r\n') // the confirmation is part of what was typed

    const events = core.data.require().timeline.list(incident.id, { limit: 200 })
    const typed = events.filter((e) => e.kind === 'command.typed').map((e) => e.payload.text)
    expect(typed).toEqual(expect.arrayContaining(['LLEN celery', 'DEL celery', 'AUTH **** ****']))
    expect(JSON.stringify(events)).not.toContain('not-the-password-77')
    const ran = events.filter((e) => e.kind === 'command.ran').map((e) => e.payload.command)
    expect(ran).toEqual(['DEL celery'])
  })

  it('runs through an SSH host like the source does', async () => {
    const target = saveSshHost(core, sshd, 'cache-bastion')
    const id = await source('cache-via-ssh', false, target.id)
    const reply = await core.redisDomain.command({ sourceId: id, line: 'PING', incidentId: null })
    expect(reply.text).toBe('PONG')
  })
})
