// Full-text search over real data: titles, notes, events and transcripts, in Japanese and
// English, with snippets; list filters; and a few thousand incidents to show it stays quick.
import { describe, expect, it } from 'vitest'
import { MIN, T0, declareInput, setup } from '../../unit/incidents/setup'

const hits = (parts: { text: string; hit: boolean }[] | undefined): string[] =>
  (parts ?? []).filter((p) => p.hit).map((p) => p.text)

function seed() {
  const ctx = setup()
  const { incidents, time } = ctx
  const api = incidents.declare(declareInput({ title: 'API 応答遅延', services: ['api'] }))
  incidents.addNote(api.id, { text: 'バックエンドで接続タイムアウトが発生しています' })
  time.advance(MIN)
  const pg = incidents.declare(
    declareInput({ title: 'PostgreSQL replication lag', severity: 'P3', services: ['Postgres'] }),
  )
  incidents.addNote(pg.id, { text: 'Replica is 40 s behind; primary WAL volume spiking' })
  incidents.changeStatus(pg.id, { status: 'resolved' })
  time.advance(MIN)
  const redis = incidents.declare(
    declareInput({ title: 'Redis memory full', severity: 'P2', services: ['redis', 'api'] }),
  )
  return { ...ctx, api, pg, redis }
}

describe('incident search', () => {
  it('finds Japanese words inside sentences and English words in any case, with snippets', () => {
    const { incidents, api, pg } = seed()
    const ja = incidents.list({ text: 'タイムアウト' })
    expect(ja.items.map((i) => i.id)).toEqual([api.id])
    expect(hits(ja.items[0]?.matches?.[0]?.parts)).toEqual(['タイムアウト'])
    expect(ja.items[0]?.matches?.[0]).toMatchObject({ source: 'event', kind: 'note' })

    const en = incidents.list({ text: 'wal VOLUME' })
    expect(en.items.map((i) => i.id)).toEqual([pg.id])
    expect(en.items[0]?.matches?.[0]?.parts.map((p) => p.text).join('')).toContain('WAL volume')
  })

  it('searches titles, and follows a title change', () => {
    const { incidents, redis } = seed()
    expect(incidents.list({ text: 'memory full' }).items[0]).toMatchObject({
      id: redis.id,
      matches: [expect.objectContaining({ source: 'title' })],
    })
    incidents.update(redis.id, { changes: { title: 'Redis eviction storm' } })
    const storm = incidents.list({ text: 'eviction' })
    expect(storm.items.map((i) => i.id)).toEqual([redis.id])
    // The old title is still found, through the field_changed event that recorded it.
    const old = incidents.list({ text: 'memory full' }).items[0]?.matches ?? []
    expect(old.map((m) => m.source)).toEqual(['event'])
  })

  it('treats quotes and FTS operators in the query as plain text', () => {
    const { incidents } = seed()
    expect(incidents.list({ text: '"OR" NEAR( ) *' }).total).toBe(0)
    expect(incidents.list({ text: 'replication AND' }).total).toBe(0)
  })

  it('matches words shorter than three characters as substrings', () => {
    const { incidents, api } = seed()
    incidents.addNote(api.id, { text: 'DB 障害の可能性' })
    const r = incidents.list({ text: '障害' })
    expect(r.items.map((i) => i.id)).toEqual([api.id])
    expect(hits(r.items[0]?.matches?.[0]?.parts)).toEqual(['障害'])
    // Mixed: a long word through FTS5, a short one as a filter on what it found.
    expect(incidents.list({ text: 'db 可能性' }).items.map((i) => i.id)).toEqual([api.id])
  })

  it('indexes transcripts as plain text, output only, and reindexes a session in place', () => {
    const { incidents, domain, db: sql, redis } = seed()
    sql
      .prepare(
        "INSERT INTO sessions (id, incident_id, kind, title, cols, rows, started_at) VALUES ('s1', ?, 'local', 'sh', 80, 24, 0)",
      )
      .run(redis.id)
    const insert = sql.prepare(
      'INSERT INTO transcript_chunks (session_id, at, direction, data) VALUES (?, 0, ?, ?)',
    )
    const utf8 = Buffer.from('\x1b[31mERR\x1b[0m OOM command not allowed 接続拒否\r\n')
    // A multi-byte character split across two chunks must come out whole.
    insert.run('s1', 'o', utf8.subarray(0, utf8.length - 5))
    insert.run('s1', 'o', utf8.subarray(utf8.length - 5))
    insert.run('s1', 'i', Buffer.from('hunter2-secret\r'))
    expect(domain.reindexSession('s1')).toBe(1)
    expect(domain.reindexSession('s1')).toBe(1)
    const r = incidents.list({ text: 'ERR OOM' })
    expect(r.items.map((i) => i.id)).toEqual([redis.id])
    expect(r.items[0]?.matches?.[0]).toMatchObject({ source: 'transcript', ref: 's1' })
    expect(incidents.list({ text: '接続拒否' }).total).toBe(1)
    expect(incidents.list({ text: 'hunter2' }).total).toBe(0)
    const count = sql.prepare("SELECT count(*) AS n FROM search_docs WHERE source = 'transcript'")
    expect((count.get() as { n: number }).n).toBe(1)

    domain.indexTranscript('s2', redis.id, '\x1b]0;title\x07$ kubectl get pods\r\ncrashloopbackoff')
    expect(incidents.list({ text: 'CrashLoopBackOff' }).items[0]?.matches?.[0]?.ref).toBe('s2')
  })

  it('filters by severity, status, service and date, open incidents first', () => {
    const { incidents, api, pg, redis } = seed()
    expect(incidents.list().items.map((i) => i.id)).toEqual([redis.id, api.id, pg.id])
    expect(incidents.list({ openFirst: false }).items.map((i) => i.id)).toEqual([
      redis.id,
      pg.id,
      api.id,
    ])
    expect(incidents.list({ severity: ['P2', 'P3'] }).items.map((i) => i.id)).toEqual([
      redis.id,
      pg.id,
    ])
    expect(incidents.list({ status: ['resolved'] }).items.map((i) => i.id)).toEqual([pg.id])
    expect(incidents.list({ service: 'API' }).items.map((i) => i.id)).toEqual([redis.id, api.id])
    expect(incidents.list({ service: 'postgres' }).items[0]?.services).toEqual(['Postgres'])
    expect(incidents.list({ from: T0 + MIN, to: T0 + MIN }).items.map((i) => i.id)).toEqual([pg.id])
    const page = incidents.list({ limit: 2, offset: 2 })
    expect(page).toMatchObject({ total: 3, items: [{ id: pg.id }] })
    expect(incidents.list({ limit: 2, offset: 9 })).toEqual({ total: 3, items: [] })
    expect(incidents.list({ text: 'api', service: 'redis' }).items.map((i) => i.id)).toEqual([
      redis.id,
    ])
  })

  it('stays quick over 2 000 incidents × 20 events', () => {
    const { incidents, db, time } = setup()
    const services = ['api', 'postgres', 'redis', 'nginx', 'worker', 'crawler', 'auth', 'billing']
    const words = ['timeout', 'OOM', 'レプリケーション遅延', 'disk full', '接続エラー', 'rollback']
    const started = performance.now()
    db.transaction(() => {
      for (let n = 0; n < 2000; n++) {
        const service = services[n % services.length] as string
        const { id } = incidents.declare(
          declareInput({ title: `${service} incident ${n}`, services: [service] }),
        )
        for (let e = 0; e < 19; e++) {
          const w = words[(n + e) % words.length] as string
          incidents.addNote(id, {
            text: `step ${e}: checked ${service}, saw ${w} on host-${n % 97}`,
          })
        }
        if (n % 3 === 0) incidents.changeStatus(id, { status: 'resolved' })
        time.advance(MIN)
      }
    })()
    const seeded = performance.now() - started
    const queries = ['レプリケーション遅延', 'host-42', 'disk full', 'incident 1999', 'OOM']
    for (const q of queries) {
      const t = performance.now()
      const r = incidents.list({ text: q, limit: 50 })
      const ms = performance.now() - t
      console.log(`search ${JSON.stringify(q)}: ${r.total} incidents, ${ms.toFixed(1)} ms`)
      expect(r.total).toBeGreaterThan(0)
      expect(r.items[0]?.matches?.length).toBeGreaterThan(0)
    }
    const t = performance.now()
    const filtered = incidents.list({ service: 'redis', status: ['declared'], limit: 50 })
    console.log(
      `list service=redis open: ${filtered.total} incidents, ${(performance.now() - t).toFixed(1)} ms; seeding 40 000 events took ${(seeded / 1000).toFixed(1)} s`,
    )
    expect(filtered.total).toBe(167)
  })
})
