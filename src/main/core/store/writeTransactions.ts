// Every transaction on the app's connection takes the write lock when it begins.
//
// Other connections write the same file at the same time: the recorder's writer thread commits
// transcript chunks while sessions run. A transaction begun the default (deferred) way starts
// as a reader; when its first write comes after a read (look up the saved host, then update it)
// and another connection has committed in between, SQLite cannot upgrade the stale snapshot and
// answers SQLITE_BUSY at once, without waiting out busy_timeout: "database is locked" on
// importing a runbook beside a recorded local shell (the keyboard e2e), and any save that reads
// first could. BEGIN IMMEDIATE waits for the lock (busy_timeout) before reading, so the snapshot
// it reads is the one it writes on.
//
// Every transaction this app opens writes; a read that needs a consistent view of several
// statements does not need a transaction in WAL mode for our uses. Set once on the connection,
// so a new transaction cannot forget it.
import type Database from 'better-sqlite3'

export function writeTransactionsTakeTheLock(db: Database.Database): void {
  const begin = db.transaction.bind(db)
  db.transaction = ((fn) => {
    const tx = begin(fn)
    // Called plainly (and as `.default`) it is immediate; the explicit variants stay as they are.
    const immediate: typeof tx.immediate = (...args) => tx.immediate(...args)
    return Object.assign(immediate, {
      default: immediate,
      deferred: tx.deferred,
      immediate: tx.immediate,
      exclusive: tx.exclusive,
    })
  }) as Database.Database['transaction']
}
