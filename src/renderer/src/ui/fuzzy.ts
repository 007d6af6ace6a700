// Fuzzy matching for the command palette: the typed letters in order, anywhere in a name, best
// when they start words or run together. Both languages' names are searched, so "note" and
// 「ノート」 find the same action whatever the UI language. Text is NFKC-folded first: half-width
// ｶﾀｶﾅ and full-width ＡＢＣ match what was typed either way.

export function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

/**
 * A score for `query` in `name` (higher is better), or null when the letters are not all there
 * in order. Spaces in the query separate words that may match anywhere, in any order.
 */
export function fuzzyScore(query: string, name: string): number | null {
  const words = fold(query).split(/\s+/).filter(Boolean)
  if (words.length === 0) return 0
  const hay = fold(name)
  let total = 0
  for (const w of words) {
    const s = wordScore(w, hay)
    if (s === null) return null
    total += s
  }
  // Shorter names win ties: "Add note" before "Add pinned note" for "note".
  return total - hay.length / 100
}

function wordScore(word: string, hay: string): number | null {
  const direct = hay.indexOf(word)
  if (direct >= 0) {
    const atStart = direct === 0 || /[\s:/(（・-]/.test(hay[direct - 1] ?? '')
    return 10 * word.length + (atStart ? 8 : 0) + (direct === 0 ? 4 : 0)
  }
  let score = 0
  let from = 0
  let last = -2
  for (const ch of word) {
    const at = hay.indexOf(ch, from)
    if (at < 0) return null
    score += at === last + 1 ? 3 : 1
    if (at === 0 || /[\s:/(（・-]/.test(hay[at - 1] ?? '')) score += 2
    last = at
    from = at + 1
  }
  return score
}

/** The best score over a thing's names (each language's), or null when none matches. */
export function bestScore(query: string, names: readonly string[]): number | null {
  let best: number | null = null
  for (const n of names) {
    const s = fuzzyScore(query, n)
    if (s !== null && (best === null || s > best)) best = s
  }
  return best
}
