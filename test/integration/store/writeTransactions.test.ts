// Transactions on the app's connection take the write lock when they begin (writeTransactions.ts).
// Another connection writes the same file at the same time: the recorder's writer thread commits
// transcript chunks while any session runs. A transaction that read before its first write,
// begun the default (deferred) way, failed at once with "database is locked" when such a commit
// came in between: importing a runbook beside an open local shell did, in CI.
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/core/store/openDatabase'
import { sqliteCode } from '../../../src/main/core/store/writeGuard'
import { startTestCore } from '../../helpers/core'
import { tempDir } from '../../helpers/tempDir'

/** Another connection tries to commit: 'committed', or the SQLite code it was refused with. */
function otherCommits(other: Database.Database): string {
  try {
    other.prepare("INSERT INTO scratch (v) VALUES ('other')").run()
    return 'committed'
  } catch (err) {
    return sqliteCode(err) || String(err)
  }
}

describe('transactions on the app connection', () => {
  const open: Database.Database[] = []
  afterEach(() => {
    for (const db of open.splice(0)) db.close()
  })

  it('hold the write lock from the start, so a commit elsewhere cannot come between read and write', () => {
    const path = join(tempDir(), 'sitrep.db')
    const app = openDatabase(path)
    app.exec('CREATE TABLE scratch (v TEXT)')
    const other = new Database(path)
    other.pragma('busy_timeout = 0')
    open.push(other, app)
    // The shape of a save or an import: read, (another connection commits), write.
    const save = () => {
      app.prepare('SELECT count(*) FROM scratch').get()
      const otherWas = otherCommits(other)
      app.prepare("INSERT INTO scratch (v) VALUES ('app')").run()
      return otherWas
    }
    // The other connection is kept waiting (here: told at once, its timeout is 0); the app's
    // transaction commits.
    expect(app.transaction(save)()).toBe('SQLITE_BUSY')
    expect(app.transaction(save).default()).toBe('SQLITE_BUSY')
    // Control: begun deferred, the same steps let the other commit and then fail the app's write
    // at once, whatever busy_timeout says. This is what the responder saw.
    expect(() => app.transaction(save).deferred()).toThrow(/database is locked/)
    expect(app.prepare('SELECT v FROM scratch ORDER BY rowid').pluck().all()).toEqual([
      'app',
      'app',
      'other',
    ])
    // Nested calls are savepoints inside the outer transaction, as before.
    const outer = app.transaction(() => {
      app.transaction(() => app.prepare("INSERT INTO scratch (v) VALUES ('inner')").run())()
      return app.inTransaction
    })
    expect(outer()).toBe(true)
  })

  it('runbook imports succeed while another thread commits continuously', async () => {
    const dataDir = tempDir()
    const core = startTestCore({ dataDir })
    // [0]: set to stop the writer; [1]: its commits so far.
    const shared = new Int32Array(new SharedArrayBuffer(8))
    // What the recorder's writer thread does (synchronous=NORMAL, its own connection, small
    // commits), but back to back with only a millisecond between them, not every 250 ms: many
    // chances to commit between an import's read and its write.
    const writer = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads')
       const Database = require(workerData.sqlite)
       const db = new Database(workerData.path)
       db.pragma('busy_timeout = 5000')
       db.pragma('synchronous = NORMAL')
       db.exec('CREATE TABLE IF NOT EXISTS scratch (v BLOB)')
       const insert = db.prepare('INSERT INTO scratch (v) VALUES (?)')
       const chunk = Buffer.alloc(4096, 120)
       parentPort.postMessage('started')
       while (Atomics.load(workerData.shared, 0) === 0) {
         db.transaction(() => { for (let i = 0; i < 4; i++) insert.run(chunk) })()
         Atomics.add(workerData.shared, 1, 1)
         Atomics.wait(workerData.shared, 0, 0, 1)
       }
       db.close()
       parentPort.postMessage('stopped')`,
      {
        eval: true,
        workerData: {
          path: join(dataDir, 'sitrep.db'),
          sqlite: createRequire(import.meta.url).resolve('better-sqlite3'),
          shared,
        },
      },
    )
    const next = () => new Promise<unknown>((resolve) => writer.once('message', resolve))
    try {
      await next()
      const failures: string[] = []
      // At least 150 imports, and on until the writer has committed 300 times beside them: a
      // slow or loaded machine runs more imports, rather than a test that overlapped too little.
      const started = Atomics.load(shared, 1)
      const beside = () => Atomics.load(shared, 1) - started
      const deadline = performance.now() + 30_000
      let imports = 0
      for (; imports < 150 || (beside() < 300 && performance.now() < deadline); imports++) {
        const i = imports
        const text = `---\nid: drill-${i}\ntitle: Drill ${i}\n---\n# Drill ${i}\n\n- [ ] Look\n  \`\`\`bash\n  uptime\n  \`\`\`\n`
        try {
          const out = core.runbooks().importText(text, `drill-${i}.md`)
          if (out.imported.length !== 1) failures.push(`${i}: ${JSON.stringify(out)}`)
        } catch (err) {
          failures.push(`${i}: ${err instanceof Error ? err.message : String(err)}`)
        }
      }
      const commits = beside()
      const stopped = next()
      Atomics.store(shared, 0, 1)
      await stopped
      console.log(
        `FIGURES write lock: ${imports} runbook imports beside ${commits} commits of another thread, ${failures.length} failed`,
      )
      // Without commits alongside, the test would prove nothing.
      expect(commits).toBeGreaterThanOrEqual(300)
      expect(failures).toEqual([])
    } finally {
      await writer.terminate()
      core.close()
    }
  }, 60_000)
})
