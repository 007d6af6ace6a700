// The parts of the OpenSSH-evaluated import that Sitrep does itself: listing aliases (Include
// followed like ssh: relative to ~/.ssh, globs, nesting), and the tokens ssh -G leaves for the
// client (IdentityFile, ProxyCommand). Temp folders only; ~/.ssh stands in as a temp folder.
import { mkdirSync, writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { expandProxyCommand } from '../../../src/main/core/sessions/ssh/proxyCommand'
import {
  expandIdentityPath,
  listConfigAliases,
} from '../../../src/main/core/sessions/ssh/sshConfigEval'
import { tempDir } from '../../helpers/tempDir'

function files(dir: string, tree: Record<string, string>): void {
  for (const [name, text] of Object.entries(tree)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), text)
  }
}

describe('alias listing', () => {
  it('follows Include like ssh: relative to ~/.ssh, globs in order, dotfiles only by a dot', () => {
    const sshDir = tempDir()
    const other = tempDir()
    files(sshDir, {
      config: [
        'Host top "quoted name" web-* !bad',
        'Include conf.d/*.conf',
        `Include ${other}/abs`,
        'Match host foo',
        '  Include nested/none-*',
        '',
      ].join('\n'),
      'conf.d/10-a.conf': 'Host a1 a2\n',
      'conf.d/20-b.conf': 'Host=b1\nInclude deeper\n',
      'conf.d/.hidden.conf': 'Host hidden\n',
      'conf.d/skip.txt': 'Host skipped\n',
      deeper: 'Host deep\n',
    })
    files(other, { abs: 'Host absolute\n' })
    const { aliases, warnings } = listConfigAliases(join(sshDir, 'config'), {
      userSshDir: sshDir,
      source: 'cfg',
    })
    expect(aliases).toEqual(['top', 'quoted name', 'a1', 'a2', 'b1', 'deep', 'absolute'])
    expect(warnings).toEqual([
      `cfg:5: Include nested/none-* matched no file (${join(sshDir, 'nested/none-*')})`,
    ])
  })

  it('an Include loop is refused with a clear error, not a stack overflow', () => {
    const dir = tempDir()
    files(dir, { loop: `Host x\nInclude ${join(dir, 'loop')}\n` })
    expect(() => listConfigAliases(join(dir, 'loop'), { userSshDir: dir })).toThrow(
      /nested more than 16 deep/,
    )
  })

  it('fuzz: any text lists only concrete names from Host lines, in bounded time', () => {
    const dir = tempDir()
    const line = fc.oneof(
      fc.constantFrom('Host a b', 'Host *', 'Host !x y*', 'Host "q w"', 'Host', 'Match all', ''),
      fc.string({ maxLength: 40 }),
      fc.string({ maxLength: 30 }).map((v) => `Host ${v}`),
    )
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        // No Include lines: the fuzz must not read folders outside its own.
        const text = lines.filter((l) => !/include/i.test(l)).join('\n')
        writeFileSync(join(dir, 'config'), text)
        const started = Date.now()
        const { aliases } = listConfigAliases(join(dir, 'config'), { userSshDir: dir })
        expect(Date.now() - started).toBeLessThan(500)
        for (const a of aliases) {
          expect(a).not.toMatch(/[*?!]/)
          expect(text).toContain(a)
        }
      }),
      { numRuns: 200 },
    )
  })
})

describe('tokens ssh -G leaves to the client', () => {
  const t = { host: '10.0.0.5', port: 2222, user: 'ops', alias: 'web-1' }

  it('IdentityFile: ~ and %d %u %r %h %p %n %%', () => {
    const me = userInfo()
    expect(expandIdentityPath('~/.ssh/%r@%h:%p', t)).toBe(`${me.homedir}/.ssh/ops@10.0.0.5:2222`)
    expect(expandIdentityPath('%d/k-%u-%n-100%%', t)).toBe(
      `${me.homedir}/k-${me.username}-web-1-100%`,
    )
  })

  it('ProxyCommand: %h %p %r %n %% as OpenSSH; an unknown token is refused, naming the host', () => {
    expect(expandProxyCommand('ssh -W %h:%p -l %r bastion # %n 100%%', t)).toBe(
      'ssh -W 10.0.0.5:2222 -l ops bastion # web-1 100%',
    )
    expect(() => expandProxyCommand('nc %h %z', t)).toThrow(/web-1 uses the token %z/)
    expect(() => expandProxyCommand('nc %h %', t)).toThrow(/token %/)
  })
})
