// Timeline remembers each incident's head between appends (issue #20). Whatever else writes to
// the file, a stale head must never fork or break the chain: another connection appending, a
// transaction that rolled back, the bundle import's own inserts.
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createIncidentRow } from '../../../src/main/core/store/incidentRows'
import { openDatabase } from '../../../src/main/core/store/openDatabase'
import { Timeline } from '../../../src/main/core/store/timeline'
import { tempDir } from '../../helpers/tempDir'

function twoConnections() {
  const path = join(tempDir(), 'sitrep.db')
  const a = openDatabase(path)
  const b = new Database(path)
  b.pragma('busy_timeout = 5000')
  const incident = createIncidentRow(a, { title: 'heads', severity: 'P2', at: Date.now() })
  return { path, a, b, incident, ta: new Timeline(a, path), tb: new Timeline(b, path) }
}

describe('timeline head cache', () => {
  it('two connections appending in turns keep one intact chain', () => {
    const { a, b, incident, ta, tb } = twoConnections()
    for (let i = 0; i < 50; i++) {
      const t = i % 3 === 0 ? tb : ta
      t.append(incident, { kind: 'note', payload: { text: `n${i}` } })
      if (i % 7 === 0) tb.appendMany(incident, [{ kind: 'note' }, { kind: 'note' }])
    }
    const verdict = ta.verify(incident)
    expect(verdict).toMatchObject({ intact: true })
    expect(verdict.events).toBe(50 + 2 * 8)
    a.close()
    b.close()
  })

  it('a rolled-back append is not taken as the head', () => {
    const { a, b, incident, ta } = twoConnections()
    ta.append(incident, { kind: 'note' })
    expect(() =>
      ta.transaction(() => {
        ta.append(incident, { kind: 'note', payload: { text: 'rolled back' } })
        throw new Error('changed my mind')
      }),
    ).toThrow('changed my mind')
    const e = ta.append(incident, { kind: 'note', payload: { text: 'after' } })
    expect(e.seq).toBe(2)
    expect(ta.verify(incident)).toMatchObject({ intact: true, events: 2 })
    a.close()
    b.close()
  })
})
