// Issue #17: each install signs its chain head with its own Ed25519 key (sealed like saved
// passwords); bundles carry the public key and signature; import says which installs signed
// what and refuses a bundle changed after signing; masked events carry the original's hash and
// a signature over their masked form.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import type { ChainSignature } from '../../../src/main/core/export/signing'
import { fingerprint } from '../../../src/main/core/export/signing'
import { buildFixture, makeCore, MIN } from './fixture'

const cores: Core[] = []
afterEach(() => {
  for (const c of cores.splice(0)) c.close()
})
const track = <T extends { core: Core }>(x: T): T => (cores.push(x.core), x)

interface Parsed {
  origin: { id: string; name: string }
  events: {
    seq: number
    hash: string
    payload: Record<string, unknown>
    redacted?: true
    maskedSignature?: string
  }[]
  signatures: ChainSignature[]
}

async function bundleOf(core: Core, incidentId: string): Promise<string> {
  const r = await core.exports().service.run({
    incidentId,
    format: 'json',
    lang: 'en',
    patterns: [],
    inline: false,
  })
  return readFileSync(r.files[0]!.path, 'utf8')
}

describe('signed hand-over bundles', () => {
  it('the exporter signs its chain head with a key kept sealed; the receiver names the signer', async () => {
    const a = track(buildFixture({ secrets: false }))
    const id = a.incident.id
    const text = await bundleOf(a.core, id)
    const b = JSON.parse(text) as Parsed
    expect(b.signatures).toHaveLength(1)
    const [sig] = b.signatures
    expect(sig).toMatchObject({
      install: b.origin.id,
      seq: b.events.length,
      hash: b.events.at(-1)!.hash,
    })
    // The private key is not in the settings table in the clear: only its sealed form.
    const row = a.core.data
      .require()
      .db.prepare("SELECT value FROM settings WHERE key = 'export.signingKey'")
      .get() as { value: string }
    const stored = JSON.parse(row.value) as { publicKey: string; sealed: string }
    expect(stored.publicKey).toBe(sig!.publicKey)
    expect(Object.keys(stored).sort()).toEqual(['publicKey', 'sealed'])
    // A second export uses the same install key.
    expect((JSON.parse(await bundleOf(a.core, id)) as Parsed).signatures[0]!.publicKey).toBe(
      sig!.publicKey,
    )

    const other = track(makeCore())
    const result = other.core.exports().import({ content: text, actor: null })
    expect(result.signers).toEqual([
      {
        install: b.origin.id,
        name: b.origin.name,
        fingerprint: fingerprint(sig!.publicKey),
        throughSeq: b.events.length,
      },
    ])
  })

  it('refuses a bundle changed after signing, even when its hash chain was rebuilt to match', async () => {
    const a = track(buildFixture({ secrets: false }))
    const text = await bundleOf(a.core, a.incident.id)
    const other = track(makeCore())
    const cases: [string, (b: Parsed) => void, RegExp][] = [
      [
        'signature bytes changed',
        (b) => {
          const s = b.signatures[0]!
          s.signature = Buffer.from(
            Buffer.from(s.signature, 'base64').map((x, i) => (i === 0 ? x ^ 1 : x)),
          ).toString('base64')
        },
        /does not verify/,
      ],
      [
        'another key claims the install',
        (b) => {
          b.signatures[0]!.publicKey = b.signatures[0]!.publicKey.replace(/.{4}$/, 'AAAA')
        },
        /does not verify/,
      ],
      [
        'last event dropped with its signature moved',
        (b) => {
          b.events.pop()
          ;(b as unknown as { end: { events: number } }).end.events--
        },
        /covers event #\d+, which this bundle does not hold/,
      ],
      [
        'signature removed but others remain',
        (b) => {
          b.signatures[0]!.install = 'someone-else'
        },
        /not by the laptop that exported it/,
      ],
    ]
    for (const [, change, message] of cases) {
      const b = JSON.parse(text) as Parsed
      change(b)
      expect(() =>
        other.core.exports().import({ content: JSON.stringify(b), actor: null }),
      ).toThrow(message)
    }
    // An unsigned bundle (an older version) still imports, and says it is unsigned.
    const { signatures: _dropped, ...unsigned } = JSON.parse(text) as Parsed
    void _dropped
    expect(
      other.core.exports().import({ content: JSON.stringify(unsigned), actor: null }).signers,
    ).toEqual([])
  })

  it('masked events keep the original hash and a signature over the masked form', async () => {
    const a = track(buildFixture({ secrets: true }))
    const text = await bundleOf(a.core, a.incident.id)
    const b = JSON.parse(text) as Parsed
    const masked = b.events.filter((e) => e.redacted)
    expect(masked.length).toBeGreaterThan(0)
    for (const e of masked) expect(e.maskedSignature).toMatch(/^[A-Za-z0-9+/]+=*$/)
    // The original's hash is what the chain links: the event after it points at it.
    const first = masked[0]!
    const next = b.events.find((e) => e.seq === first.seq + 1) as unknown as { prevHash: string }
    expect(next.prevHash).toBe(first.hash)
    const other = track(makeCore())
    // Changing the masked text breaks its signature even though its content hash was never checked.
    const changed = JSON.parse(text) as Parsed
    const target = changed.events.find((e) => e.seq === first.seq)!
    target.payload = { ...target.payload, text: 'nothing to see here' }
    expect(() =>
      other.core.exports().import({ content: JSON.stringify(changed), actor: null }),
    ).toThrow(new RegExp(`masked event #${first.seq} does not carry a valid signature`))
    expect(other.core.exports().import({ content: text, actor: null }).redactedEvents).toBe(
      masked.length,
    )
  })

  it('signatures travel on: after a hand-over and new events, both installs are named', async () => {
    const a = track(buildFixture({ secrets: false }))
    const id = a.incident.id
    const fromA = JSON.parse(await bundleOf(a.core, id)) as Parsed
    const b = track(makeCore())
    b.core.exports().import({ content: JSON.stringify(fromA), actor: null })
    b.clock.now += 90 * MIN
    b.core
      .incidents()
      .incidents.addNote(id, { text: 'handed over to the night shift', actor: 'kenji' })
    const fromB = await bundleOf(b.core, id)
    const c = track(makeCore())
    const result = c.core.exports().import({ content: fromB, actor: null })
    expect(result.signers.map((s) => [s.install, s.throughSeq])).toEqual([
      [fromA.origin.id, fromA.events.length],
      [(JSON.parse(fromB) as Parsed).origin.id, fromA.events.length + 1],
    ])
    expect(result.signers[0]!.fingerprint).not.toBe(result.signers[1]!.fingerprint)
  })
})
