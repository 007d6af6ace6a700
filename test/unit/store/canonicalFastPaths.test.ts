// The append path writes the canonical texts of an event's hash and of its row seal out by hand
// (issue #20: building and sorting objects per append cost a tenth of its time). These pin both
// to the generic canonicalJson, byte for byte, on many random events.
import { describe, expect, it } from 'vitest'
import type { JsonObject, JsonValue } from '../../../src/shared/contract'
import {
  canonicalV2,
  canonicalV2Generic,
  type HashedFields,
} from '../../../src/main/core/store/hashChain'
import { rowSeal, rowSealText } from '../../../src/main/core/store/timeline'
import { createHash } from 'node:crypto'

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)] as T
const text = (): string =>
  pick([
    '',
    'a',
    'note "quoted" \\ back',
    '障害 タイムアウト',
    '\u0000\u001f\u2028',
    '😀 emoji',
    'x'.repeat(300),
  ])

function value(depth: number): JsonValue {
  const r = Math.random()
  if (depth > 2 || r < 0.3)
    return pick<JsonValue>([text(), 0, -1.5, 1e21, true, false, null, 12345678901234])
  if (r < 0.6) return Array.from({ length: Math.floor(Math.random() * 4) }, () => value(depth + 1))
  const o: JsonObject = {}
  for (let i = 0; i < Math.floor(Math.random() * 5); i++)
    o[pick(['b', 'a', 'Z', 'é', '10', '2', text()])] = value(depth + 1)
  return o
}

function event(): HashedFields {
  return {
    uid: crypto.randomUUID(),
    incidentId: pick(['inc-1', 'インシデント', 'a"b']),
    seq: Math.floor(Math.random() * 1e6),
    at: Date.now() - Math.floor(Math.random() * 1e9),
    recordedAt: Date.now(),
    tz: pick(['Asia/Tokyo', 'UTC', 'America/New_York']),
    kind: pick(['note', 'field.changed', 'status.update']),
    actor: pick([null, 'aiko', '田中']),
    payload: value(0) as JsonObject,
    amends: pick([null, crypto.randomUUID()]),
    prevHash: '0'.repeat(64),
    hashVersion: 2,
  }
}

describe('canonical fast paths', () => {
  it('the version 2 hash text equals canonicalJson of the same fields', () => {
    for (let i = 0; i < 2_000; i++) {
      const e = event()
      if (Math.random() < 0.5) e.payload = { text: text(), nested: { b: 1, a: [text()] } }
      expect(canonicalV2(e)).toBe(canonicalV2Generic(e))
    }
  })

  it('the row seal hashes canonicalJson({id, recordedAt, hashVersion, hash})', () => {
    for (let i = 0; i < 500; i++) {
      const e = {
        recordedAt: Date.now() - i,
        hashVersion: pick([undefined, 1, 2]),
        hash: 'ab'.repeat(32),
      }
      const id = Math.floor(Math.random() * 1e9)
      const expected = createHash('sha256').update(rowSealText(id, e)).digest('hex')
      expect(rowSeal(id, e)).toBe(expected)
    }
  })
})
