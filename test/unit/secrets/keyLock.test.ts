// The lock over saved passwords, against real key files: a plain key file is sealed with a
// passphrase keeping every saved secret readable; a sealed one stays locked until the right
// passphrase is given; a wrong one says so and changes nothing. Through the contract too, and
// the passphrase is never in a reply, a log line, the database or the timeline.
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import { KeyLock, SecretsLockedError } from '../../../src/main/core/secrets/keyLock'
import { aesKeyProvider, WrongPassphraseError } from '../../../src/main/core/secrets/keyProvider'
import { tempDir } from '../../helpers/tempDir'

const PASS = 'correct horse battery staple'

const cores: Core[] = []
afterEach(() => {
  for (const c of cores.splice(0)) c.close()
  vi.restoreAllMocks()
})

describe('KeyLock on real key files', () => {
  it('seals a plain key file with a passphrase; saved secrets stay readable; locked on the next start', () => {
    const keyFile = join(tempDir(), 'secret.key')
    const first = new KeyLock({ keyFile, offerSeal: true, backend: 'basic_text' })
    expect(first.status()).toEqual({
      state: 'key-file',
      keyFile,
      offerSeal: true,
      backend: 'basic_text',
    })
    const saved = first.seal('hunter2')
    const plainKey = readFileSync(keyFile)
    expect(plainKey).toHaveLength(32)

    expect(first.setPassphrase(PASS)).toMatchObject({ state: 'unlocked', offerSeal: false })
    expect(first.open(saved)).toBe('hunter2')
    const onDisk = readFileSync(keyFile)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(JSON.parse(onDisk.toString('utf8'))).toMatchObject({ sitrepSealedKey: 1 })
    expect(onDisk.includes(Buffer.from(PASS))).toBe(false)
    expect(onDisk.includes(plainKey)).toBe(false)

    // The next start: locked until the passphrase is given.
    const next = new KeyLock({ keyFile })
    expect(next.status().state).toBe('locked')
    expect(() => next.open(saved)).toThrow(SecretsLockedError)
    expect(() => next.seal('x')).toThrow(/Saved passwords are locked/)
    expect(() => next.setPassphrase('another passphrase')).toThrow(/no key file to seal/)

    // A wrong passphrase: a typed error, the file untouched, still locked.
    let wrong: unknown
    try {
      next.unlock('wrong horse battery staple')
    } catch (err) {
      wrong = err
    }
    expect(wrong).toBeInstanceOf(WrongPassphraseError)
    expect((wrong as WrongPassphraseError).code).toBe('auth_failed')
    expect((wrong as Error).message).not.toContain('wrong horse')
    expect(readFileSync(keyFile)).toEqual(onDisk)
    expect(next.status().state).toBe('locked')

    expect(next.unlock(PASS).state).toBe('unlocked')
    expect(next.open(saved)).toBe('hunter2')
    expect(() => next.unlock(PASS)).toThrow(/nothing to unlock/)
    // The data key never changed: a provider made from the original plain key still opens it.
    expect(aesKeyProvider(plainKey, 'plain').open(next.seal('again'))).toBe('again')
  })

  it('a passphrase given at start opens a sealed file, seals a plain one, and a wrong one leaves it locked', () => {
    const keyFile = join(tempDir(), 'secret.key')
    expect(new KeyLock({ keyFile }).startWith(PASS)).toBeNull()
    expect(new KeyLock({ keyFile }).status().state).toBe('locked')
    const right = new KeyLock({ keyFile })
    expect(right.startWith(PASS)).toBeNull()
    expect(right.status().state).toBe('unlocked')
    const wrong = new KeyLock({ keyFile })
    const problem = wrong.startWith('not the passphrase')
    expect(problem).toMatch(/does not open the key file/)
    expect(problem).not.toContain('not the passphrase')
    expect(wrong.status().state).toBe('locked')
  })

  it('with a keychain there is nothing to ask and nothing to unlock', () => {
    const keyFile = join(tempDir(), 'secret.key')
    const keychain = aesKeyProvider(Buffer.alloc(32, 7), 'OS keychain (test)')
    const lock = new KeyLock({ keyFile, keychain })
    expect(lock.status()).toEqual({
      state: 'keychain',
      keyFile: null,
      offerSeal: false,
      backend: null,
    })
    expect(lock.open(lock.seal('pw'))).toBe('pw')
    expect(() => lock.setPassphrase(PASS)).toThrow(/no key file to seal/)
    expect(() => lock.unlock(PASS)).toThrow(/nothing to unlock/)
  })
})

describe('secrets.* through the contract', () => {
  it('unlocks a locked install; a wrong passphrase changes nothing; the passphrase is never kept or logged', async () => {
    const dataDir = tempDir()
    // An install whose key file was sealed earlier, with a saved SSH password.
    const before = new Core({ dataDir, shell: 'headless', version: 't', backupIntervalMs: 0 })
    cores.push(before)
    before.start()
    const handlers0 = createHandlers(before)
    const call0 = (method: string, params: unknown) =>
      dispatch(handlers0, 1, method, params, { viewer: null } as never)
    expect(
      await call0('secrets.setPassphrase', { passphrase: PASS, confirm: 'different' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid_params' },
    })
    expect(
      await call0('secrets.setPassphrase', { passphrase: 'short', confirm: 'short' }),
    ).toMatchObject({
      ok: false,
    })
    expect(await call0('secrets.setPassphrase', { passphrase: PASS, confirm: PASS })).toMatchObject(
      {
        ok: true,
        result: { state: 'unlocked' },
      },
    )
    before.data.require().targets.saveSsh({
      name: 'db-1',
      host: '127.0.0.1',
      port: 22,
      user: 'ops',
      authKind: 'password',
      keyPath: null,
      secret: 'Sup3r-Secret-Pw',
      jumpVia: [],
      tags: [],
      keepaliveSec: 15,
    })
    before.close()
    cores.splice(0)

    const logged: string[] = []
    for (const level of ['log', 'warn', 'error', 'info', 'debug'] as const)
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(args.map(String).join(' '))
      })
    const core = new Core({ dataDir, shell: 'headless', version: 't', backupIntervalMs: 0 })
    cores.push(core)
    expect(core.start().state).toBe('ready')
    const handlers = createHandlers(core)
    const call = (method: string, params: unknown) =>
      dispatch(handlers, 1, method, params, { viewer: null } as never)
    expect(await call('secrets.status', {})).toMatchObject({
      ok: true,
      result: { state: 'locked' },
    })
    const store = core.data.require()
    const row = store.db.prepare('SELECT id FROM secrets').get() as { id: string }
    // While locked, reading it is a typed refusal, not garbage or a crash.
    expect(() => store.secrets.get(row.id)).toThrow(/Saved passwords are locked/)

    const keyBefore = readFileSync(join(dataDir, 'secret.key'))
    const wrong = await call('secrets.unlock', { passphrase: 'hunter2-wrong-guess' })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'auth_failed' } })
    expect(JSON.stringify(wrong)).not.toContain('hunter2-wrong-guess')
    expect(readFileSync(join(dataDir, 'secret.key'))).toEqual(keyBefore)
    expect(await call('secrets.status', {})).toMatchObject({ result: { state: 'locked' } })

    const right = await call('secrets.unlock', { passphrase: PASS })
    expect(right).toMatchObject({ ok: true, result: { state: 'unlocked' } })
    expect(JSON.stringify(right)).not.toContain(PASS)
    // The saved password reads again.
    expect(store.secrets.get(row.id)).toBe('Sup3r-Secret-Pw')

    // Nowhere at rest or in the logs: not the database (timeline included), not the key file.
    core.close()
    cores.splice(0)
    for (const f of ['sitrep.db', 'secret.key']) {
      const bytes = readFileSync(join(dataDir, f))
      expect(bytes.includes(Buffer.from(PASS)), f).toBe(false)
      expect(bytes.includes(Buffer.from('hunter2-wrong-guess')), f).toBe(false)
    }
    expect(logged.join('\n')).not.toContain(PASS)
    expect(logged.join('\n')).not.toContain('hunter2-wrong-guess')
  })
})
