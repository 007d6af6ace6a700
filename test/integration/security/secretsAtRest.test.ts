// Plants three secrets and uses each for real: an SSH password (password login to a real sshd),
// a key passphrase (an encrypted key file), and a token typed at a password prompt inside a
// session of an incident. Then searches every file in the data folder (database, WAL, shm,
// backups, known_hosts, exports), the process's own output (logs), the transcripts, the timeline
// and everything that leaves the app (every export format): zero hits, in UTF-8, UTF-16 and
// base64.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import { decodeFrame, encodeFrame, FrameKind, type SessionInfo } from '../../../src/shared/contract'
import { detectionMethods, impactScopes } from '../../../src/shared/incidents'
import { requireBinary } from '../../helpers/services/require'
import { SSH_KEYGEN_PATH, startSshd, type Sshd } from '../../helpers/services/sshd'
import { everythingThatLeavesTheApp } from './leavesTheApp'

const missing = requireBinary('sshd', '/usr/sbin/sshd')

const PASSPHRASE = `pp-${randomBytes(9).toString('hex')}`
const TOKEN = `tok-${randomBytes(12).toString('hex')}`

function encodings(secret: string): [string, Buffer][] {
  return [
    ['utf8', Buffer.from(secret, 'utf8')],
    ['utf16le', Buffer.from(secret, 'utf16le')],
    ['base64', Buffer.from(Buffer.from(secret).toString('base64').replace(/=+$/, ''))],
  ]
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? filesUnder(p) : [p]
  })
}

async function until(cond: () => boolean, what: string, ms = 15_000): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe.skipIf(missing)('secrets never land anywhere they could be read back', () => {
  let sshd: Sshd
  let dir: string
  let core: Core
  const logged: string[] = []
  const restore: (() => void)[] = []

  beforeAll(async () => {
    sshd = await startSshd({ passwordUser: true })
    dir = mkdtempSync(join(tmpdir(), 'sitrep-secrets-'))
    // Capture everything the process prints while Sitrep runs: that is its log.
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream)
      stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        logged.push(Buffer.from(chunk).toString())
        return (write as (...a: unknown[]) => boolean)(chunk, ...rest)
      }) as typeof stream.write
      restore.push(() => (stream.write = write))
    }
  })

  afterAll(async () => {
    for (const r of restore) r()
    core?.close()
    await sshd?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('password, key passphrase and typed token: zero hits after use', async () => {
    const password = sshd.password?.password ?? ''
    const passwordUser = sshd.password?.user ?? ''
    expect(password.length).toBeGreaterThan(8)
    // An encrypted key that sshd accepts for the running user.
    const keyPath = join(dir, 'id_ed25519_encrypted')
    execFileSync(SSH_KEYGEN_PATH, ['-q', '-t', 'ed25519', '-N', PASSPHRASE, '-f', keyPath])
    appendFileSync(join(sshd.dir, 'authorized_keys'), readFileSync(`${keyPath}.pub`))
    const knownHosts = join(dir, 'user_known_hosts')
    writeFileSync(knownHosts, `${sshd.knownHostsLine}\n`)

    const dataDir = join(dir, 'data')
    core = new Core({
      dataDir,
      shell: 'headless',
      version: 't',
      backupIntervalMs: 0,
      userKnownHosts: knownHosts,
    })
    core.start()
    const handlers = createHandlers(core)
    const viewer = {
      id: 'v',
      sendFrame: (f: Uint8Array) => {
        const frame = decodeFrame(f)
        if (frame?.kind === FrameKind.Output)
          output.set(frame.channel, (output.get(frame.channel) ?? '') + Buffer.from(frame.payload))
      },
    }
    const output = new Map<number, string>()
    const call = async (method: string, params: unknown): Promise<unknown> => {
      const r = await dispatch(handlers, 1, method, params, { viewer })
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`)
      return r.result
    }

    // Secrets go in through the contract, as the hosts form sends them.
    const pwTarget = (await call('targets.saveSsh', {
      name: 'db-password',
      host: sshd.host,
      port: sshd.port,
      user: passwordUser,
      authKind: 'password',
      secret: password,
    })) as { id: string }
    const keyTarget = (await call('targets.saveSsh', {
      name: 'web-passphrase',
      host: sshd.host,
      port: sshd.port,
      user: sshd.user,
      authKind: 'key',
      keyPath,
      secret: PASSPHRASE,
    })) as { id: string }
    const incident = (await call('incidents.declare', {
      title: 'secrets drill',
      severity: 'P2',
      impactScope: impactScopes[0],
      detection: detectionMethods[0],
    })) as { id: string }

    const open = async (targetId: string) => {
      const info = (await call('sessions.openSsh', {
        targetId,
        cols: 100,
        rows: 30,
        incidentId: incident.id,
      })) as SessionInfo
      await call('sessions.attach', { sessionId: info.id })
      const type = (s: string) =>
        routeIncomingFrame(
          core.sessions,
          viewer,
          encodeFrame(FrameKind.Input, info.channel, new TextEncoder().encode(s)),
        )
      const text = () => output.get(info.channel) ?? ''
      return { info, type, text }
    }

    // 1. The password logs in; 2. the passphrase unlocks the key.
    const pw = await open(pwTarget.id)
    pw.type('echo user-$(whoami)-$((6*7))\n')
    await until(() => pw.text().includes(`user-${passwordUser}-42`), 'password login works')
    const key = await open(keyTarget.id)
    key.type('echo key-$((6*7))\n')
    await until(() => key.text().includes('key-42'), 'passphrase-protected key works')

    // 3. A token typed at a password prompt reaches the host (its length comes back) unechoed.
    pw.type("read -s -p 'Password: ' tok; echo; echo got-${#tok}-chars\n")
    await until(() => pw.text().includes('Password: '), 'the prompt')
    await new Promise((r) => setTimeout(r, 200))
    pw.type(`${TOKEN}\n`)
    await until(() => pw.text().includes(`got-${TOKEN.length}-chars`), 'token read by the host')
    pw.type('echo after-token-$((1+1))\n')
    await until(() => pw.text().includes('after-token-2'), 'shell after the token')

    // Close the sessions (transcripts get indexed for search), take a backup, export everything.
    await call('sessions.close', { sessionId: pw.info.id })
    await call('sessions.close', { sessionId: key.info.id })
    await call('store.backupNow', {})
    const outbound = await everythingThatLeavesTheApp(core, incident.id)
    expect(outbound.length).toBeGreaterThanOrEqual(5)

    const store = core.data.require()
    const transcripts = store.db
      .prepare("SELECT group_concat(data, '') AS d FROM transcript_chunks")
      .get() as { d: Buffer | null }
    const timeline = JSON.stringify(store.db.prepare('SELECT payload FROM timeline_events').all())
    // Control: the search would find what was recorded (the commands are in the transcript).
    expect(Buffer.from(transcripts.d ?? '').toString()).toContain('got-')
    expect(timeline).toContain('read -s -p')

    const hits: string[] = []
    let searched = 0
    let bytes = 0
    const search = (what: string, data: Buffer): void => {
      searched++
      bytes += data.length
      for (const [name, secret] of [
        ['password', password],
        ['passphrase', PASSPHRASE],
        ['token', TOKEN],
      ] as const) {
        for (const [enc, needle] of encodings(secret)) {
          if (data.includes(needle)) hits.push(`${name} (${enc}) in ${what}`)
        }
      }
    }
    const searchFolder = (when: string): void => {
      for (const f of filesUnder(dataDir)) search(`${when}: ${f}`, readFileSync(f))
    }
    searchFolder('running') // database, WAL, shm, backups, known_hosts, exports
    search('transcripts', Buffer.from(transcripts.d ?? ''))
    search('timeline', Buffer.from(timeline))
    for (const o of outbound) search(o.name, o.bytes)
    core.close()
    searchFolder('closed') // after the WAL was checkpointed into the database file
    for (const r of restore.splice(0)) r()
    search('process output (log)', Buffer.from(logged.join('')))

    // Control: the same byte search does find ordinary recorded text in the closed files.
    const dbBytes = Buffer.concat(filesUnder(dataDir).map((f) => readFileSync(f)))
    expect(dbBytes.includes(Buffer.from('secrets drill'))).toBe(true)
    expect(dbBytes.includes(Buffer.from(`got-${TOKEN.length}-chars`))).toBe(true)
    expect(hits).toEqual([])
    console.log(
      `FIGURES secrets: 3 secrets planted and used (password login, passphrase key, token at a prompt); ${searched} places searched (${(bytes / 1e6).toFixed(2)} MB, 3 encodings each), 0 hits`,
    )
  }, 90_000)
})
