// Secrets (passwords, key passphrases, tokens) are sealed before they touch the disk. The key
// provider is injected: Electron's safeStorage (OS keychain / DPAPI / libsecret) in the app, a
// file key in headless mode, an in-memory key in tests.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { SitrepError } from '../errors'

export interface KeyProvider {
  /** A short description shown to the responder (where the key lives). */
  readonly name: string
  seal(plain: string): Buffer
  open(sealed: Buffer): string
}

const VERSION = 1

/** AES-256-GCM with a 32-byte key: [version u8][iv 12][tag 16][ciphertext]. */
export function aesKeyProvider(key: Buffer, name: string): KeyProvider {
  if (key.length !== 32) throw new Error('aesKeyProvider needs a 32-byte key')
  return {
    name,
    seal(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body])
    },
    open(sealed) {
      if (sealed[0] !== VERSION || sealed.length < 29) throw new SecretUnreadableError()
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13))
      decipher.setAuthTag(sealed.subarray(13, 29))
      try {
        return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString(
          'utf8',
        )
      } catch {
        throw new SecretUnreadableError()
      }
    },
  }
}

/**
 * Headless mode has no OS keychain: the key lives in a 0600 file beside the database, so the
 * database, its backups and exports never hold a readable secret on their own.
 */
export function fileKeyProvider(path: string): KeyProvider {
  if (!existsSync(path)) writeFileSync(path, randomBytes(32), { mode: 0o600 })
  chmodSync(path, 0o600)
  const raw = readFileSync(path)
  if (raw.length !== 32) throw new KeyFileSealedError(path)
  return aesKeyProvider(raw, `key file ${path}`)
}

/** The environment variable that seals the key file with a passphrase (read once, then removed). */
export const PASSPHRASE_ENV = 'SITREP_KEY_PASSPHRASE'

/**
 * The passphrase from the environment, removed from it at once: local shells and psql started
 * by Sitrep inherit this process's environment and must not see it.
 */
export function takePassphraseFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const value = env[PASSPHRASE_ENV]
  delete env[PASSPHRASE_ENV]
  return value ? value : null
}

/** scrypt cost: 2^15 × 8 × 128 B = 32 MB and about 0.1 s, once per start. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }

interface SealedKeyFile {
  sitrepSealedKey: 1
  salt: string
  iv: string
  tag: string
  key: string
}

/** Whether the key file exists and is not a plain 32-byte key (sealed, or not a key file). */
export function isSealedKeyFile(path: string): boolean {
  return existsSync(path) && readFileSync(path).length !== 32
}

/** The data key from a sealed key file; WrongPassphraseError when the passphrase does not open it. */
export function openSealedKeyFile(path: string, passphrase: string): Buffer {
  let sealed: SealedKeyFile
  try {
    sealed = JSON.parse(readFileSync(path).toString('utf8')) as SealedKeyFile
  } catch {
    throw new KeyFileSealedError(path)
  }
  const kek = scryptSync(passphrase, Buffer.from(sealed.salt, 'base64'), 32, SCRYPT)
  const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(sealed.iv, 'base64'))
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'))
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.key, 'base64')), decipher.final()])
  } catch {
    throw new WrongPassphraseError(path)
  }
}

/**
 * Seals a data key into the key file with a passphrase (written to a temporary file and renamed,
 * so a crash leaves the old file or the new one, never half of one).
 */
export function writeSealedKeyFile(path: string, passphrase: string, dataKey: Buffer): void {
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const kek = scryptSync(passphrase, salt, 32, SCRYPT)
  const cipher = createCipheriv('aes-256-gcm', kek, iv)
  const key = Buffer.concat([cipher.update(dataKey), cipher.final()])
  const file: SealedKeyFile = {
    sitrepSealedKey: 1,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    key: key.toString('base64'),
  }
  const tmp = `${path}.tmp`
  writeFileSync(tmp, JSON.stringify(file), { mode: 0o600 })
  chmodSync(tmp, 0o600)
  renameSync(tmp, path)
}

/**
 * The data key of the key file under a passphrase: a sealed file is opened with it; a missing
 * or plain key file (from before) is sealed with it, keeping the same data key so secrets saved
 * earlier stay readable.
 */
export function sealedDataKey(path: string, passphrase: string): Buffer {
  if (isSealedKeyFile(path)) return openSealedKeyFile(path, passphrase)
  const dataKey = existsSync(path) ? readFileSync(path) : randomBytes(32)
  writeSealedKeyFile(path, passphrase, dataKey)
  return dataKey
}

/**
 * The key file sealed with a passphrase: where there is no keychain (a Linux `basic_text`
 * backend, headless mode), whoever copies the data folder gets the database and the key file
 * but not the passphrase. The 32-byte data key is random; the file holds it encrypted with
 * AES-256-GCM under scrypt(passphrase). A plain key file from before is sealed in place on first
 * use, so secrets saved earlier stay readable. The key is derived on first use, so the provider
 * can be made before the data folder exists.
 */
export function passphraseKeyProvider(path: string, passphrase: string): KeyProvider {
  let inner: KeyProvider | null = null
  const name = `key file ${path} (sealed with a passphrase)`
  const load = (): KeyProvider => {
    inner ??= aesKeyProvider(sealedDataKey(path, passphrase), name)
    return inner
  }
  return {
    name,
    seal: (plain) => load().seal(plain),
    open: (sealed) => load().open(sealed),
  }
}

export class KeyFileSealedError extends SitrepError {
  constructor(path: string) {
    super(
      'store_unavailable',
      `The key file ${path} is sealed with a passphrase (or is not a key file). Unlock saved passwords with the passphrase (Sitrep asks for it), or start Sitrep with it in ${PASSPHRASE_ENV}.`,
    )
  }
}

export class WrongPassphraseError extends SitrepError {
  constructor(path: string) {
    // auth_failed, not store_unavailable: the dialog says "wrong passphrase, try again".
    super(
      'auth_failed',
      `That passphrase does not open the key file ${path}. Nothing was changed: saved passwords stay sealed. Try again with the right passphrase.`,
    )
  }
}

export class SecretUnreadableError extends SitrepError {
  constructor() {
    super(
      'invalid_params',
      'A stored secret could not be decrypted (it was sealed with another key, e.g. on another computer or user account). Enter it again.',
    )
  }
}
