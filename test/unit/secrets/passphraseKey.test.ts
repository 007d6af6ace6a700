// The key file sealed with a passphrase (offered where there is no keychain): saved passwords
// open only with the passphrase, the file holds no usable key, an old plain key file is sealed
// in place without losing what it sealed, and the passphrase leaves the environment at once.
import { readFileSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  aesKeyProvider,
  fileKeyProvider,
  passphraseKeyProvider,
  PASSPHRASE_ENV,
  takePassphraseFromEnv,
} from '../../../src/main/core/secrets/keyProvider'
import { tempDir } from '../../helpers/tempDir'

describe('key file sealed with a passphrase', () => {
  it('seals and opens with the passphrase; a wrong one or none is refused by name', () => {
    const path = join(tempDir(), 'secret.key')
    const sealed = passphraseKeyProvider(path, 'correct horse').seal('hunter2')
    // Re-read from disk, as the next start does.
    expect(passphraseKeyProvider(path, 'correct horse').open(sealed)).toBe('hunter2')
    expect(() => passphraseKeyProvider(path, 'wrong horse').open(sealed)).toThrow(
      /does not open the key file/,
    )
    expect(() => fileKeyProvider(path)).toThrow(/sealed with a passphrase/)
    // The file is not a raw 32-byte key, and 0600.
    const file = readFileSync(path)
    expect(file.length).not.toBe(32)
    expect(JSON.parse(file.toString('utf8'))).toMatchObject({ sitrepSealedKey: 1 })
  })

  it('seals an existing plain key file in place: what it sealed before still opens', () => {
    const path = join(tempDir(), 'secret.key')
    const key = randomBytes(32)
    writeFileSync(path, key, { mode: 0o600 })
    const before = aesKeyProvider(key, 'old').seal('pg-Secret-1')
    const p = passphraseKeyProvider(path, 'pass phrase')
    expect(p.open(before)).toBe('pg-Secret-1')
    expect(readFileSync(path).includes(key)).toBe(false)
    expect(passphraseKeyProvider(path, 'pass phrase').open(before)).toBe('pg-Secret-1')
  })

  it('takes the passphrase out of the environment before any shell can inherit it', () => {
    const env: NodeJS.ProcessEnv = { [PASSPHRASE_ENV]: 'correct horse', PATH: '/bin' }
    expect(takePassphraseFromEnv(env)).toBe('correct horse')
    expect(env).toEqual({ PATH: '/bin' })
    expect(takePassphraseFromEnv(env)).toBeNull()
  })
})
