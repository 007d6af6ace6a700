// English strings of the secrets-unlock dialog (features/secrets-unlock). en.ts spreads them in.
export const secretsEn = {
  'secretsUnlock.unlock.title': 'Unlock saved passwords',
  'secretsUnlock.unlock.intro':
    'Saved passwords are sealed with the key file {file}, which is protected by a passphrase. Enter it to use saved passwords in this run. It is not stored anywhere.',
  'secretsUnlock.unlock.submit': 'Unlock',
  'secretsUnlock.seal.title': 'Saved passwords are not in a keychain',
  'secretsUnlock.seal.intro':
    'The secret storage found here is "{backend}", not a keychain (its key is built into the program), so Sitrep does not use it. Saved passwords are sealed with the key file {file}, readable only by your account. Choose a passphrase to seal that key file too: whoever copies the data folder then cannot read them.',
  'secretsUnlock.seal.submit': 'Seal with this passphrase',
  'secretsUnlock.seal.keyring':
    'To use a keychain instead, start a secret service (GNOME Keyring or KWallet) and restart Sitrep.',
  'secretsUnlock.passphrase': 'Passphrase',
  'secretsUnlock.confirm': 'Passphrase again',
  'secretsUnlock.hint.new':
    'At least {min} characters. Sitrep cannot recover it: without it, saved passwords must be entered again.',
  'secretsUnlock.later': 'Not now',
  'secretsUnlock.keepUnsealed': 'Keep the key file unsealed',
  'secretsUnlock.wrong':
    'That passphrase does not open the key file. Nothing was changed; try again.',
  'secretsUnlock.tooShort': 'Use at least {min} characters.',
  'secretsUnlock.mismatch': 'The two passphrases differ.',
  'secretsUnlock.unlocked': 'Saved passwords unlocked',
  'secretsUnlock.sealed': 'Key file sealed with your passphrase',
} as const
