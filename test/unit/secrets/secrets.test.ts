import { randomBytes } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { aesKeyProvider, fileKeyProvider } from '../../../src/main/core/secrets/keyProvider'
import { Secrets } from '../../../src/main/core/secrets/secrets'
import { DataDir } from '../../../src/main/core/store/store'
import { tempDir } from '../../helpers/tempDir'

describe('secrets', () => {
  it('never writes the clear text to the database file or its WAL', () => {
    const dir = tempDir()
    const data = new DataDir(dir)
    data.open()
    const db = data.require().db
    const secrets = new Secrets(db, fileKeyProvider(join(dir, 'secret.key')))
    const planted = 'hunter2-PLANTED-パスワード'
    const id = secrets.put(planted)
    expect(secrets.get(id)).toBe(planted)
    const haystack = Buffer.concat([
      readFileSync(join(dir, 'sitrep.db')),
      readFileSync(join(dir, 'sitrep.db-wal')),
    ])
    expect(haystack.includes(Buffer.from(planted))).toBe(false)
    expect(haystack.includes(Buffer.from('hunter2'))).toBe(false)
    data.close()
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600)
  })

  it('a secret sealed with another key is a clear error, not garbage', () => {
    const a = aesKeyProvider(randomBytes(32), 'a')
    const b = aesKeyProvider(randomBytes(32), 'b')
    expect(() => b.open(a.seal('token'))).toThrow(/sealed with another key/)
    expect(() => a.open(Buffer.from('nope'))).toThrow(/could not be decrypted/)
  })
})
