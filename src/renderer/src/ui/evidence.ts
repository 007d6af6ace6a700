// "Mark this output": what a pane shows turned into a note on the timeline. The chain records
// the note's text, so the evidence is as tamper-evident as any other event. Pure.

/**
 * The last command's output from a pane's rows (oldest first, the cursor on the last row): the
 * prompt is what the cursor's row shows before the cursor, and the output is every row between
 * the previous row that starts with the same prompt and the cursor's row.
 */
export function lastCommandOutput(
  rows: readonly string[],
  cursorX: number,
): { text: string; command: string | null } | null {
  const last = rows.length - 1
  if (last < 1) return null
  const prompt = (rows[last] ?? '').slice(0, cursorX).trimEnd()
  if (prompt === '') return null
  for (let p = last - 1; p >= 0; p--) {
    const row = rows[p] ?? ''
    if (!row.startsWith(prompt)) continue
    const output = rows.slice(p + 1, last)
    while (output.length > 0 && (output[output.length - 1] ?? '').trim() === '') output.pop()
    if (output.length === 0) return null
    const command = row.slice(prompt.length).trim()
    return { text: output.join('\n'), command: command === '' ? null : command }
  }
  return null
}

/** Kept well under the contract's note limit; the newest part of a long output is kept. */
export const EVIDENCE_MAX_CHARS = 16_000

/** The note's Markdown: a heading naming the pane (and the command), the output fenced. */
export function evidenceMarkdown(heading: string, text: string): string {
  const body =
    text.length > EVIDENCE_MAX_CHARS ? `…\n${text.slice(text.length - EVIDENCE_MAX_CHARS)}` : text
  // A fence longer than any run of backticks in the output, so the output cannot close it.
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  return `${heading}\n\n${fence}text\n${body}\n${fence}`
}
