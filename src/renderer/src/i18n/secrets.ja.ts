// Japanese strings of the secrets-unlock dialog (secrets.en.ts).
import type { secretsEn } from './secrets.en'

export const secretsJa: Record<keyof typeof secretsEn, string> = {
  'secretsUnlock.unlock.title': '保存したパスワードのロック解除',
  'secretsUnlock.unlock.intro':
    '保存したパスワードは鍵ファイル {file} で暗号化され、その鍵ファイルはパスフレーズで保護されています。今回の起動で保存したパスワードを使うには、パスフレーズを入力してください。パスフレーズはどこにも保存されません。',
  'secretsUnlock.unlock.submit': 'ロック解除',
  'secretsUnlock.seal.title': '保存したパスワードはキーチェーンにありません',
  'secretsUnlock.seal.intro':
    'この環境の秘密情報ストレージは「{backend}」で、キーチェーンではありません（鍵がプログラムに埋め込まれています）。そのため Sitrep は使用せず、保存したパスワードは鍵ファイル {file}（あなたのアカウントのみ読み取り可）で暗号化しています。パスフレーズを設定すると鍵ファイルも保護され、データフォルダーをコピーした人にも読めなくなります。',
  'secretsUnlock.seal.submit': 'このパスフレーズで保護',
  'secretsUnlock.seal.keyring':
    'キーチェーンを使うには、Secret Service（GNOME Keyring または KWallet）を起動して Sitrep を再起動してください。',
  'secretsUnlock.passphrase': 'パスフレーズ',
  'secretsUnlock.confirm': 'パスフレーズ（確認）',
  'secretsUnlock.hint.new':
    '{min} 文字以上。Sitrep では復元できません。忘れた場合は保存したパスワードを入力し直す必要があります。',
  'secretsUnlock.later': '後で',
  'secretsUnlock.keepUnsealed': '鍵ファイルを保護しない',
  'secretsUnlock.wrong':
    'このパスフレーズでは鍵ファイルを開けません。何も変更していません。もう一度入力してください。',
  'secretsUnlock.tooShort': '{min} 文字以上にしてください。',
  'secretsUnlock.mismatch': '2 つのパスフレーズが一致しません。',
  'secretsUnlock.unlocked': '保存したパスワードのロックを解除しました',
  'secretsUnlock.sealed': '鍵ファイルをパスフレーズで保護しました',
}
