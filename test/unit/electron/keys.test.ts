// Which key seals saved passwords in the app, against a fake of Electron's safeStorage: a Linux
// `basic_text` backend (a key built into Chromium) is never called a keychain.
import { describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => ({ safeStorage: { isEncryptionAvailable: () => false } }))
const { chooseKeys, keyLockFor } = await import('../../../src/main/electron/keys')
const { join } = await import('node:path')
const { tempDir } = await import('../../helpers/tempDir')

function fakeSafeStorage(backend: string | undefined, available = true) {
  return {
    isEncryptionAvailable: () => available,
    // A reversible stand-in: what it seals must come back through the provider.
    encryptString: (plain: string) => Buffer.from(`sealed:${plain}`),
    decryptString: (sealed: Buffer) => sealed.toString().replace(/^sealed:/, ''),
    ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
  }
}

describe('safeStorage as the key for saved passwords', () => {
  it.each(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])(
    'Linux %s is a keychain: used, no warning',
    (backend) => {
      const c = chooseKeys(fakeSafeStorage(backend), 'linux')
      expect(c.warning).toBeNull()
      expect(c.keys?.name).toMatch(/OS keychain/)
      expect(c.keys?.open(c.keys.seal('hunter2'))).toBe('hunter2')
    },
  )

  it.each(['basic_text', 'unknown', undefined])(
    'Linux %s is not a keychain: the key file is used and the responder is told (en, ja)',
    (backend) => {
      const c = chooseKeys(fakeSafeStorage(backend), 'linux')
      expect(c.keys).toBeUndefined()
      expect(c.warning?.en).toMatch(/not a keychain.*key file/)
      expect(c.warning?.ja).toMatch(/キーチェーンではありません/)
    },
  )

  it('macOS and Windows use safeStorage when it is available', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const c = chooseKeys(fakeSafeStorage(undefined), platform)
      expect(c.keys?.name).toMatch(/OS keychain/)
      expect(c.warning).toBeNull()
    }
  })

  it('no encryption available: the key file, as in headless mode', () => {
    const c = chooseKeys(fakeSafeStorage('gnome_libsecret', false), 'linux')
    expect(c.keys).toBeUndefined()
    expect(c.warning).toBeNull()
  })

  it('basic_text: the lock offers to seal the key file, names the backend, and seals for real', () => {
    const keyFile = join(tempDir(), 'secret.key')
    const lock = keyLockFor(chooseKeys(fakeSafeStorage('basic_text'), 'linux'), keyFile)
    expect(lock.status()).toEqual({
      state: 'key-file',
      keyFile,
      offerSeal: true,
      backend: 'basic_text',
    })
    // Nothing went through the fake safeStorage: the key file seals.
    const sealed = lock.seal('hunter2')
    expect(sealed.toString()).not.toContain('hunter2')
    expect(lock.setPassphrase('correct horse battery').state).toBe('unlocked')
    expect(lock.open(sealed)).toBe('hunter2')
  })

  it('a real keychain: the lock has nothing to ask', () => {
    const lock = keyLockFor(
      chooseKeys(fakeSafeStorage('gnome_libsecret'), 'linux'),
      join(tempDir(), 'secret.key'),
    )
    expect(lock.status()).toMatchObject({ state: 'keychain', offerSeal: false })
    expect(lock.seal('pw').toString()).toBe('sealed:pw')
  })
})
