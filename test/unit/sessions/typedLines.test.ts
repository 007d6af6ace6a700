import { describe, expect, it } from 'vitest'
import { TypedLines } from '../../../src/main/core/sessions/typedLines'

const b = (s: string) => new TextEncoder().encode(s)

describe('typed lines', () => {
  it('extracts command lines, applying backspace and dropping Ctrl-C lines', () => {
    const t = new TypedLines()
    t.output(b('root@db-1:~# '))
    expect(t.input(b('df -hx')).lines).toEqual([])
    expect(t.input(b('\x7f\r')).lines).toEqual([{ text: 'df -h', approximate: false }])
    expect(t.input(b('rm -rf /\x03')).lines).toEqual([])
    expect(t.input(b('uptime\r')).lines).toEqual([{ text: 'uptime', approximate: false }])
  })

  it('still sees a password prompt at the end of a large chunk, even mid-character', () => {
    const t = new TypedLines()
    // 64 KB of coloured Japanese log (3-byte characters) ending in a prompt: only the chunk's
    // tail is decoded, starting wherever it falls.
    const log = '\x1b[32m接続を確認しました\x1b[0m\r\n'.repeat(2000)
    t.output(b(`${log}Enter passphrase for key: `))
    expect(t.input(b('s3cret\r'))).toEqual({ record: false, lines: [] })
    // A large chunk that ends at a plain shell prompt does not leave an earlier prompt behind.
    t.output(b('Password: '))
    t.output(b(`${log}$ `))
    expect(t.input(b('uptime\r')).lines).toEqual([{ text: 'uptime', approximate: false }])
  })

  it('flags lines that used history or completion as approximate', () => {
    const t = new TypedLines()
    expect(t.input(b('\x1b[A\r')).lines).toEqual([])
    expect(t.input(b('systemctl status ngi\tx\r')).lines).toEqual([
      { text: 'systemctl status ngix', approximate: true },
    ])
  })

  it('neither records nor extracts what is typed at a password prompt', () => {
    const t = new TypedLines()
    t.output(b('$ sudo systemctl restart api\r\n[sudo] password for aiko: '))
    expect(t.input(b('hunter2'))).toEqual({ record: false, lines: [] })
    expect(t.input(b('\r'))).toEqual({ record: false, lines: [] })
    t.output(b('\r\n$ '))
    expect(t.input(b('echo ok\r'))).toEqual({
      record: true,
      lines: [{ text: 'echo ok', approximate: false }],
    })
  })

  it('knows passphrase prompts, coloured prompts and Japanese prompts', () => {
    for (const prompt of [
      "Enter passphrase for key '/root/.ssh/id_ed25519': ",
      '\x1b[1mPassword:\x1b[0m ',
      'パスワード： ',
    ]) {
      const t = new TypedLines()
      t.output(b(prompt))
      expect(t.input(b('s3cret\r')).record, prompt).toBe(false)
    }
  })

  it('a word like "password" in ordinary output does not hide the next command', () => {
    const t = new TypedLines()
    t.output(b('grep password /etc/app.conf\r\nno match\r\n$ '))
    expect(t.input(b('ls\r')).record).toBe(true)
  })

  it('judges a broadcast line by its own Enter, not by a prompt the command printed after it', () => {
    const t = new TypedLines()
    t.output(b('$ '))
    t.input(b("read -s -p 'Password: ' pw\r"))
    // The command's own prompt arrives before main hears about the broadcast line.
    t.output(b('Password: '))
    expect(t.atSecretInput()).toBe(true)
    expect(t.lineWasSecret("read -s -p 'Password: ' pw")).toBe(false)
    // The answer to the prompt is secret, and so is any line main asks about after it.
    t.input(b('hunter2\r'))
    expect(t.lineWasSecret('hunter2')).toBe(true)
    expect(t.lineWasSecret("read -s -p 'Password: ' pw")).toBe(true)
    // A line whose Enter has not arrived yet (a queued paste) is judged by the state now.
    t.output(b('\r\n$ '))
    t.input(b('ls\r'))
    t.output(b('a b\r\n$ '))
    expect(t.lineWasSecret('echo later')).toBe(false)
    t.output(b('Passphrase: '))
    expect(t.lineWasSecret('echo later')).toBe(true)
  })
})
