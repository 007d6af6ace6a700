// Placeholder values never become shell syntax. For every quoting context and placeholder style,
// hostile values (quotes, $( ), backticks, ; | & < >, newlines, a leading -, unicode, NUL) are
// filled and run by real bash (no rc files), which prints the words it received with
// printf '%s\0': exactly the expected words arrive, or the value is refused with a typed error
// for a stated reason; and no other command runs (a canary file is never created).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { PlaceholderValueError } from '../../../src/main/core/runbooks/placeholderErrors'
import { fillPlaceholders, parametersOf } from '../../../src/main/core/runbooks/placeholders'

const dir = mkdtempSync(join(tmpdir(), 'sitrep-fill-'))
const CANARY = join(dir, 'canary')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Context {
  /** `PH` marks the placeholder. */
  code: string
  /** The words bash must print for value v. */
  words: (v: string) => string[]
  /** Where a value starting with `-` would be read as an option. */
  dashSensitive?: boolean
  /** Only whole numbers fit (arithmetic). */
  digitsOnly?: boolean
  /** Backquotes: `\ $ " and backquotes are refused. */
  backquoted?: boolean
  /** No $VAR style here: bash leaves $V alone in single quotes, so it is not a placeholder. */
  noDollar?: boolean
}

const P = "printf '%s\\0'"
const CONTEXTS: Record<string, Context> = {
  bare: { code: `${P} PH`, words: (v) => [v], dashSensitive: true },
  'bare, after --': { code: `${P} -- PH`, words: (v) => ['--', v] },
  single: { code: `${P} 'a PH b'`, words: (v) => [`a ${v} b`], noDollar: true },
  'single, whole word': {
    code: `${P} 'PH'`,
    words: (v) => [v],
    dashSensitive: true,
    noDollar: true,
  },
  double: { code: `${P} "a PH b"`, words: (v) => [`a ${v} b`] },
  ansiC: { code: `${P} $'a PH b'`, words: (v) => [`a ${v} b`], noDollar: true },
  concatenated: { code: `${P} --opt=PH/x`, words: (v) => [`--opt=${v}/x`] },
  'substitution in double quotes': {
    code: `${P} "x$(printf '%s' PH)y"`,
    words: (v) => [`x${v}y`],
    dashSensitive: true,
  },
  'backticks in double quotes': {
    code: `${P} "x\`printf '%s' PH\`y"`,
    words: (v) => [`x${v}y`],
    backquoted: true,
    dashSensitive: true,
  },
  'heredoc, expanding': {
    code: `while IFS= read -r l; do ${P} "$l"; done <<EOF\nPH\nEOF`,
    words: (v) => [v],
  },
  'heredoc, literal': {
    code: `while IFS= read -r l; do ${P} "$l"; done <<'EOF'\n:PH:\nEOF`,
    words: (v) => [`:${v}:`],
    noDollar: true,
  },
  assignment: { code: `X=PH; ${P} "$X"`, words: (v) => [v] },
  array: { code: `A=(PH b); ${P} "\${A[@]}"`, words: (v) => [v, 'b'] },
  'bash -c, single-quoted script': {
    code: `/bin/bash --noprofile --norc -c '${P} PH'`,
    words: (v) => [v],
    dashSensitive: true,
  },
  'bash -c, double-quoted script': {
    code: `/bin/bash --noprofile --norc -c "printf '%s\\0' \\"PH\\""`,
    words: (v) => [v],
    dashSensitive: true,
  },
  'eval of joined words': {
    code: `eval printf "'%s\\0'" PH`,
    words: (v) => [v],
    dashSensitive: true,
  },
  arithmetic: { code: `${P} $((PH + 1))`, words: (v) => [String(Number(v) + 1)], digitsOnly: true },
}

const STYLES: Record<string, { text: string; name: string; declared: string[] }> = {
  angle: { text: '<svc_name>', name: 'svc_name', declared: [] },
  upper: { text: '<SVC_NAME>', name: 'SVC_NAME', declared: [] },
  mustache: { text: '{{svc}}', name: 'svc', declared: [] },
  square: { text: '[SVC]', name: 'SVC', declared: [] },
  dollar: { text: '${SVC}', name: 'SVC', declared: ['SVC'] },
}

const HOSTILE = [
  "'",
  '"',
  '\\',
  '$',
  '`',
  '$(touch canary)',
  '`touch canary`',
  '; touch canary',
  '| touch canary',
  '&& touch canary',
  '& touch canary &',
  '> canary',
  '< /etc/passwd',
  "'; touch canary; '",
  '"; touch canary; "',
  '$((1+1))',
  '${HOME}',
  '$HOME',
  '!',
  '!!',
  '*',
  '?',
  '[a]',
  '{a,b}',
  '~',
  ' ',
  '  ',
  'a b',
  '#',
  '-',
  '--',
  '-rf',
  '--kubeconfig=/tmp/evil',
  'é',
  '日本',
  '😀',
  '\n',
  '\r',
  '\t',
  '\0',
  '\x1b[201~',
  'EOF',
  'x',
  '0',
  '7',
]
const hostile = fc
  .array(fc.constantFrom(...HOSTILE), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(''))

const hasControl = (v: string): boolean =>
  [...v].some((c) => (c.codePointAt(0) ?? 0) < 0x20 || c === '\x7f')

function bash(code: string): { words: string[]; status: number | null; stderr: string } {
  const r = spawnSync('/bin/bash', ['--noprofile', '--norc', '-c', code], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
    encoding: 'utf8',
    timeout: 10_000,
  })
  const out = r.stdout ?? ''
  return {
    words: out === '' ? [] : out.slice(0, -1).split('\0'),
    status: r.status,
    stderr: r.stderr,
  }
}

describe('shell placeholders filled by their place in the AST, run by real bash', () => {
  for (const [contextName, ctx] of Object.entries(CONTEXTS)) {
    for (const [styleName, style] of Object.entries(STYLES)) {
      if (style.text.startsWith('$') && ctx.noDollar) continue
      it(`${contextName}: ${styleName}`, () => {
        const code = ctx.code.replace('PH', style.text)
        const parameters = parametersOf(code, 1, style.declared, 'shell')
        expect(parameters.map((p) => p.name)).toEqual([style.name])
        fc.assert(
          fc.property(
            ctx.digitsOnly ? fc.oneof(hostile, fc.nat().map(String)) : hostile,
            (value) => {
              let filled: string
              try {
                filled = fillPlaceholders(
                  { code, kind: 'shell', parameters },
                  { [style.name]: value },
                )
              } catch (err) {
                expect(err).toBeInstanceOf(PlaceholderValueError)
                const why =
                  hasControl(value) ||
                  (ctx.dashSensitive === true && value.startsWith('-')) ||
                  (ctx.digitsOnly === true && !/^-?\d+$/.test(value)) ||
                  (ctx.backquoted === true && /[`\\$"]/.test(value)) ||
                  (contextName.startsWith('heredoc') && value === 'EOF')
                expect(why, `refused ${JSON.stringify(value)}: ${(err as Error).message}`).toBe(
                  true,
                )
                return
              }
              expect(hasControl(value), 'a control character was accepted').toBe(false)
              const r = bash(filled)
              expect(r.stderr, filled).toBe('')
              expect(r.words, filled).toEqual(ctx.words(value))
              expect(existsSync(CANARY), filled).toBe(false)
            },
          ),
          { numRuns: Number(process.env.SITREP_FILL_RUNS ?? 25) },
        )
      })
    }
  }

  it('refuses a leading dash where it would be an option, unless the runbook allows it', () => {
    const code = 'kubectl logs <pod>'
    const parameters = parametersOf(code, 1, [], 'shell')
    const values = { pod: '--kubeconfig=/tmp/evil' }
    expect(() => fillPlaceholders({ code, kind: 'shell', parameters }, values)).toThrow(
      /starts with "-"/,
    )
    const allowed = parameters.map((p) => ({ ...p, allowFlag: true }))
    expect(fillPlaceholders({ code, kind: 'shell', parameters: allowed }, values)).toBe(
      "kubectl logs '--kubeconfig=/tmp/evil'",
    )
  })

  it('leaves an undeclared $VAR to the target when no value is given', () => {
    const code = 'kubectl -n $NAMESPACE get pods'
    const parameters = parametersOf(code, 1, [], 'shell')
    expect(parameters).toEqual([
      expect.objectContaining({ name: 'NAMESPACE', syntax: 'env', fromEnvironment: true }),
    ])
    expect(fillPlaceholders({ code, kind: 'shell', parameters }, {})).toBe(code)
    expect(fillPlaceholders({ code, kind: 'shell', parameters }, { NAMESPACE: 'a b' })).toBe(
      "kubectl -n 'a b' get pods",
    )
  })
})
