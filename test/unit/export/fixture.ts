// A fixed incident for the export tests: a Core on a temp data dir with a fixed clock in
// Asia/Tokyo, a target with a stored password, an incident that goes from declaration to close
// with severity changes, roles, a pinned note, runbook commands and checklist ticks, a recorded
// session, metric samples — and one planted secret of every kind the redactor must catch.
process.env.TZ = 'Asia/Tokyo'

import { Core } from '../../../src/main/core/core'
import type { Incident, RedactionPattern } from '../../../src/shared/contract'
import { tempDir } from '../../helpers/tempDir'

/** 2024-01-20 14:00 JST. */
export const T0 = Date.UTC(2024, 0, 20, 5, 0)
export const MIN = 60_000

/** The secrets planted in the incident; none may appear in any export. */
export const planted = {
  connection: 'pgpass-CONN-1234',
  pgpassword: 'pg-PLANTED-pw-9876',
  mysqlP: 'MyPLANTEDpw77',
  bearer: 'tok-PLANTED-bearer-abcdef123456',
  awsAccess: 'AKIAIOSFODNN7PLANTED',
  awsSecret: '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',
  token: 'tokPLANTEDapikey123456',
  pemBody: 'b3BlbnNzaC1rZXktdjEPLANTEDPEMBODY',
  stored: 'Sup3r-Secret-Target-Pw!',
  custom: 'CUST-123456',
} as const

export const userPatterns: RedactionPattern[] = [{ name: 'customer id', pattern: 'CUST-\\d{6}' }]

export interface Fixture {
  core: Core
  incident: Incident
  dataDir: string
  sessionId: string
  clock: { now: number }
}

export function makeCore(dataDir = tempDir(), start = T0): { core: Core; clock: { now: number } } {
  const clock = { now: start }
  const core = new Core({
    dataDir,
    shell: 'headless',
    version: 'test',
    backupIntervalMs: 0,
    clock: { now: () => clock.now },
  })
  core.start()
  // The fixture drives time by hand; background collectors would add samples of their own.
  return { core, clock }
}

export function buildFixture(opts: { secrets?: boolean } = {}): Fixture {
  const withSecrets = opts.secrets ?? true
  const dataDir = tempDir()
  const { core, clock } = makeCore(dataDir)
  const store = core.data.require()
  if (withSecrets) {
    store.targets.saveSsh({
      name: 'db-1',
      host: '127.0.0.1',
      port: 22,
      user: 'ops',
      authKind: 'password',
      keyPath: null,
      secret: planted.stored,
      jumpVia: [],
      tags: ['production'],
      keepaliveSec: 15,
    })
    core.exports().service.setPatterns(userPatterns)
  }
  const inc = core.incidents().incidents
  const at = (minutes: number): void => {
    clock.now = T0 + minutes * MIN
  }
  let incident = inc.declare({
    title: 'API 5xx エラー多発',
    severity: 'P2',
    services: ['api', 'postgres'],
    impactScope: 'core',
    detection: 'monitoring-alert',
    description: 'Grafana alert: 5xx rate above 20 % | checkout fails',
    occurredAt: T0 - 10 * MIN,
    actor: 'aiko',
  })
  const id = incident.id
  at(2)
  inc.assignRole(id, { role: 'commander', name: 'aiko', actor: 'aiko' })
  inc.assignRole(id, { role: 'scribe', name: 'kenji', actor: 'aiko' })
  inc.changeResponders(id, { add: ['yuki', 'taro'], actor: 'aiko' })
  at(4)
  inc.changeStatus(id, { status: 'investigating', actor: 'aiko' })
  inc.changeSeverity(id, { severity: 'P1', reason: 'checkout down for all users', actor: 'aiko' })
  at(6)
  const pinned = inc.addNote(id, {
    text: 'DB connections at max_connections (100/100), "too many clients"',
    actor: 'yuki',
  })
  inc.setPinned(id, { eventUid: pinned.uid, pinned: true, actor: 'aiko' })
  if (withSecrets) {
    at(7)
    const notes = [
      `psql postgres://app:${planted.connection}@db.internal:5432/app -c 'select 1'`,
      `export PGPASSWORD=${planted.pgpassword}`,
      `mysql -u root -p${planted.mysqlP} prod`,
      `curl -H 'Authorization: Bearer ${planted.bearer}' https://api.internal/health`,
      `aws configure: AWS_ACCESS_KEY_ID=${planted.awsAccess}`,
      `aws_secret_access_key = ${planted.awsSecret}`,
      `api_key=${planted.token}`,
      `-----BEGIN OPENSSH PRIVATE KEY-----\n${planted.pemBody}\nAAAAbm9uZQAAAARub25l\n-----END OPENSSH PRIVATE KEY-----`,
      `the db password is ${planted.stored} (oops)`,
      `customer ${planted.custom} reported it`,
    ]
    for (const text of notes) inc.addNote(id, { text, actor: 'kenji' })
  }
  at(10)
  const tl = store.timeline
  tl.append(id, {
    kind: 'command.ran',
    actor: 'yuki',
    payload: {
      stepText: 'Check connection count',
      command: 'psql -c "select count(*) from pg_stat_activity"',
      targets: [{ name: 'db-1', exitCode: 0 }],
    },
  })
  tl.append(id, {
    kind: 'checklist.ticked',
    actor: 'yuki',
    payload: { stepText: 'Confirm alert in Grafana', comment: '5xx at 23 %' },
  })
  at(15)
  inc.changeStatus(id, { status: 'identified', actor: 'aiko' })
  at(18)
  inc.changeStatus(id, { status: 'mitigating', actor: 'aiko' })
  tl.append(id, {
    kind: 'command.ran',
    actor: 'taro',
    payload: {
      stepText: 'Restart pgbouncer',
      command: 'systemctl restart pgbouncer',
      targets: [
        { name: 'db-1', exitCode: 0 },
        { name: 'db-2', exitCode: 1 },
      ],
    },
  })
  at(30)
  inc.changeStatus(id, { status: 'resolved', actor: 'aiko' })
  at(60)
  incident = inc.changeStatus(id, { status: 'closed', actor: 'aiko' })

  // A recorded session (synthetic bytes at fixed times; the pty test records a real one).
  const sessionId = 'session-fixture-1'
  store.db
    .prepare(
      `INSERT INTO sessions (id, incident_id, target_id, kind, title, cols, rows, started_at, ended_at, exit_code)
       VALUES (?, ?, NULL, 'local', 'db-1 shell', 100, 30, ?, ?, 0)`,
    )
    .run(sessionId, id, T0 + 5 * MIN, T0 + 20 * MIN)
  const chunk = store.db.prepare(
    'INSERT INTO transcript_chunks (session_id, at, direction, data) VALUES (?, ?, ?, ?)',
  )
  const t = (s: number): number => T0 + 5 * MIN + s * 1000
  chunk.run(sessionId, t(0), 'o', Buffer.from('\x1b[32mops@db-1\x1b[0m:~$ '))
  chunk.run(sessionId, t(1), 'i', Buffer.from('uptime\r'))
  chunk.run(
    sessionId,
    t(1.2),
    'o',
    Buffer.from('uptime\r\n 14:05:01 up 12 days,  load average: 9.10\r\n'),
  )
  chunk.run(sessionId, t(2), 'r', Buffer.from('120x40'))
  chunk.run(sessionId, t(3), 'o', Buffer.from('日本語の出力: 接続数 100/100\r\n'))
  if (withSecrets) {
    // A password typed one key per chunk, and a PEM block split over two reads.
    for (const [i, ch] of [...planted.stored].entries())
      chunk.run(sessionId, t(4 + i * 0.1), 'i', Buffer.from(ch))
    chunk.run(
      sessionId,
      t(7),
      'o',
      Buffer.from(`-----BEGIN RSA PRIVATE KEY-----\r\n${planted.pemBody.slice(0, 12)}`),
    )
    chunk.run(
      sessionId,
      t(7.1),
      'o',
      Buffer.from(`${planted.pemBody.slice(12)}\r\n-----END RSA PRIVATE KEY-----\r\n`),
    )
    chunk.run(sessionId, t(8), 'o', Buffer.from(`PGPASSWORD=${planted.pgpassword} psql\r\n`))
  }
  chunk.run(sessionId, t(9), 'o', Buffer.from('exit\r\n'))

  // Metric samples around the incident (the metrics helper fills this table in the app).
  const sample = store.db.prepare(
    'INSERT INTO metric_samples (source_id, metric, at, value) VALUES (?, ?, ?, ?)',
  )
  for (let m = -20; m <= 70; m += 2) {
    const v = m >= -10 && m <= 30 ? 95 + (m % 5) : 30 + (m % 3)
    sample.run('db-1', 'connections', T0 + m * MIN, v)
  }
  return { core, incident, dataDir, sessionId, clock }
}

/** Uuids and hashes replaced by stable tokens in order of first appearance (goldens). */
export function normalizeIds(text: string): string {
  const seen = new Map<string, string>()
  return text.replace(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\b[0-9a-f]{64}\b/g,
    (m) => {
      let v = seen.get(m)
      if (!v) seen.set(m, (v = `${m.length === 64 ? 'hash' : 'id'}-${seen.size + 1}`))
      return v
    },
  )
}
