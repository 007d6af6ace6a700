// The sample store on a real SQLite file: buffered writes visible to reads at once, retention by
// age in slices, "around time T" across series, and the sources table keeping passwords sealed.
import { afterEach, describe, expect, it } from 'vitest'
import { SampleStore } from '../../../src/main/core/metrics/sampleStore'
import { MetricSources } from '../../../src/main/core/metrics/sources'
import { DataDir } from '../../../src/main/core/store/store'
import { tempDir } from '../../helpers/tempDir'

describe('metric samples in SQLite', () => {
  let data: DataDir | null = null
  afterEach(() => data?.close())

  function open(): DataDir {
    data = new DataDir(tempDir())
    data.open()
    return data
  }

  it('buffers writes, reads them back at once, prunes by age in slices', () => {
    const store = open().require()
    const samples = new SampleStore(store.db)
    const rows = Array.from({ length: 25_000 }, (_, i) => ({
      sourceId: 's1',
      metric: 'cpu.percent',
      at: i * 1000,
      value: i % 100,
    }))
    samples.add(rows.slice(0, 1_500))
    expect(samples.pending).toBe(1_500) // under the batch size: waiting for the timer
    expect(samples.series('s1', 'cpu.percent', 0, 10_000)).toHaveLength(11) // reads flush first
    expect(samples.pending).toBe(0)
    samples.add(rows.slice(1_500))
    samples.add([{ sourceId: 's2', metric: 'mem.percent', at: 5_000, value: Number.NaN }])
    samples.flush()
    expect(samples.metricNames('s1')).toEqual(['cpu.percent'])
    expect(samples.metricNames('s2')).toEqual([]) // NaN is not a reading
    expect(samples.prune(21_000 * 1000)).toBe(21_000)
    expect(samples.series('s1', 'cpu.percent', 0, 1e12)).toHaveLength(4_000)
    samples.close()
  })

  it('finds every series around a moment', () => {
    const store = open().require()
    const samples = new SampleStore(store.db)
    samples.add([
      { sourceId: 'a', metric: 'x', at: 1_000, value: 1 },
      { sourceId: 'a', metric: 'y', at: 50_000, value: 2 },
      { sourceId: 'b', metric: 'x', at: 9_000, value: 3 },
    ])
    expect(samples.seriesBetween(0, 10_000)).toEqual([
      { sourceId: 'a', metric: 'x' },
      { sourceId: 'b', metric: 'x' },
    ])
    samples.deleteSource('a')
    expect(samples.seriesBetween(0, 100_000)).toEqual([{ sourceId: 'b', metric: 'x' }])
    samples.close()
  })

  it('seals a PostgreSQL password and keeps it when the form leaves it empty', () => {
    const store = open().require()
    const sources = new MetricSources(store.db, store.secrets, Date.now)
    const base = {
      kind: 'postgres' as const,
      name: 'todo_db',
      host: '127.0.0.1',
      port: 5432,
      database: 'todo_db',
      user: 'app',
      longQuerySec: 30,
      via: null,
      intervalSec: 10,
      timeoutSec: 5,
      enabled: true,
    }
    const saved = sources.save({ ...base, password: 's3cret-pw' })
    expect(saved).toMatchObject({ hasPassword: true })
    expect(JSON.stringify(store.db.prepare('SELECT * FROM metric_sources').all())).not.toContain(
      's3cret-pw',
    )
    expect(sources.password(saved.id)).toBe('s3cret-pw')
    sources.save({ ...base, id: saved.id, name: 'renamed' })
    expect(sources.password(saved.id)).toBe('s3cret-pw')
    sources.save({ ...base, id: saved.id, password: null })
    expect(sources.password(saved.id)).toBeNull()
    expect(() => sources.save({ ...base, id: 'nope' })).toThrow(/was not found/)
    expect(sources.remove(saved.id)).toBe(true)
    expect(sources.list()).toEqual([])
  })
})
