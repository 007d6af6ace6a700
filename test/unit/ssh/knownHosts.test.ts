// known_hosts as OpenSSH writes it: the hashed form is produced by the real ssh-keygen -H.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fingerprintOf, KnownHosts } from '../../../src/main/core/sessions/ssh/knownHosts'
import { tempDir } from '../../helpers/tempDir'

function keyPair(dir: string, name: string): { type: string; blob: Buffer; fingerprint: string } {
  const path = join(dir, name)
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path])
  const [type, b64] = readFileSync(`${path}.pub`, 'utf8').trim().split(/\s+/)
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${path}.pub`], {
    encoding: 'utf8',
  }).split(/\s+/)[1]
  return {
    type: type as string,
    blob: Buffer.from(b64 as string, 'base64'),
    fingerprint: fingerprint as string,
  }
}

describe('known_hosts', () => {
  it('computes fingerprints exactly as ssh-keygen prints them', () => {
    const k = keyPair(tempDir(), 'a')
    expect(fingerprintOf(k.blob)).toBe(k.fingerprint)
  })

  it('trusts plain and [host]:port entries, refuses a changed key naming both fingerprints', () => {
    const dir = tempDir()
    const good = keyPair(dir, 'good')
    const evil = keyPair(dir, 'evil')
    const kh = new KnownHosts().add(
      `# comment\ndb-1.example,10.0.0.5 ${good.type} ${good.blob.toString('base64')}\n[127.0.0.1]:2222 ${good.type} ${good.blob.toString('base64')}\n`,
      'known_hosts',
    )
    expect(kh.verify('db-1.example', 22, good.type, good.blob)).toEqual({
      kind: 'trusted',
      source: 'known_hosts:2',
    })
    expect(kh.verify('127.0.0.1', 2222, good.type, good.blob).kind).toBe('trusted')
    // Port matters: the same host on 22 is a different entry.
    expect(kh.verify('127.0.0.1', 22, good.type, good.blob).kind).toBe('unknown')
    const changed = kh.verify('10.0.0.5', 22, evil.type, evil.blob)
    expect(changed).toEqual({
      kind: 'changed',
      fingerprint: evil.fingerprint,
      expected: [{ fingerprint: good.fingerprint, source: 'known_hosts:2' }],
    })
  })

  it('reads entries hashed by ssh-keygen -H', () => {
    const dir = tempDir()
    const k = keyPair(dir, 'k')
    const file = join(dir, 'known_hosts')
    writeFileSync(
      file,
      `[127.0.0.1]:4022 ${k.type} ${k.blob.toString('base64')}\nweb-3 ${k.type} ${k.blob.toString('base64')}\n`,
    )
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' })
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain('127.0.0.1')
    expect(text).toContain('|1|')
    const kh = new KnownHosts().add(text, file)
    expect(kh.verify('127.0.0.1', 4022, k.type, k.blob).kind).toBe('trusted')
    expect(kh.verify('web-3', 22, k.type, k.blob).kind).toBe('trusted')
    expect(kh.verify('web-4', 22, k.type, k.blob).kind).toBe('unknown')
  })

  it('honours wildcards, negation and @revoked', () => {
    const dir = tempDir()
    const k = keyPair(dir, 'k')
    const b64 = k.blob.toString('base64')
    const kh = new KnownHosts().add(
      `*.prod.example,!bastion.prod.example ${k.type} ${b64}\n@revoked * ${k.type} ${b64}\n`,
      'kh',
    )
    expect(kh.keysFor('api.prod.example', 22)).toHaveLength(1)
    expect(kh.keysFor('bastion.prod.example', 22)).toHaveLength(0)
    expect(kh.verify('api.prod.example', 22, k.type, k.blob)).toMatchObject({
      kind: 'revoked',
      source: 'kh:2',
    })
  })

  it('reports unreadable lines without failing', () => {
    const kh = new KnownHosts().add('garbage\nhost ssh-ed25519 !!notbase64!!\n', 'kh')
    expect(kh.warnings).toEqual(['kh:1: not a known_hosts entry', 'kh:2: not a known_hosts entry'])
  })
})
