// A webhook URL is a secret (whoever holds it can post to the channel): after it was saved, used
// for deliveries (including a receiver that echoes the request path in its error body) and a
// test message, no byte of its secret path is in any file of the data folder (database, WAL,
// backups, exports written there), in anything that leaves the app (every export format), on
// the timeline or in any notify.* result, in UTF-8, UTF-16 and base64. A saved password typed
// into a status update is masked in the chat message as in exports. Controls: the same search
// finds the channel's name and the status update's words.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import { tempDir } from '../../helpers/tempDir'
import { until } from '../../helpers/until'
import { exportFormats } from '../../../src/shared/exportSchemas'

const encodings = (s: string): Buffer[] => [
  Buffer.from(s, 'utf8'),
  Buffer.from(s, 'utf16le'),
  Buffer.from(Buffer.from(s).toString('base64').replace(/=+$/, '')),
]

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    const st = statSync(p)
    return st.isDirectory() ? filesUnder(p) : st.isFile() ? [p] : []
  })
}

let core: Core | null = null
let server: Server | null = null
afterEach(async () => {
  await core?.notify().close()
  core?.close()
  core = null
  server?.closeAllConnections()
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()))
  server = null
})

describe('webhook URLs at rest', () => {
  it('the secret path is nowhere but sealed; a saved password in a message is masked', async () => {
    const token = `whsec${randomBytes(12).toString('hex')}`
    const bodies: string[] = []
    let answers = [500]
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        bodies.push(body)
        const status = answers.shift() ?? 200
        res.writeHead(status)
        // A careless receiver echoes the whole request line in its error.
        res.end(status === 200 ? 'ok' : `no route for POST ${req.url}`)
      })
    })
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()))
    const port = (server.address() as AddressInfo).port
    const url = `http://127.0.0.1:${port}/services/T01/B02/${token}`

    const dataDir = tempDir()
    core = new Core({
      dataDir,
      shell: 'headless',
      version: 't',
      backupIntervalMs: 0,
      userKnownHosts: join(dataDir, 'none'),
      notifyTiming: { backoff: { baseMs: 100, maxMs: 200 } },
    })
    core.start()
    const handlers = createHandlers(core)
    const viewer = { id: 'v', sendFrame: () => undefined }
    const results: string[] = []
    const call = async (method: string, params: unknown): Promise<unknown> => {
      const r = await dispatch(handlers, 1, method, params, { viewer })
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`)
      results.push(JSON.stringify(r.result))
      return r.result
    }
    // A saved host password: a secret the exports (and now chat messages) mask.
    const hostPassword = `hostpw${randomBytes(8).toString('hex')}`
    core.data.require().secrets.put(hostPassword)
    const ch = (await call('notify.addChannel', {
      name: 'status-page relay',
      type: 'generic',
      url,
      lang: 'en',
      kinds: ['declared', 'status_update'],
    })) as { id: string }
    const incident = (await call('incidents.declare', {
      title: 'Checkout 5xx',
      severity: 'P2',
      services: ['checkout'],
      impactScope: 'core',
      detection: 'monitoring-alert',
      actor: 'aiko',
    })) as { id: string }
    await call('incidents.postStatusUpdate', {
      incidentId: incident.id,
      template: 'progress',
      lang: 'en',
      text: `Rotated the DB password (was ${hostPassword}); checkout recovering`,
      actor: 'aiko',
    })
    await until(
      () =>
        core?.notify().deliveries(incident.id).length === 2 &&
        core
          .notify()
          .deliveries(incident.id)
          .every((d) => d.state === 'sent'),
      'both messages sent',
    )
    answers = [200]
    expect(await call('notify.test', { id: ch.id })).toMatchObject({ ok: true })
    await call('notify.channels', {})
    await call('notify.deliveries', { incidentId: incident.id })
    const timeline = await call('timeline.list', { incidentId: incident.id, limit: 500 })
    // The echoed error reached the timeline with the path cut out.
    expect(JSON.stringify(timeline)).toContain('no route for POST …')
    // The password never reached the receiver; the words around it did.
    const sent = bodies.join('\n')
    expect(sent).toContain('checkout recovering')
    expect(sent).not.toContain(hostPassword)

    await core.data.backupNow()
    // Every export format (as security/leavesTheApp.ts does; asciicast needs a recorded
    // session, which this incident has not).
    const outbound: { name: string; bytes: Buffer }[] = []
    for (const format of exportFormats.filter((f) => f !== 'asciicast')) {
      const r = (await call('export.run', { incidentId: incident.id, format, inline: true })) as {
        files: { path: string }[]
        content: string | null
      }
      for (const f of r.files)
        outbound.push({ name: `export ${format}`, bytes: readFileSync(f.path) })
      if (r.content !== null)
        outbound.push({ name: `export ${format} inline`, bytes: Buffer.from(r.content) })
    }
    expect(outbound.length).toBeGreaterThan(3)
    const places: { name: string; bytes: Buffer }[] = [
      ...filesUnder(dataDir).map((f) => ({ name: f, bytes: readFileSync(f) })),
      ...outbound,
      ...results.map((r, i) => ({ name: `result ${i}`, bytes: Buffer.from(r) })),
    ]
    expect(places.some((p) => p.name.includes('backups'))).toBe(true)
    const hits = places.flatMap((p) =>
      encodings(token).some((e) => p.bytes.includes(e)) ? [p.name] : [],
    )
    expect(hits).toEqual([])
    // Controls: the search finds what is meant to be there.
    const everywhere = Buffer.concat(places.map((p) => p.bytes))
    expect(everywhere.includes(Buffer.from('status-page relay'))).toBe(true)
    expect(everywhere.includes(Buffer.from('checkout recovering'))).toBe(true)
  })
})
