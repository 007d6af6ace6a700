// Host-key trust, read the way OpenSSH reads ~/.ssh/known_hosts: plain and hashed (|1|salt|hmac)
// host patterns, [host]:port entries, wildcards and negations, @revoked markers. The verdict
// decides before any credential is sent whether a server is who it claims to be.
import { createHash, createHmac } from 'node:crypto'

export interface KnownKey {
  type: string
  /** base64 of the public key blob, as written in the file. */
  key: string
  source: string
}

export type HostKeyVerdict =
  | { kind: 'trusted'; source: string }
  | { kind: 'unknown'; fingerprint: string; knownTypes: string[] }
  | { kind: 'changed'; fingerprint: string; expected: { fingerprint: string; source: string }[] }
  | { kind: 'revoked'; fingerprint: string; source: string }

interface Entry {
  marker: 'revoked' | 'cert-authority' | null
  patterns: string[]
  type: string
  key: string
  source: string
}

/** OpenSSH's fingerprint format: SHA256:<base64 without padding>. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`
}

/** The name OpenSSH looks up: bare host on port 22, [host]:port otherwise. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`
}

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${escaped}$`, 'i')
}

function hashedMatches(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|')
  if (magic !== '1' || !salt || !hash) return false
  const mac = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64')
  return mac === hash
}

/** True when `name` matches the comma-separated pattern list (a negated match wins). */
function patternsMatch(patterns: string[], name: string): boolean {
  let matched = false
  for (const p of patterns) {
    if (p.startsWith('|')) {
      if (hashedMatches(p, name)) matched = true
      continue
    }
    const negated = p.startsWith('!')
    const body = negated ? p.slice(1) : p
    if (wildcardToRegExp(body).test(name)) {
      if (negated) return false
      matched = true
    }
  }
  return matched
}

export class KnownHosts {
  private readonly entries: Entry[] = []
  /** Lines that could not be read; reported, never fatal (OpenSSH skips them too). */
  readonly warnings: string[] = []

  add(text: string, sourceName: string): this {
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim()
      if (!line || line.startsWith('#')) return
      const fields = line.split(/\s+/)
      let marker: Entry['marker'] = null
      if (fields[0]?.startsWith('@')) {
        const m = fields.shift()
        if (m === '@revoked') marker = 'revoked'
        else if (m === '@cert-authority') marker = 'cert-authority'
        else return void this.warnings.push(`${sourceName}:${i + 1}: unknown marker ${m}`)
      }
      const [hosts, type, key] = fields
      if (!hosts || !type || !key || !/^[A-Za-z0-9+/]+={0,2}$/.test(key)) {
        return void this.warnings.push(`${sourceName}:${i + 1}: not a known_hosts entry`)
      }
      this.entries.push({
        marker,
        patterns: hosts.split(','),
        type,
        key,
        source: `${sourceName}:${i + 1}`,
      })
    })
    return this
  }

  keysFor(host: string, port: number): KnownKey[] {
    const name = hostKeyName(host, port)
    return this.entries
      .filter((e) => e.marker === null && patternsMatch(e.patterns, name))
      .map(({ type, key, source }) => ({ type, key, source }))
  }

  verify(host: string, port: number, keyType: string, keyBlob: Buffer): HostKeyVerdict {
    const fingerprint = fingerprintOf(keyBlob)
    const presented = keyBlob.toString('base64')
    const revoked = this.entries.find((e) => e.marker === 'revoked' && e.key === presented)
    if (revoked) return { kind: 'revoked', fingerprint, source: revoked.source }
    const known = this.keysFor(host, port)
    const exact = known.find((k) => k.key === presented)
    if (exact) return { kind: 'trusted', source: exact.source }
    // Same key type on record but a different key: the host key changed. Refuse.
    const sameType = known.filter((k) => k.type === keyType)
    if (sameType.length > 0) {
      return {
        kind: 'changed',
        fingerprint,
        expected: sameType.map((k) => ({
          fingerprint: fingerprintOf(Buffer.from(k.key, 'base64')),
          source: k.source,
        })),
      }
    }
    return { kind: 'unknown', fingerprint, knownTypes: [...new Set(known.map((k) => k.type))] }
  }
}

/** A known_hosts line for a host the responder accepted (plain, so it stays readable). */
export function knownHostsLine(
  host: string,
  port: number,
  keyType: string,
  keyBlob: Buffer,
): string {
  return `${hostKeyName(host, port)} ${keyType} ${keyBlob.toString('base64')}`
}
