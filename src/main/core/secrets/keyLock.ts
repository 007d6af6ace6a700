// Which key seals saved passwords this run, and whether it is open. The OS keychain needs
// nothing; the plain 0600 key file needs nothing; a key file sealed with a passphrase stays
// locked until the responder gives the passphrase (the unlock dialog, or SITREP_KEY_PASSPHRASE
// at start). While locked, reading or saving a secret fails with a typed error and nothing else
// stops working. The passphrase is used to derive the key and dropped: never kept, never logged.
import type { SecretsLockStatus } from '../../../shared/secretsSchemas'
import { InvalidParamsError, SitrepError } from '../errors'
import {
  aesKeyProvider,
  fileKeyProvider,
  isSealedKeyFile,
  openSealedKeyFile,
  sealedDataKey,
  type KeyProvider,
} from './keyProvider'

export interface KeyLockOptions {
  /** The key file in the data folder, used when there is no keychain. */
  keyFile: string
  /** The OS keychain, when there is one this app trusts. */
  keychain?: KeyProvider
  /** Ask at start to seal a plain key file with a passphrase (no trusted keychain found). */
  offerSeal?: boolean
  /** The safeStorage backend found instead of a keychain, for the dialog. */
  backend?: string | null
}

export class KeyLock implements KeyProvider {
  private opened: KeyProvider | null = null
  /** Whether this run sealed or opened the key file with a passphrase. */
  private withPassphrase = false

  constructor(private readonly opts: KeyLockOptions) {
    if (opts.keychain) this.opened = opts.keychain
  }

  get name(): string {
    return this.current().name
  }

  seal(plain: string): Buffer {
    return this.current().seal(plain)
  }

  open(sealed: Buffer): string {
    return this.current().open(sealed)
  }

  status(): SecretsLockStatus {
    const state = this.opts.keychain
      ? 'keychain'
      : this.withPassphrase
        ? 'unlocked'
        : isSealedKeyFile(this.opts.keyFile)
          ? 'locked'
          : 'key-file'
    return {
      state,
      keyFile: this.opts.keychain ? null : this.opts.keyFile,
      offerSeal: state === 'key-file' && (this.opts.offerSeal ?? false),
      backend: this.opts.backend ?? null,
    }
  }

  /** Opens the sealed key file. A wrong passphrase throws WrongPassphraseError, changing nothing. */
  unlock(passphrase: string): SecretsLockStatus {
    if (this.status().state !== 'locked')
      throw new InvalidParamsError('Saved passwords are not locked: there is nothing to unlock.')
    this.opened = aesKeyProvider(
      openSealedKeyFile(this.opts.keyFile, passphrase),
      `key file ${this.opts.keyFile} (sealed with a passphrase)`,
    )
    this.withPassphrase = true
    return this.status()
  }

  /** Seals the plain key file with a new passphrase, keeping its data key (saved secrets stay). */
  setPassphrase(passphrase: string): SecretsLockStatus {
    if (this.status().state !== 'key-file')
      throw new InvalidParamsError(
        'Saved passwords are not in a plain key file: there is no key file to seal.',
      )
    this.opened = aesKeyProvider(
      sealedDataKey(this.opts.keyFile, passphrase),
      `key file ${this.opts.keyFile} (sealed with a passphrase)`,
    )
    this.withPassphrase = true
    return this.status()
  }

  /**
   * A passphrase given at start (SITREP_KEY_PASSPHRASE): opens a sealed key file, or seals a
   * plain one. A wrong one leaves the lock locked (the dialog asks) and says why, without it.
   */
  startWith(passphrase: string | null): string | null {
    if (!passphrase || this.opts.keychain) return null
    try {
      if (this.status().state === 'locked') this.unlock(passphrase)
      else this.setPassphrase(passphrase)
      return null
    } catch (err) {
      return err instanceof Error ? err.message : String(err)
    }
  }

  private current(): KeyProvider {
    if (this.opened) return this.opened
    if (isSealedKeyFile(this.opts.keyFile)) throw new SecretsLockedError(this.opts.keyFile)
    // The plain key file, made on first use (as before the lock existed).
    this.opened = fileKeyProvider(this.opts.keyFile)
    return this.opened
  }
}

export class SecretsLockedError extends SitrepError {
  constructor(path: string) {
    super(
      'store_unavailable',
      `Saved passwords are locked: the key file ${path} is sealed with a passphrase. Unlock them with the passphrase (Sitrep asks at start), then try again.`,
    )
  }
}
