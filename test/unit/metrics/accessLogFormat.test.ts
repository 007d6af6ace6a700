// The log_format tokenizer and the line parser it builds, with the lines a real access log
// holds: quotes escaped as nginx writes them (\x22) and as Apache does (\"), requests nginx
// could not read, invalid UTF-8, very long lines; and the byte splitter in front of it.
import { describe, expect, it } from 'vitest'
import {
  compileLogFormat,
  formatFromInput,
  LOG_FORMAT_PRESETS,
  LogFormatError,
  tokenizeLogFormat,
} from '../../../src/main/core/metrics/accessLogFormat'
import { AccessWindow } from '../../../src/main/core/metrics/accessLogWindow'
import {
  LineSplitter,
  shellWord,
  tailCommand,
} from '../../../src/main/core/metrics/collectors/logFollower'

const combined = compileLogFormat('combined')
const timed = compileLogFormat(`${LOG_FORMAT_PRESETS.combined} $request_time`)

describe('log_format tokenizer', () => {
  it('reads $name and ${name} variables and the literals between them', () => {
    expect(tokenizeLogFormat('$a [${b}x] "$c"')).toEqual([
      { kind: 'var', name: 'a' },
      { kind: 'literal', text: ' [' },
      { kind: 'var', name: 'b' },
      { kind: 'literal', text: 'x] "' },
      { kind: 'var', name: 'c' },
      { kind: 'literal', text: '"' },
    ])
  })

  it('refuses what cannot be split or read', () => {
    expect(() => tokenizeLogFormat('$a$b')).toThrow(LogFormatError)
    expect(() => tokenizeLogFormat('x $ y')).toThrow(/names no variable/)
    expect(() => tokenizeLogFormat('${a')).toThrow(/not closed/)
    expect(() => tokenizeLogFormat('no variables')).toThrow(/no variables/)
    expect(() => compileLogFormat('$remote_addr $request')).toThrow(/\$status/)
  })

  it('takes a whole log_format directive pasted from nginx.conf', () => {
    const directive = `log_format  main  escape=default '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '   # a comment
                      '"$http_user_agent" $request_time';`
    expect(formatFromInput(directive)).toBe(`${LOG_FORMAT_PRESETS.combined} $request_time`)
    expect(formatFromInput('  ')).toBe(LOG_FORMAT_PRESETS.combined)
    expect(formatFromInput('main')).toBe(LOG_FORMAT_PRESETS.main)
  })
})

describe('access line parser', () => {
  it('parses a combined line and cuts the query string', () => {
    const line =
      '127.0.0.1 - - [04/Dec/2026:19:30:01 +0000] "GET /api/v1/projects?page=2&token=x HTTP/1.1" 502 157 "-" "curl/8.5.0"'
    expect(combined.parse(line)).toEqual({
      status: 502,
      path: '/api/v1/projects',
      requestTime: null,
    })
    expect(combined.hasRequestTime).toBe(false)
  })

  it('reads $request_time at the end of the line', () => {
    const r = timed.parse(
      '10.0.0.5 - alice [04/Dec/2026:19:30:01 +0000] "POST /login HTTP/2.0" 200 12 "https://x/" "Mozilla/5.0 (X11; Linux)" 1.503',
    )
    expect(r).toEqual({ status: 200, path: '/login', requestTime: 1.503 })
    expect(timed.hasRequestTime).toBe(true)
  })

  it('keeps quotes nginx escaped as \\x22 inside their field', () => {
    // What nginx writes for: curl 'http://h/a"b" c' -A 'evil" 200 0 "x'
    const line =
      '127.0.0.1 - - [04/Dec/2026:19:30:01 +0000] "GET /a\\x22b\\x22 HTTP/1.1" 404 153 "-" "evil\\x22 200 0 \\x22x" 0.000'
    expect(timed.parse(line)).toEqual({ status: 404, path: '/a"b"', requestTime: 0 })
  })

  it("skips Apache's \\\" escapes when looking for a field's closing quote", () => {
    const apache = compileLogFormat('apache-combined')
    const line =
      '192.0.2.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /x\\" 500 9 \\"y HTTP/1.0" 500 - "-" "agent \\"q\\" w"'
    expect(apache.parse(line)).toEqual({ status: 500, path: '/x\\" 500 9 \\"y', requestTime: null })
  })

  it('reads a request nginx could not parse and a garbage request', () => {
    expect(combined.parse('127.0.0.1 - - [04/Dec/2026:19:30:01 +0000] "-" 400 0 "-" "-"')).toEqual({
      status: 400,
      path: null,
      requestTime: null,
    })
    expect(
      combined.parse(
        '127.0.0.1 - - [04/Dec/2026:19:30:01 +0000] "\\x16\\x03\\x01\\x00\\xF4\\x01" 400 157 "-" "-"',
      ),
    ).toEqual({ status: 400, path: null, requestTime: null })
  })

  it('decodes escaped UTF-8 paths and keeps control bytes unreadable', () => {
    const r = combined.parse(
      '::1 - - [04/Dec/2026:19:30:01 +0000] "GET /\\xE6\\x97\\xA5\\x1B[2J HTTP/1.1" 500 1 "-" "-"',
    )
    expect(r?.path).toBe('/日\uFFFD[2J')
  })

  it('returns null for lines without the shape, never throws', () => {
    const hostile = [
      '',
      'garbage',
      '127.0.0.1 - - [04/Dec/2026:19:30:01 +0000] "GET / HTTP/1.1" abc 0 "-" "-"',
      '127.0.0.1 - - [04/Dec/2026:19:30:01 +0000] "GET / HTTP/1.1" 99 0 "-" "-"',
      '127.0.0.1 - - [04/Dec/2026:19:30:01 +0000] "GET / HTTP/1.1" 200 0 "-" "-" trailing',
      '127.0.0.1 - - [04/Dec/2026:19:30:01 +0000] "GET / HTTP/1.1',
      `127.0.0.1 - - [x] "GET /${'a'.repeat(200_000)} HTTP/1.1" 200 0 "-" "-"`,
      '\uFFFD\uFFFD - - [\uFFFD] "\uFFFD" 2\uFFFD0 0 "-" "-"',
    ]
    for (const line of hostile.slice(0, 6)) expect(combined.parse(line)).toBeNull()
    // A very long path still parses, cut for display.
    const long = combined.parse(hostile[6] as string)
    expect(long?.status).toBe(200)
    expect(long?.path?.length).toBe(300)
    expect(combined.parse(hostile[7] as string)).toBeNull()
    expect(timed.parse(`${hostile[0]} 0.1`)).toBeNull()
  })

  it('reads $upstream_response_time when there is no $request_time', () => {
    const p = compileLogFormat('$status "$request" $upstream_response_time')
    expect(p.parse('502 "GET /a HTTP/1.1" 0.500, 0.250')?.requestTime).toBe(0.25)
    expect(p.parse('502 "GET /a HTTP/1.1" -')?.requestTime).toBeNull()
  })
})

describe('access window', () => {
  it('rates, percentiles and the top failing paths of the last window', () => {
    const w = new AccessWindow(60)
    const t0 = 1_000_000
    w.start(t0)
    for (let i = 0; i < 90; i++)
      w.add({ status: 200, path: '/ok', requestTime: 0.01 }, t0 + i * 100)
    for (let i = 0; i < 8; i++) w.add({ status: 503, path: '/pay', requestTime: 0.2 }, t0 + 500)
    w.add({ status: 404, path: '/missing', requestTime: 2 }, t0 + 600)
    w.add({ status: 500, path: '/other', requestTime: 2 }, t0 + 700)
    const f = w.figures(t0 + 10_000)
    expect(f.requests).toBe(100)
    expect(f.requestsPerSec).toBeCloseTo(10, 5)
    expect(f.rate5xxPercent).toBeCloseTo(9, 5)
    expect(f.rate4xxPercent).toBeCloseTo(1, 5)
    expect(f.p50Ms).toBeGreaterThan(9.7)
    expect(f.p50Ms).toBeLessThan(10.3)
    expect(f.p95Ms).toBeGreaterThan(195)
    expect(f.p95Ms).toBeLessThan(205)
    expect(f.p99Ms).toBeGreaterThan(1950)
    expect(w.topFailing(t0 + 10_000).map((r) => r.path)).toEqual(['/pay', '/other', '/missing'])
    // A minute later the window is empty again.
    const later = w.figures(t0 + 75_000)
    expect(later.requests).toBe(0)
    expect(later.p50Ms).toBeNull()
    expect(later.rate5xxPercent).toBe(0)
  })
})

describe('line splitter and the tail command', () => {
  it('splits across chunks, drops CR, reads invalid UTF-8 as U+FFFD and skips overlong lines', () => {
    const lines: string[] = []
    let overlong = 0
    const s = new LineSplitter(
      (l) => lines.push(l),
      () => overlong++,
      32,
    )
    s.push(Buffer.from('one\r\ntw'))
    s.push(Buffer.from('o\n'))
    s.push(Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a]))
    s.push(Buffer.from(`${'x'.repeat(40)}`))
    s.push(Buffer.from(`${'y'.repeat(40)}\nafter\n`))
    s.push(Buffer.from(`${'z'.repeat(50)}\nlast\n`))
    expect(lines).toEqual(['one', 'two', 'a\uFFFD\uFFFDb', 'after', 'last'])
    expect(overlong).toBe(2)
  })

  it('quotes the path as one shell word and refuses NUL and line breaks', () => {
    expect(shellWord("/var/log/it's here.log")).toBe("'/var/log/it'\\''s here.log'")
    expect(tailCommand('-x $(reboot)')).toBe("exec tail -F -n 0 -- '-x $(reboot)'")
    expect(() => shellWord('/a\nrm -rf /')).toThrow(/line break/)
    expect(() => shellWord('/a\0b')).toThrow(/NUL/)
  })
})
