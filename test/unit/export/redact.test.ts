// The redactor on each secret shape, on text split into chunks, and on bad team patterns.
import { describe, expect, it } from 'vitest'
import { Redactor, excerptOf } from '../../../src/main/core/export/redact'
import { StreamRedactor } from '../../../src/main/core/export/redactStream'

const r = new Redactor({
  knownSecrets: ['correct-horse-battery', 'abc'],
  patterns: [{ name: 'ticket', pattern: 'CUST-\\d{6}' }],
})

describe('redaction', () => {
  it.each([
    ['password', 'PGPASSWORD=s3cr3t-value psql -h db', 'PGPASSWORD=[REDACTED] psql -h db'],
    ['password', 'db password: hunter22', 'db password: [REDACTED]'],
    ['password', 'mysql -u root -pTopSecret1 app', 'mysql -u root -p[REDACTED] app'],
    ['password', 'pg_dump --password=xyzzy123 app', 'pg_dump --password=[REDACTED] app'],
    [
      'connection-string',
      'postgres://app:pa55word@db:5432/x',
      'postgres://app:[REDACTED]@db:5432/x',
    ],
    ['connection-string', 'redis://:onlypass@cache:6379', 'redis://:[REDACTED]@cache:6379'],
    ['bearer', 'Authorization: Bearer abc.def.ghi123', 'Authorization: Bearer [REDACTED]'],
    ['aws-access-key', 'key AKIAIOSFODNN7EXAMPLE ok', 'key [REDACTED] ok'],
    [
      'aws-secret-key',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key = [REDACTED]',
    ],
    ['token', 'api_key=abcdef0123456789', 'api_key=[REDACTED]'],
    ['token', 'token ghp_0123456789abcdefghijABCDEFGHIJ0123', 'token [REDACTED]'],
    [
      'private-key',
      'x\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\ny',
      'x\n[REDACTED]\ny',
    ],
    ['known-secret', 'typed correct-horse-battery by mistake', 'typed [REDACTED] by mistake'],
    ['user-pattern', 'customer CUST-123456 called', 'customer [REDACTED] called'],
  ])('%s: %s', (_kind, input, expected) => {
    expect(r.mask(input)).toBe(expected)
  })

  it('leaves ordinary text alone and ignores known secrets too short to be matched safely', () => {
    const text = 'ssh -p 2222 ops@db-1; grep abc /var/log/syslog; password prompt shown'
    expect(r.mask(text)).toBe(text)
  })

  it('shows the preview excerpt with the secret masked', () => {
    const text = 'first export PGPASSWORD=s3cr3t-value then psql'
    const [span] = r.find(text)
    expect(excerptOf(text, span!, 10)).toBe('…GPASSWORD=[REDACTED] then psql')
  })

  it('masks secrets split over chunks, keeping chunk boundaries', () => {
    const s = new StreamRedactor<number>(r)
    const pieces = ['typed corr', 'ect-', 'horse-batt', 'ery and ', 'more']
    const out = [...pieces.flatMap((p, i) => s.push(p, i)), ...s.flush()]
    expect(out.map((c) => c.tag)).toEqual([0, 1, 2, 3, 4])
    const joined = out.map((c) => c.text).join('')
    expect(joined).not.toMatch(/corr|horse|batt|ery /)
    expect(joined.startsWith('typed [REDACTED]')).toBe(true)
    expect(out[4]!.text).toBe('more')
  })

  it('refuses a team pattern that is not a regular expression or matches nothing', () => {
    expect(() => new Redactor({ patterns: [{ name: 'bad', pattern: '([a-z' }] })).toThrow(
      /"bad" is not a valid regular expression/,
    )
    expect(() => new Redactor({ patterns: [{ name: 'empty', pattern: 'x*' }] })).toThrow(
      /matches empty text/,
    )
  })
})
