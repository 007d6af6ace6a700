// A large incident for the export's stress test and benchmark: 10 000 timeline events and
// 50 MB of terminal transcripts over four sessions, written straight into the tables the app
// writes (appendMany for the chained events, 64 KB transcript chunks like the recorder's).
import type { Core } from '../../src/main/core/core'

export const LARGE_EVENTS = 10_000
export const LARGE_TRANSCRIPT_BYTES = 50 * 1024 * 1024
const CHUNK = 64 * 1024

const LINES = [
  '\x1b[32mops@web-1\x1b[0m:~$ tail -f /var/log/nginx/error.log\r\n',
  '2024/01/20 14:02:11 [error] 1234#0: *99 upstream timed out (110: Connection timed out)\r\n',
  '決済APIのレスポンスが遅延しています。コネクションプール使用率 98%\r\n',
  'Jan 20 14:02:12 web-1 app[4411]: GET /checkout 504 30012ms request_id=8f1e2c\r\n',
]

export function buildLargeIncident(core: Core): { incidentId: string; sessionIds: string[] } {
  const incident = core.incidents().incidents.declare({
    title: 'Checkout latency (large)',
    severity: 'P1',
    services: ['checkout'],
    impactScope: 'core',
    detection: 'monitoring-alert',
  })
  const store = core.data.require()
  const start = incident.declaredAt
  for (let i = 1; i < LARGE_EVENTS; i += 1000) {
    const n = Math.min(1000, LARGE_EVENTS - i)
    store.timeline.appendMany(
      incident.id,
      Array.from({ length: n }, (_, k) => ({
        kind: 'note',
        at: start + (i + k) * 1000,
        actor: k % 2 ? 'aiko' : 'kenji',
        payload: { text: `${LINES[(i + k) % 4]!.trim()} #${i + k}` },
      })),
    )
  }
  const sessionIds: string[] = []
  const block = Buffer.from(LINES.join('').repeat(Math.ceil(CHUNK / 200))).subarray(0, CHUNK)
  const perSession = LARGE_TRANSCRIPT_BYTES / 4
  store.db.transaction(() => {
    for (let s = 0; s < 4; s++) {
      const id = `large-session-${s}`
      sessionIds.push(id)
      store.db
        .prepare(
          `INSERT INTO sessions (id, incident_id, target_id, kind, title, cols, rows, started_at, ended_at, exit_code)
           VALUES (?, ?, NULL, 'local', ?, 120, 40, ?, ?, 0)`,
        )
        .run(id, incident.id, `web-${s + 1}`, start, start + 3_600_000)
      const insert = store.db.prepare(
        'INSERT INTO transcript_chunks (session_id, at, direction, data) VALUES (?, ?, ?, ?)',
      )
      for (let b = 0; b < perSession / CHUNK; b++) insert.run(id, start + b * 100, 'o', block)
    }
  })()
  return { incidentId: incident.id, sessionIds }
}
