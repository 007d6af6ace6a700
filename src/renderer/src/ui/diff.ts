// A line diff of one target's output against another's (which host differs?): longest common
// subsequence on lines, which is plenty for command output of a few thousand lines.
export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string }

const MAX_LINES = 1500

export function diffLines(base: string, other: string): DiffLine[] {
  const a = base.split('\n').slice(0, MAX_LINES)
  const b = other.split('\n').slice(0, MAX_LINES)
  const n = a.length
  const m = b.length
  // lcs[i][j] = length of the LCS of a[i..] and b[j..], in one flat array.
  const lcs = new Uint32Array((n + 1) * (m + 1))
  const at = (i: number, j: number): number => i * (m + 1) + j
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[at(i, j)] =
        a[i] === b[j]
          ? (lcs[at(i + 1, j + 1)] ?? 0) + 1
          : Math.max(lcs[at(i + 1, j)] ?? 0, lcs[at(i, j + 1)] ?? 0)
    }
  }
  const out: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] ?? '' })
      i++
      j++
    } else if ((lcs[at(i + 1, j)] ?? 0) >= (lcs[at(i, j + 1)] ?? 0)) {
      out.push({ kind: 'removed', text: a[i++] ?? '' })
    } else {
      out.push({ kind: 'added', text: b[j++] ?? '' })
    }
  }
  while (i < n) out.push({ kind: 'removed', text: a[i++] ?? '' })
  while (j < m) out.push({ kind: 'added', text: b[j++] ?? '' })
  return out
}
