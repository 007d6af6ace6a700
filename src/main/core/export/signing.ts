// Who wrote a hand-over bundle. Each install has an Ed25519 key pair, made on first use; the
// private key is sealed by the same KeyProvider as saved passwords (OS keychain or the 0600 key
// file) and kept in the settings table. An export signs the incident's chain head (incident id,
// seq, hash of the last event): the hash chain ties every earlier event to that head, so the
// signature covers the whole timeline as exported. Signatures from earlier hand-overs whose head
// is still in the chain travel on, so a receiver sees "install A signed #1–#10, install B #1–#15".
// A masked (redacted) event keeps the hash of its original (the chain needs it) and carries the
// exporter's signature over its masked form, so the receiver can still tell it was not changed
// after export. The public key in a bundle proves integrity under that key; who holds the key is
// the install id and name beside it, which a team can compare with the sender's (fingerprint).
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto'
import type Database from 'better-sqlite3'

const SETTINGS_KEY = 'export.signingKey'
const SIGNATURES_PREFIX = 'export.chainSignatures:'

/** One install's signature over a chain head, as carried in a bundle. */
export interface ChainSignature {
  install: string
  name: string
  /** Ed25519 public key, SPKI DER in base64. */
  publicKey: string
  seq: number
  hash: string
  signature: string
}

export interface Sealer {
  seal(plain: string): Buffer
  open(sealed: Buffer): string
}

export interface InstallSigner {
  publicKey: string
  sign(message: Buffer): string
}

/** What is signed for a chain head: a fixed prefix so no other Sitrep message can be replayed. */
export function headMessage(incidentId: string, seq: number, hash: string): Buffer {
  return Buffer.from(`sitrep-chain-head/1\n${incidentId}\n${seq}\n${hash}`, 'utf8')
}

/** What is signed for a masked event: its uid, the original's hash and the masked content's. */
export function maskedMessage(uid: string, originalHash: string, maskedHash: string): Buffer {
  return Buffer.from(`sitrep-masked-event/1\n${uid}\n${originalHash}\n${maskedHash}`, 'utf8')
}

/** A short, comparable name for a public key: the first 16 hex digits of its SHA-256. */
export function fingerprint(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64')).digest('hex').slice(0, 16)
}

/** Whether `signature` is `publicKey`'s Ed25519 signature of `message`; false for any bad input. */
export function verifySignature(publicKey: string, message: Buffer, signature: string): boolean {
  try {
    const key = createPublicKey({
      key: Buffer.from(publicKey, 'base64'),
      format: 'der',
      type: 'spki',
    })
    if (key.asymmetricKeyType !== 'ed25519') return false
    return verify(null, message, key, Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}

/** This install's signer: the key pair is made and sealed on first use. */
export function installSigner(db: Database.Database, sealer: Sealer): InstallSigner {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTINGS_KEY) as
    { value: string } | undefined
  let stored: { publicKey: string; sealed: string }
  if (row) stored = JSON.parse(row.value) as typeof stored
  else {
    const pair = generateKeyPairSync('ed25519')
    const privateDer = pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')
    stored = {
      publicKey: pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      sealed: sealer.seal(privateDer).toString('base64'),
    }
    db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(
      SETTINGS_KEY,
      JSON.stringify(stored),
    )
    // Another writer may have won the race: use whichever key was stored.
    const again = db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTINGS_KEY) as {
      value: string
    }
    stored = JSON.parse(again.value) as typeof stored
  }
  const privateKey = createPrivateKey({
    key: Buffer.from(sealer.open(Buffer.from(stored.sealed, 'base64')), 'base64'),
    format: 'der',
    type: 'pkcs8',
  })
  return {
    publicKey: stored.publicKey,
    sign: (message) => sign(null, message, privateKey).toString('base64'),
  }
}

/** Signatures received with earlier imports of this incident, kept to travel on. */
export function storedSignatures(db: Database.Database, incidentId: string): ChainSignature[] {
  const row = db
    .prepare('SELECT value FROM settings WHERE key = ?')
    .get(SIGNATURES_PREFIX + incidentId) as { value: string } | undefined
  if (!row) return []
  try {
    return JSON.parse(row.value) as ChainSignature[]
  } catch {
    return []
  }
}

export function storeSignatures(
  db: Database.Database,
  incidentId: string,
  signatures: readonly ChainSignature[],
): void {
  const known = storedSignatures(db, incidentId)
  const key = (s: ChainSignature): string => `${s.publicKey}/${s.seq}/${s.hash}`
  const seen = new Set(known.map(key))
  const merged = [...known, ...signatures.filter((s) => !seen.has(key(s)))]
  db.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(
    SIGNATURES_PREFIX + incidentId,
    JSON.stringify(merged),
  )
}
