// The data folder is private: 0700 and 0600 on creation, and an older 0755/0644 folder repaired
// on open with a notice naming what was exposed.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DataDir } from '../../../src/main/core/store/store'

const mode = (p: string): number => statSync(p).mode & 0o777

describe.skipIf(process.platform === 'win32')('data at rest', () => {
  it('creates the folder 0700 and the database, WAL, backups and key file 0600', async () => {
    const old = process.umask(0o022)
    try {
      const dir = join(mkdtempSync(join(tmpdir(), 'sitrep-perm-')), 'data')
      const data = new DataDir(dir)
      expect(data.open().state).toBe('ready')
      const store = data.require()
      store.db.exec('CREATE TABLE IF NOT EXISTS t (x); INSERT INTO t VALUES (1)')
      await data.backupNow()
      expect(mode(dir)).toBe(0o700)
      expect(mode(join(dir, 'backups'))).toBe(0o700)
      const files = [
        ...readdirSync(dir).map((f) => join(dir, f)),
        ...readdirSync(join(dir, 'backups')).map((f) => join(dir, 'backups', f)),
      ].filter((f) => statSync(f).isFile())
      expect(files.some((f) => f.endsWith('.db-wal'))).toBe(true)
      expect(files.some((f) => f.endsWith('secret.key'))).toBe(true)
      expect(files.filter((f) => f.includes('backups')).length).toBe(1)
      for (const f of files) expect([f, mode(f)]).toEqual([f, 0o600])
      expect(data.permissionNotice).toBeNull()
      data.close()
    } finally {
      process.umask(old)
    }
  })

  it('repairs a folder an older version left open and says what it changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-perm-'))
    chmodSync(dir, 0o755)
    mkdirSync(join(dir, 'backups'), { mode: 0o755 })
    chmodSync(join(dir, 'backups'), 0o755)
    for (const f of ['sitrep.db', 'sitrep.db-wal', 'backups/sitrep-old.db']) {
      writeFileSync(join(dir, f), '')
      chmodSync(join(dir, f), 0o644)
    }
    const data = new DataDir(dir)
    expect(mode(dir)).toBe(0o700)
    expect(mode(join(dir, 'backups'))).toBe(0o700)
    for (const f of ['sitrep.db', 'sitrep.db-wal', 'backups/sitrep-old.db'])
      expect(mode(join(dir, f))).toBe(0o600)
    const repaired = data.permissionRepairs.map((r) => [r.path, r.was.toString(8)])
    expect(repaired).toEqual(
      expect.arrayContaining([
        [dir, '755'],
        [join(dir, 'sitrep.db'), '644'],
        [join(dir, 'backups', 'sitrep-old.db'), '644'],
      ]),
    )
    expect(data.permissionNotice).toMatch(/made 5 item\(s\) .* private .*sitrep\.db \(644 → 600\)/)
    // The page is told too (a toast, en/ja): the count rides on the store status.
    expect(data.open()).toMatchObject({ state: 'ready', permissionsRepaired: 5 })
    data.close()
  })
})
