// The Redis console's pure parts: a typed line into argv as redis-cli reads it (hostile lines
// fail closed), passwords masked in echo and record, and replies rendered with their RESP3 type.
import { VerbatimString } from 'redis'
import { describe, expect, it } from 'vitest'
import { ArgvError, quoteArg, splitArgs } from '../../../src/main/core/redis/argv'
import { classify } from '../../../src/main/core/redis/commandClass'
import { maskTyping, redactArgv } from '../../../src/main/core/redis/redact'
import { replyText } from '../../../src/main/core/redis/replyText'

const words = (line: string): string[] => splitArgs(line).map((b) => b.toString('utf8'))

describe('splitArgs (redis-cli / sdssplitargs rules)', () => {
  it('splits on blanks and reads both kinds of quotes', () => {
    expect(words('  SET   key  value ')).toEqual(['SET', 'key', 'value'])
    expect(words('SET "a b" \'c d\'')).toEqual(['SET', 'a b', 'c d'])
    expect(words('SET k ""')).toEqual(['SET', 'k', ''])
    expect(words('')).toEqual([])
    expect(words(' \t ')).toEqual([])
    // A quote may open mid-word, as in redis-cli.
    expect(words('SET pre"fix x" v')).toEqual(['SET', 'prefix x', 'v'])
  })

  it("takes the escapes of double quotes, only \\' in single quotes", () => {
    expect(words('SET k "a\\nb\\tc\\\\d\\"e"')).toEqual(['SET', 'k', 'a\nb\tc\\d"e'])
    expect(splitArgs('SET k "\\x00\\xff\\x41"')[2]).toEqual(Buffer.from([0, 0xff, 0x41]))
    // An incomplete \x is the letter x, like redis-cli.
    expect(words('SET k "\\x4"')).toEqual(['SET', 'k', 'x4'])
    expect(words("SET k 'it\\'s \\n'")).toEqual(['SET', 'k', "it's \\n"])
    expect(words('SET k "日本語"')).toEqual(['SET', 'k', '日本語'])
  })

  it('fails closed on unbalanced quotes and quotes glued to the next word', () => {
    for (const line of [
      'SET k "unterminated',
      "SET k 'unterminated",
      'SET k "a"b',
      "SET k 'a'b",
      'SET k "ends with backslash\\',
      'DEL "a" "b',
      '"',
    ]) {
      expect(() => splitArgs(line), line).toThrow(ArgvError)
    }
  })

  it('survives hostile lines: NULs, escapes, very long words, control characters', () => {
    expect(words('GET a\0b')).toEqual(['GET', 'a', 'b'])
    expect(splitArgs(`SET k ${'x'.repeat(200_000)}`)[2]).toHaveLength(200_000)
    expect(words('GET \x1b[31mred')).toEqual(['GET', '\x1b[31mred'])
    // Printed back, control bytes are escapes, never raw.
    expect(quoteArg(Buffer.from('\x1b[31mred'))).toBe('"\\x1b[31mred"')
    expect(quoteArg(Buffer.from('plain'))).toBe('plain')
    expect(quoteArg(Buffer.from('a b'))).toBe('"a b"')
  })
})

describe('passwords in the console', () => {
  it('masks AUTH, HELLO AUTH, MIGRATE AUTH, ACL SETUSER rules and CONFIG SET requirepass', () => {
    expect(redactArgv(['AUTH', 's3cret'])).toEqual(['AUTH', '****'])
    expect(redactArgv(['auth', 'alice', 's3cret'])).toEqual(['auth', '****', '****'])
    expect(redactArgv(['HELLO', '3', 'AUTH', 'alice', 'pw', 'SETNAME', 'x'])).toEqual([
      'HELLO',
      '3',
      'AUTH',
      '****',
      '****',
      'SETNAME',
      'x',
    ])
    expect(redactArgv(['ACL', 'SETUSER', 'bob', 'on', '>pw1', '~*', '+@all'])).toEqual([
      'ACL',
      'SETUSER',
      'bob',
      'on',
      '****',
      '~*',
      '+@all',
    ])
    expect(redactArgv(['CONFIG', 'SET', 'maxmemory', '2gb', 'requirepass', 'pw'])).toEqual([
      'CONFIG',
      'SET',
      'maxmemory',
      '2gb',
      'requirepass',
      '****',
    ])
    expect(redactArgv(['GET', 'AUTH'])).toEqual(['GET', 'AUTH'])
  })

  it('shows a half-typed password as stars of its length', () => {
    expect(maskTyping('AUTH s3c')).toBe('AUTH ***')
    expect(maskTyping('  auth  user pw')).toBe('  auth  **** **')
    expect(maskTyping('GET key')).toBe('GET key')
  })
})

describe('classify (by the server command table)', () => {
  const info = (name: string, flags: string[], categories: string[]) => ({
    name,
    flags,
    categories,
  })
  it('reads only what is readonly, not write, not @dangerous, plus inspection commands', () => {
    expect(classify(['GET', 'k'], info('get', ['readonly', 'fast'], ['@read'])).readOnly).toBe(true)
    expect(
      classify(['SET', 'k', 'v'], info('set', ['write', 'denyoom'], ['@write'])).readOnly,
    ).toBe(false)
    // KEYS is readonly but @dangerous: it asks on production.
    expect(classify(['KEYS', '*'], info('keys', ['readonly'], ['@dangerous'])).readOnly).toBe(false)
    expect(classify(['INFO'], info('info', ['loading', 'stale'], ['@dangerous'])).readOnly).toBe(
      true,
    )
    expect(
      classify(['CONFIG', 'SET', 'x', 'y'], info('config|set', ['admin'], ['@dangerous'])).readOnly,
    ).toBe(false)
    // Unknown to the server's table: not read-only.
    expect(classify(['MYMOD.DO', 'x'], null)).toMatchObject({ readOnly: false })
    expect(classify(['SUBSCRIBE', 'ch'], null).refused).toMatch(/subscriber/)
    expect(classify(['client', 'REPLY', 'OFF'], null).refused).toMatch(/replies off/)
  })
})

describe('replyText (redis-cli in RESP3 mode)', () => {
  it('says every type', () => {
    expect(replyText(null)).toBe('(nil)')
    expect(replyText(7)).toBe('(integer) 7')
    expect(replyText('1.5')).toBe('(double) 1.5')
    expect(replyText('inf')).toBe('(double) inf')
    expect(replyText('OK')).toBe('OK')
    expect(replyText(Buffer.from('v a\nl'))).toBe('"v a\\nl"')
    expect(replyText(true)).toBe('(true)')
    expect(replyText(12345678901234567890n)).toBe('(big number) 12345678901234567890')
    expect(replyText(new Error('WRONGTYPE Operation'))).toBe('(error) WRONGTYPE Operation')
    expect(replyText([])).toBe('(empty array)')
    expect(replyText(new Set())).toBe('(empty set)')
    expect(replyText(new Map())).toBe('(empty hash)')
    expect(replyText(new VerbatimString('txt', '# Server\r\nredis_version:7\r\n'))).toBe(
      '# Server\r\nredis_version:7\r\n',
    )
  })

  it('numbers arrays, marks sets with ~ and maps with #, and indents nested replies', () => {
    expect(replyText([Buffer.from('a'), 2, null])).toBe('1) "a"\r\n2) (integer) 2\r\n3) (nil)')
    expect(replyText(new Set([Buffer.from('x'), Buffer.from('y')]))).toBe('1~ "x"\r\n2~ "y"')
    expect(
      replyText(
        new Map<string, unknown>([
          ['server', Buffer.from('redis')],
          ['proto', 3],
        ]),
      ),
    ).toBe('1# "server" => "redis"\r\n2# "proto" => (integer) 3')
    expect(replyText([[Buffer.from('a'), Buffer.from('b')], Buffer.from('c')])).toBe(
      '1) 1) "a"\r\n   2) "b"\r\n2) "c"',
    )
  })

  it('never passes raw control bytes to the terminal', () => {
    const out = replyText([Buffer.from('\x1b]0;pwned\x07'), 'STATUS\x1b[2J'])
    expect(out).not.toContain('\x1b')
    expect(out).not.toContain('\x07')
  })
})
