// SSH sessions through the core, as the renderer drives them: saved targets with sealed
// passwords, the unknown-host-key question and answer, a jump host, and the transcript.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import {
  decodeFrame,
  encodeFrame,
  FrameKind,
  type UnknownHostKeyPrompt,
} from '../../../src/shared/contract'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import { requireBinary } from '../../helpers/services/require'
import { startSshd, type Sshd } from '../../helpers/services/sshd'
import { tempDir } from '../../helpers/tempDir'
import { until } from '../../helpers/until'

const missing = requireBinary('sshd', '/usr/sbin/sshd')

describe.skipIf(missing)('ssh sessions through the core (real sshd)', () => {
  let bastion: Sshd
  let db: Sshd
  beforeAll(async () => {
    ;[bastion, db] = await Promise.all([startSshd(), startSshd({ passwordUser: true })])
  })
  afterAll(async () => {
    await Promise.all([bastion?.stop(), db?.stop()])
  })

  it('asks about unknown keys, connects with a sealed password through a jump host, records the session', async () => {
    const dataDir = tempDir()
    const core = new Core({
      dataDir,
      shell: 'headless',
      version: 't',
      backupIntervalMs: 0,
      userKnownHosts: join(dataDir, 'none'),
    })
    core.start()
    const prompts: UnknownHostKeyPrompt[] = []
    core.events.on('hostKey.unknown', (p) => {
      prompts.push(p)
      core.answerHostKey(p.requestId, true)
    })
    const targets = core.data.require().targets
    const jump = targets.saveSsh({
      name: 'bastion',
      host: bastion.host,
      port: bastion.port,
      user: bastion.user,
      authKind: 'key',
      keyPath: bastion.clientKeyPath,
      jumpVia: [],
      tags: [],
      keepaliveSec: 15,
    })
    const password = db.password?.password ?? ''
    const target = targets.saveSsh({
      name: 'db-1',
      host: db.host,
      port: db.port,
      user: db.password?.user ?? '',
      authKind: 'password',
      keyPath: null,
      secret: password,
      jumpVia: [jump.id],
      tags: ['db', 'production'],
      keepaliveSec: 15,
    })
    expect(target).toMatchObject({ hasSecret: true, production: true, jumpVia: [jump.id] })

    const info = await core.sessions.openSsh({
      targetId: target.id,
      cols: 80,
      rows: 24,
      incidentId: null,
    })
    expect(prompts.map((p) => p.fingerprint).sort()).toEqual(
      [bastion.hostKeyFingerprintSha256, db.hostKeyFingerprintSha256].sort(),
    )
    let text = ''
    const viewer = {
      id: 'v',
      sendFrame: (f: Uint8Array) => {
        const frame = decodeFrame(f)
        if (frame?.kind === FrameKind.Output) text += Buffer.from(frame.payload).toString()
      },
    }
    core.sessions.attach(viewer, info.id)
    const type = (s: string) =>
      routeIncomingFrame(
        core.sessions,
        viewer,
        encodeFrame(FrameKind.Input, info.channel, new TextEncoder().encode(s)),
      )
    type('echo on-$(whoami)-$((6*7))\n')
    await until(() => text.includes(`on-${db.password?.user}-42`), 'remote output')

    // Accepted keys are remembered: the second connection asks nothing.
    const again = await core.sessions.openSsh({
      targetId: target.id,
      cols: 80,
      rows: 24,
      incidentId: null,
    })
    expect(prompts).toHaveLength(2)
    core.sessions.close(again.id)

    type('exit\n')
    await until(
      () => core.sessions.list().find((s) => s.id === info.id)?.state === 'closed',
      'exit',
    )
    core.sessions.closeAll()
    const store = core.data.require()
    const out = store.db
      .prepare(
        "SELECT group_concat(data, '') AS d FROM transcript_chunks WHERE session_id = ? AND direction = 'o'",
      )
      .get(info.id) as { d: Buffer }
    expect(Buffer.from(out.d).toString()).toContain('-42')
    core.close()
    // The password is sealed: not in the database file, its WAL, or the app's known_hosts.
    for (const f of ['sitrep.db', 'sitrep.db-wal', 'known_hosts']) {
      let bytes: Buffer
      try {
        bytes = readFileSync(join(dataDir, f))
      } catch {
        continue
      }
      expect(bytes.includes(Buffer.from(password)), f).toBe(false)
    }
  })

  it('a declined host key fails the open with a clear error and no session', async () => {
    const dataDir = tempDir()
    const core = new Core({
      dataDir,
      shell: 'headless',
      version: 't',
      backupIntervalMs: 0,
      userKnownHosts: join(dataDir, 'none'),
    })
    core.start()
    core.events.on('hostKey.unknown', (p) => core.answerHostKey(p.requestId, false))
    const t = core.data.require().targets.saveSsh({
      name: 'db-1',
      host: db.host,
      port: db.port,
      user: db.user,
      authKind: 'key',
      keyPath: db.clientKeyPath,
      jumpVia: [],
      tags: [],
      keepaliveSec: 15,
    })
    await expect(
      core.sessions.openSsh({ targetId: t.id, cols: 80, rows: 24, incidentId: null }),
    ).rejects.toMatchObject({
      code: 'host_key_rejected',
    })
    expect(core.sessions.list()).toEqual([])
    core.close()
  })
})
