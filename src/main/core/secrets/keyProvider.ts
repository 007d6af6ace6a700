// Secrets (passwords, key passphrases, tokens) are sealed before they touch the disk. The key
// provider is injected: Electron's safeStorage (OS keychain / DPAPI / libsecret) in the app, a
// file key in headless mode, an in-memory key in tests.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
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
  return aesKeyProvider(readFileSync(path), `key file ${path}`)
}

export class SecretUnreadableError extends SitrepError {
  constructor() {
    super(
      'invalid_params',
      'A stored secret could not be decrypted (it was sealed with another key, e.g. on another computer or user account). Enter it again.',
    )
  }
}
