// Recognises a prompt that asks for a secret, in the languages responders' hosts speak. The last
// line of output is read as a prompt — a label ending in a colon (ASCII or full-width), nothing
// after it but spaces — and the label is split into words; it asks for a secret when a word or
// a run of words names one (`[sudo] Passwort für aiko:`, `Enter PEM pass phrase:`,
// `Token (will be hidden):`). Scripts without spaces between words (Chinese, Japanese) are
// searched as text. A label the parser cannot read as a prompt is not one: a shell prompt ends
// in `$`, `#` or `>`, a log line in a newline.

/** Longer than any real prompt label; a long last line is output, not a question. */
const MAX_LABEL = 160

/** One word that names a secret (lower case, after NFKC). */
const SECRET_WORDS = new Set([
  // English
  'password',
  'passwd',
  'passphrase',
  'passcode',
  'pin',
  'otp',
  'totp',
  'token',
  'secret',
  // German
  'passwort',
  'kennwort',
  'geheimzahl',
  // Spanish, Portuguese
  'contraseña',
  'clave',
  'senha',
  // French
  'jeton',
])

/** Runs of words that name a secret together (none of their words does alone). */
const SECRET_PHRASES: readonly (readonly string[])[] = [
  ['pass', 'phrase'],
  ['verification', 'code'],
  ['security', 'code'],
  ['authentication', 'code'],
  ['one', 'time', 'code'],
  ['mot', 'de', 'passe'],
  ['phrase', 'secrète'],
  ['code', 'de', 'vérification'],
  ['código', 'de', 'verificación'],
  ['bestätigungscode'],
  ['sicherheitscode'],
]

/** Text in scripts written without spaces, or where the secret word is part of a longer one. */
const SECRET_TEXT = [
  // Japanese
  'パスワード',
  'パスフレーズ',
  '暗証',
  '認証コード',
  '確認コード',
  // Chinese (simplified, traditional)
  '密码',
  '密碼',
  '口令',
  '验证码',
  '驗證碼',
  '令牌',
  // Korean
  '비밀번호',
  '암호',
  '인증번호',
  '인증 코드',
  '인증코드',
]

/** The label of the prompt on the last line of `tail`, or null when that line is not a prompt. */
export function promptLabel(tail: string): string | null {
  const cut = Math.max(tail.lastIndexOf('\n'), tail.lastIndexOf('\r'))
  // NFKC folds the full-width colon (：) and full-width Latin letters to their ASCII forms.
  const line = tail
    .slice(cut + 1)
    .normalize('NFKC')
    .replace(/\s+$/u, '')
  if (!line.endsWith(':')) return null
  const label = line.slice(0, -1).trim()
  if (label === '' || label.length > MAX_LABEL) return null
  return label
}

/** Whether the last line of `tail` asks for a secret. */
export function isSecretPrompt(tail: string): boolean {
  const label = promptLabel(tail)
  if (label === null) return false
  const lower = label.toLowerCase()
  if (SECRET_TEXT.some((t) => lower.includes(t))) return true
  const words = lower.match(/[\p{L}\p{N}]+/gu) ?? []
  if (words.some((w) => SECRET_WORDS.has(w))) return true
  return SECRET_PHRASES.some((phrase) =>
    words.some((_, i) => phrase.every((p, k) => words[i + k] === p)),
  )
}
