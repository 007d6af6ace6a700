// Secret prompts in every language the issue names, and lines that only look like prompts.
import { describe, expect, it } from 'vitest'
import { isSecretPrompt } from '../../../src/main/core/sessions/secretPrompt'
import { TypedLines } from '../../../src/main/core/sessions/typedLines'

const b = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('secret prompts', () => {
  it.each([
    ['English', 'Password: '],
    ['English sudo', '[sudo] password for aiko: '],
    ['English key', "Enter passphrase for key '/home/aiko/.ssh/id_ed25519': "],
    ['pass phrase (openssl)', 'Enter PEM pass phrase:'],
    ['token', 'Token (will be hidden): '],
    ['secret', 'Secret: '],
    ['PIN', "Enter PIN for 'PIV Card Holder pin (PIV_II)': "],
    ['OTP', 'OTP: '],
    ['verification code', 'Verification code: '],
    ['Japanese', 'パスワード: '],
    ['Japanese full-width colon', 'パスワード：'],
    ['Japanese sudo', '[sudo] aiko のパスワード: '],
    ['Japanese passphrase', "鍵 '/home/aiko/.ssh/id' のパスフレーズを入力してください: "],
    ['German', '[sudo] Passwort für aiko: '],
    ['German Kennwort', 'Kennwort: '],
    ['French', 'Mot de passe : '],
    ['French sudo', '[sudo] Mot de passe de aiko : '],
    ['Spanish', 'Contraseña: '],
    ['Spanish sudo', '[sudo] contraseña para aiko: '],
    ['Chinese simplified', '密码：'],
    ['Chinese sudo', '[sudo] aiko 的密码：'],
    ['Chinese traditional', '密碼：'],
    ['Korean', '비밀번호: '],
    ['Korean sudo', '[sudo] aiko의 암호: '],
    ['after colour codes and earlier output', 'Last login: Mon\r\n\x1b[1mPassword:\x1b[0m '],
  ])('%s: %j', (_name, prompt) => {
    const t = new TypedLines()
    t.output(b(prompt))
    expect(t.input(b('s3cr3t-typed\r'))).toEqual({ record: false, lines: [] })
  })

  it.each([
    ['a shell prompt', 'aiko@db-1:~$ '],
    ['a root prompt', 'root@db-1:/etc# '],
    ['a username prompt', 'Username: '],
    ['a login prompt', 'db-1 login: '],
    ['output that mentions a password then ends its line', 'password changed: ok\r\n$ '],
    ['a word that contains one', 'Spinning: '],
    ['a long log line ending in a colon', `${'x'.repeat(200)} password:`],
  ])('not a secret prompt: %s', (_name, text) => {
    expect(isSecretPrompt(text)).toBe(false)
  })
})
