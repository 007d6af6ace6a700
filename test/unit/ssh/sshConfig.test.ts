import { homedir } from 'node:os'
import { describe, expect, it } from 'vitest'
import { parseSshConfig } from '../../../src/main/core/sessions/ssh/sshConfig'

const CONFIG = `
# production
Host bastion
  HostName bastion.prod.example
  User ops

Host db-1 db-2
  HostName %h.internal
  ProxyJump bastion
  IdentityFile ~/.ssh/prod_ed25519

Host web-*
  User deploy

Host web-1
  HostName=10.0.1.11
  Port 2222

Match host *.lab
  User lab

Host *
  User fallback
  IdentityFile ~/.ssh/id_ed25519
`

describe('ssh config import', () => {
  it('imports concrete hosts with first-value-wins and accumulated identity files', () => {
    const { hosts, warnings } = parseSshConfig(CONFIG)
    const byAlias = Object.fromEntries(hosts.map((h) => [h.alias, h]))
    expect(Object.keys(byAlias).sort()).toEqual(['bastion', 'db-1', 'db-2', 'web-1'])
    expect(byAlias.bastion).toMatchObject({
      hostName: 'bastion.prod.example',
      port: 22,
      user: 'ops',
      proxyJump: [],
    })
    expect(byAlias['db-1']).toMatchObject({
      hostName: 'db-1.internal',
      user: 'fallback',
      proxyJump: ['bastion'],
      identityFiles: [`${homedir()}/.ssh/prod_ed25519`, `${homedir()}/.ssh/id_ed25519`],
    })
    expect(byAlias['web-1']).toMatchObject({ hostName: '10.0.1.11', port: 2222, user: 'deploy' })
    expect(warnings).toEqual(['~/.ssh/config:19: Match blocks are not imported'])
  })

  it('names the line of a config that does not parse', () => {
    expect(() => parseSshConfig('Host a\n  Port twenty-two\n', 'cfg')).toThrow(
      'cfg, line 2: Port "twenty-two" is not a number',
    )
    expect(() => parseSshConfig('Host a\n  HostName\n', 'cfg')).toThrow(
      'cfg, line 2: "HostName" has no value',
    )
    expect(() => parseSshConfig('Host a\n  User "ops\n', 'cfg')).toThrow(
      'cfg, line 2: unclosed quote',
    )
    expect(() => parseSshConfig('Host a\n  Port 70000\n', 'cfg')).toThrow(
      /line 2: Port 70000 is out of range/,
    )
  })

  it('reads CRLF files and Japanese comments', () => {
    const { hosts } = parseSshConfig('# 本番DB\r\nHost db\r\n  HostName 10.0.0.9\r\n')
    expect(hosts).toEqual([
      {
        alias: 'db',
        hostName: '10.0.0.9',
        port: 22,
        user: null,
        identityFiles: [],
        proxyJump: [],
        proxyCommand: null,
      },
    ])
  })

  it('keeps a ProxyCommand as written unless a ProxyJump came first (OpenSSH: first one wins)', () => {
    const { hosts } = parseSshConfig(
      'Host a\n  ProxyCommand ssh -W %h:%p bastion\n  ProxyJump j\nHost b\n  ProxyJump j\n  ProxyCommand nc %h %p\nHost j\n',
    )
    const by = Object.fromEntries(hosts.map((h) => [h.alias, h]))
    expect(by.a).toMatchObject({ proxyJump: [], proxyCommand: 'ssh -W %h:%p bastion' })
    expect(by.b).toMatchObject({ proxyJump: ['j'], proxyCommand: null })
  })
})
