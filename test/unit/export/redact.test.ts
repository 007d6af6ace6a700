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

  // Issue #17: each shape the first redactor missed or masked only in part.
  it.each([
    ['curl -u', 'curl -u ops:pa55-word https://x', 'curl -u ops:[REDACTED] https://x'],
    ['curl -su', 'curl -su ops:pa55 https://x', 'curl -su ops:[REDACTED] https://x'],
    ['curl --user=', 'curl --user=ops:pw9 https://x', 'curl --user=ops:[REDACTED] https://x'],
    ['curl -uops:pw', '/usr/bin/curl -uops:pw9 x', '/usr/bin/curl -uops:[REDACTED] x'],
    ['redis-cli -a', 'redis-cli -h cache -a s3cr3t ping', 'redis-cli -h cache -a [REDACTED] ping'],
    ['REDISCLI_AUTH=', 'REDISCLI_AUTH=s3cr3t redis-cli', 'REDISCLI_AUTH=[REDACTED] redis-cli'],
    ['sk_live_', 'key sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'key [REDACTED]'],
    ['xapp-', 'xapp-1-A0123456789-0123456789-abcdef', '[REDACTED]'],
    ['npm_', 'npm_abcdefghijABCDEFGHIJ0123456789abcdef', '[REDACTED]'],
    ['dckr_pat_', 'login dckr_pat_2b3e36beeb386dfdaacb9b46004ccb7c', 'login [REDACTED]'],
    [
      'Azure AccountKey=',
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Eby8vdM02xNOcqFlq==;EndpointSuffix=core',
      'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[REDACTED];EndpointSuffix=core',
    ],
    [
      'SECRET_KEY_BASE=',
      'SECRET_KEY_BASE=9f8e7d6c5b4a rails s',
      'SECRET_KEY_BASE=[REDACTED] rails s',
    ],
    [
      'Kubernetes tls.key',
      '  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUV2Z0lC\n  tls.crt: x',
      '  tls.key: [REDACTED]\n  tls.crt: x',
    ],
    [
      'Kubernetes ssh-privatekey',
      'ssh-privatekey: b3BlbnNzaC1rZXktdjEAAAAA',
      'ssh-privatekey: [REDACTED]',
    ],
    [
      'PGP private key block',
      'a\n-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF\n=abcd\n-----END PGP PRIVATE KEY BLOCK-----\nb',
      'a\n[REDACTED]\nb',
    ],
    ['quoted PGPASSWORD', 'PGPASSWORD="correct horse battery" psql', 'PGPASSWORD=[REDACTED] psql'],
    ['password with ; and &', 'password=ab;cd&ef next', 'password=[REDACTED] next'],
    [
      'JSON password',
      '{"password": "two words", "user": "x"}',
      '{"password": [REDACTED], "user": "x"}',
    ],
    ['mysql -p in a prompt', 'db$ mysql -uroot -pTop5 app', 'db$ mysql -uroot -p[REDACTED] app'],
    ['sshpass -p', 'sshpass -p hunter22 ssh x', 'sshpass -p [REDACTED] ssh x'],
  ])('issue 17 — %s', (_name, input, expected) => {
    expect(r.mask(input)).toBe(expected)
  })

  it('does not treat an option of another command as a secret', () => {
    for (const text of [
      'mysql -h db -p; ls -p tmp',
      'curl -u ops https://x',
      'mysql -p -h db app',
      'ssh -p 2222 ops@db-1',
      // Words that are keys of every JavaScript object are not commands (this threw once).
      'constructor -pX __proto__ -a y toString -u a:b',
    ])
      expect(r.mask(text)).toBe(text)
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

  it('runs team patterns on a linear-time engine and refuses what needs backtracking', () => {
    // (a+)+$ takes seconds on JavaScript's engine at 30 characters; on RE2 1 MB is quick.
    const evil = new Redactor({ patterns: [{ name: 'evil', pattern: '(a+)+$' }] })
    const text = `${'a'.repeat(1 << 20)}!`
    const started = performance.now()
    expect(evil.find(text)).toEqual([])
    expect(performance.now() - started).toBeLessThan(1000)
    expect(() => new Redactor({ patterns: [{ name: 'look', pattern: '(?<=id=)\\d+' }] })).toThrow(
      /"look" uses a look-around or back-reference/,
    )
    expect(() => new Redactor({ patterns: [{ name: 'again', pattern: '(ab)\\1' }] })).toThrow(
      /"again" uses a look-around or back-reference/,
    )
  })

  it('stops a team pattern past its time budget instead of exporting without it', async () => {
    const { USER_PATTERN_BUDGET, RedactionBudgetError } =
      await import('../../../src/main/core/export/redact')
    const saved = { ...USER_PATTERN_BUDGET }
    USER_PATTERN_BUDGET.floorMs = 0
    USER_PATTERN_BUDGET.perMbMs = 0
    try {
      const slow = new Redactor({ patterns: [{ name: 'slow', pattern: '(x+x+)+y' }] })
      expect(() => slow.find('x'.repeat(200_000))).toThrow(RedactionBudgetError)
      expect(() => slow.find('x'.repeat(200_000))).toThrow(/"slow" took \d+ ms/)
    } finally {
      Object.assign(USER_PATTERN_BUDGET, saved)
    }
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

describe('Markdown export escapes HTML from events and hosts', () => {
  it('a <script>, an <img onerror> and a javascript: anchor stay text in every block', async () => {
    const { blockMarkdown, renderMarkdown } = await import('../../../src/main/core/export/markdown')
    const evil =
      '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:x">y</a> & co'
    const safe =
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&lt;a href="javascript:x"&gt;y&lt;/a&gt; &amp; co'
    const md = renderMarkdown({
      title: evil,
      sections: [
        {
          id: 's',
          title: evil,
          blocks: [
            { type: 'text', text: evil },
            { type: 'kv', rows: [[evil, evil]] },
            { type: 'list', ordered: false, items: [evil] },
            { type: 'subheading', text: evil },
            { type: 'table', head: ['a'], rows: [{ cells: [evil], highlight: true }] },
          ],
        },
      ],
    } as never)
    expect(md).not.toMatch(/<(script|img|a)\b/i)
    expect(md.split(safe).length - 1).toBeGreaterThanOrEqual(7)
    expect(
      blockMarkdown({ type: 'table', head: ['a'], rows: [{ cells: ['x\ny'], highlight: false }] }),
    ).toContain('x<br>y')
  })
})
