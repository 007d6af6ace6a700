// Decides whether to continue an SSH handshake, before any credential is sent: keys from
// ~/.ssh/known_hosts and from Sitrep's own known_hosts file are trusted; an unknown key is put to
// the responder with its SHA256 fingerprint; a changed or revoked key is refused outright.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { SitrepError } from '../../errors'
import { hostKeyName, KnownHosts, knownHostsLine } from './knownHosts'

export class HostKeyChangedError extends SitrepError {
  constructor(
    host: string,
    port: number,
    got: string,
    expected: { fingerprint: string; source: string }[],
  ) {
    const was = expected.map((e) => `${e.fingerprint} (${e.source})`).join(', ')
    super(
      'host_key_changed',
      `The host key of ${hostKeyName(host, port)} has CHANGED: expected ${was}, the server now shows ${got}. ` +
        'Sitrep refused to connect and sent no credentials. This can be a man-in-the-middle attack or a reinstalled server: ' +
        `confirm the new fingerprint with the server's owner, then remove the old entry (ssh-keygen -R '${hostKeyName(host, port)}') and connect again.`,
    )
  }
}

export class HostKeyRejectedError extends SitrepError {
  constructor(host: string, port: number, fingerprint: string, why: string) {
    super(
      'host_key_rejected',
      `Not connected to ${hostKeyName(host, port)} (key ${fingerprint}): ${why}. No credentials were sent.`,
    )
  }
}

export interface UnknownHostKey {
  host: string
  port: number
  keyType: string
  fingerprint: string
  /** Key types already on record for this host, if any (a type switch deserves a second look). */
  knownTypes: string[]
}

/** Asks the responder; resolves true to trust (and remember) the key. */
export type ConfirmHostKey = (key: UnknownHostKey) => Promise<boolean>

export interface HostTrustOptions {
  /** Sitrep's own known_hosts file (in the data folder). */
  appFile: string
  /** OpenSSH's file; read-only for Sitrep. */
  userFile?: string
  confirm: ConfirmHostKey
}

function readIfPresent(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

export class HostTrust {
  constructor(private readonly opts: HostTrustOptions) {}

  private load(): KnownHosts {
    const user = this.opts.userFile ?? join(homedir(), '.ssh', 'known_hosts')
    return new KnownHosts()
      .add(readIfPresent(user), user)
      .add(readIfPresent(this.opts.appFile), this.opts.appFile)
  }

  /** Resolves when the key may be trusted; rejects with a typed error otherwise. */
  async check(host: string, port: number, keyBlob: Buffer): Promise<void> {
    const keyType = keyTypeOf(keyBlob)
    const verdict = this.load().verify(host, port, keyType, keyBlob)
    switch (verdict.kind) {
      case 'trusted':
        return
      case 'changed':
        throw new HostKeyChangedError(host, port, verdict.fingerprint, verdict.expected)
      case 'revoked':
        throw new HostKeyRejectedError(
          host,
          port,
          verdict.fingerprint,
          `the key is marked @revoked in ${verdict.source}`,
        )
      case 'unknown': {
        const ok = await this.opts.confirm({
          host,
          port,
          keyType,
          fingerprint: verdict.fingerprint,
          knownTypes: verdict.knownTypes,
        })
        if (!ok)
          throw new HostKeyRejectedError(
            host,
            port,
            verdict.fingerprint,
            'the responder did not trust this new key',
          )
        mkdirSync(dirname(this.opts.appFile), { recursive: true })
        appendFileSync(this.opts.appFile, `${knownHostsLine(host, port, keyType, keyBlob)}\n`, {
          mode: 0o600,
        })
      }
    }
  }
}

/** The key type name at the start of an SSH public key blob (uint32 length + ASCII name). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown'
  const len = blob.readUInt32BE(0)
  return len > 0 && len < 64 && blob.length >= 4 + len
    ? blob.subarray(4, 4 + len).toString('ascii')
    : 'unknown'
}
