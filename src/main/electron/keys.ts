// Secrets in the app are sealed by the OS keychain through Electron's safeStorage (Keychain on
// macOS, DPAPI on Windows, libsecret/kwallet on Linux). On Linux safeStorage may also pick its
// `basic_text` backend (no secret service running, or --password-store=basic): that "encryption"
// uses a key hard-coded in Chromium, so anyone with the database can unseal it. Such a backend
// is not called a keychain: the core falls back to its 0600 key file, and the window offers to
// seal that file with a passphrase (the secrets-unlock dialog), or asks for it when it is sealed.
import { safeStorage } from 'electron'
import { KeyLock } from '../core/secrets/keyLock'
import { PASSPHRASE_ENV, type KeyProvider } from '../core/secrets/keyProvider'

/** The part of Electron's safeStorage this uses (a fake in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plain: string): Buffer
  decryptString(sealed: Buffer): string
  getSelectedStorageBackend?: () => string
}

export interface KeyChoice {
  /** The keychain provider, or undefined when the key file must be used instead. */
  keys?: KeyProvider
  /** Why the keychain is not used, in English and Japanese (null when it is). */
  warning: { en: string; ja: string } | null
  /** The Linux backend that was refused as a keychain, when one was. */
  backend?: string
}

/** Linux backends that are a real secret store; anything else (basic_text, unknown) is not. */
const LINUX_KEYCHAINS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'])

export function chooseKeys(
  storage: SafeStorageLike = safeStorage,
  platform: NodeJS.Platform = process.platform,
): KeyChoice {
  // No safeStorage at all (a Linux session without D-Bus): the key file, as in headless mode;
  // nothing pretends otherwise, so there is nothing to correct.
  if (!storage.isEncryptionAvailable()) return { warning: null }
  if (platform === 'linux') {
    const backend = storage.getSelectedStorageBackend?.() ?? 'unknown'
    if (!LINUX_KEYCHAINS.has(backend))
      return {
        backend,
        warning: {
          en: `Electron's secret storage here is "${backend}", not a keychain (its key is built into the program), so it is not used: saved passwords are sealed with the key file in the data folder (readable only by your account). To seal that key file with a passphrase as well, choose one in the dialog Sitrep shows (or start Sitrep with it in ${PASSPHRASE_ENV}). To use a keychain, start a secret service (GNOME Keyring or KWallet).`,
          ja: `この環境の Electron の秘密情報ストレージは「${backend}」で、キーチェーンではありません（鍵がプログラムに埋め込まれています）。そのため使用せず、保存したパスワードはデータフォルダーの鍵ファイル（あなたのアカウントのみ読み取り可）で暗号化します。鍵ファイルをさらにパスフレーズで保護するには、Sitrep が表示するダイアログでパスフレーズを設定してください（${PASSPHRASE_ENV} に設定して起動することもできます）。キーチェーンを使うには Secret Service（GNOME Keyring または KWallet）を起動してください。`,
        },
      }
  }
  return {
    keys: {
      name: 'OS keychain (Electron safeStorage)',
      seal: (plain) => storage.encryptString(plain),
      open: (sealed) => storage.decryptString(sealed),
    },
    warning: null,
  }
}

/**
 * The lock over the chosen keys: the keychain, or the key file at `keyFile` (offered for sealing
 * with a passphrase when a backend was refused as a keychain).
 */
export function keyLockFor(choice: KeyChoice, keyFile: string): KeyLock {
  return new KeyLock({
    keyFile,
    ...(choice.keys ? { keychain: choice.keys } : {}),
    offerSeal: choice.warning !== null,
    backend: choice.backend ?? null,
  })
}
