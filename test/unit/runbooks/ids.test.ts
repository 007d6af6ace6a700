// Step and section ids are derived from their text; a re-imported runbook keeps the checklist
// state an incident recorded only if the derivation never changes. slug() takes a shortcut for
// long labels (it slugs a prefix); these properties prove the shortcut gives the same id as
// slugging the whole label, for every kind of text people paste into runbooks.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { makeId, shortHash, slug } from '../../../src/main/core/runbooks/ids'

/** The definition, written out in full: what ids were before the shortcut existed. */
function fullSlug(text: string, max = 40): string {
  const s = text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
  return [...s].slice(0, max).join('').replace(/-+$/, '') || 'x'
}

// Pieces that stress the cut: combining marks NFKC composes, a final sigma, astral letters,
// full-width forms NFKC folds, runs of separators, Japanese.
const piece = fc.constantFrom(
  'e\u0301',
  'Σ',
  'ΟΔΟΣ ',
  '𝐀𝐁',
  '😀',
  'ＡＢＣ１２',
  ' -- ',
  '\n\n',
  'ﬁ',
  'İ',
  'ノード',
  'kubectl get pods',
  '   ',
  '/',
)
const longText = fc
  .array(fc.oneof(piece, fc.string({ unit: 'grapheme', maxLength: 8 })), { maxLength: 400 })
  .map((parts) => parts.join(''))

describe('runbook ids', () => {
  it('slug of a long label equals slugging all of it', () => {
    fc.assert(
      fc.property(longText, fc.integer({ min: 1, max: 80 }), (text, max) => {
        expect(slug(text, max)).toBe(fullSlug(text, max))
      }),
      { numRuns: 3000 },
    )
  })

  it('an ASCII label (the fast path) slugs as the Unicode definition does', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary-ascii', maxLength: 120 }),
        fc.integer({ min: 1, max: 80 }),
        (text, max) => {
          expect(slug(text, max)).toBe(fullSlug(text, max))
        },
      ),
      { numRuns: 5000 },
    )
  })

  it('a label whose prefix is mostly separators still slugs from the whole text', () => {
    const text = `${'-'.repeat(1000)}restart nginx`
    expect(slug(text)).toBe('restart-nginx')
    expect(slug(`${'e\u0301'.repeat(400)}Σ end`, 40)).toBe(
      fullSlug(`${'e\u0301'.repeat(400)}Σ end`),
    )
  })

  it('ids and hashes are the ones earlier versions gave (checklist state survives upgrades)', () => {
    // Fixed values: sha1 of the joined parts, first 8 hex digits.
    expect(shortHash('a', 'b')).toBe('4a3dec2d')
    expect(makeId('step', 'Restart nginx', 'Recovery')).toBe('step-restart-nginx-438857bc')
  })
})
