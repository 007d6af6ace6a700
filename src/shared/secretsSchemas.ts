// The secrets.* methods: whether saved passwords can be read this run, and unlocking (or first
// sealing) the key file with a passphrase. The passphrase crosses the boundary once, in the
// call's parameters; no result, event or log line carries it.
import { z } from 'zod'
import { MIN_PASSPHRASE } from './base'

/**
 * keychain: the OS keychain seals secrets, nothing to ask. key-file: the 0600 key file in the
 * data folder, not sealed with a passphrase. locked: the key file is sealed and this run has not
 * been given its passphrase (saved passwords cannot be read or saved). unlocked: it was given.
 */
export type SecretsLockState = 'keychain' | 'key-file' | 'locked' | 'unlocked'

export interface SecretsLockStatus {
  state: SecretsLockState
  /** The key file, when secrets are sealed with one. */
  keyFile: string | null
  /**
   * Ask at start to seal the plain key file with a passphrase: the app found no keychain it
   * trusts (Linux `basic_text`). `backend` names what it found.
   */
  offerSeal: boolean
  backend: string | null
}

const passphrase = z.string().min(1).max(1024)

export const secretsParamSchemas = {
  'secrets.status': z.strictObject({}),
  /** Opens a sealed key file (state locked). A wrong passphrase is an error; nothing changes. */
  'secrets.unlock': z.strictObject({ passphrase }),
  /** Seals the plain key file (state key-file) with a new passphrase, typed twice. */
  'secrets.setPassphrase': z
    .strictObject({ passphrase: z.string().min(MIN_PASSPHRASE).max(1024), confirm: passphrase })
    .refine((p) => p.passphrase === p.confirm, {
      message: 'The two passphrases differ.',
      path: ['confirm'],
    }),
}

export interface SecretsMethodResults {
  'secrets.status': SecretsLockStatus
  'secrets.unlock': SecretsLockStatus
  'secrets.setPassphrase': SecretsLockStatus
}
