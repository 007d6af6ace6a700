// Passwords typed into the Redis console never reach the screen's echo, the transcript or the
// timeline: AUTH's arguments, HELLO's AUTH pair, MIGRATE's AUTH/AUTH2, ACL SETUSER's >password
// and #hash rules, and CONFIG SET of requirepass/masterauth/masteruser. The same rule masks a
// half-typed line (by its blank-separated words) and a parsed argv.

export const MASK = '****'

/** Indices of the words that are secrets, given the words so far. */
export function secretWords(words: readonly string[]): Set<number> {
  const w = words.map((x) => x.toLowerCase())
  const out = new Set<number>()
  const cmd = w[0]
  if (cmd === 'auth') {
    for (let i = 1; i < w.length; i++) out.add(i)
  } else if (cmd === 'hello' || cmd === 'migrate') {
    for (let i = 1; i < w.length; i++) {
      if (w[i] === 'auth') {
        // HELLO … AUTH user pass; MIGRATE … AUTH pass
        const n = cmd === 'hello' ? 2 : 1
        for (let k = 1; k <= n; k++) out.add(i + k)
      } else if (cmd === 'migrate' && w[i] === 'auth2') {
        out.add(i + 1)
        out.add(i + 2)
      }
    }
  } else if (cmd === 'acl' && w[1] === 'setuser') {
    for (let i = 3; i < w.length; i++) {
      if (/^[>#<!]/.test(words[i] ?? '')) out.add(i)
    }
  } else if (cmd === 'config' && w[1] === 'set') {
    for (let i = 2; i < w.length; i += 2) {
      if (['requirepass', 'masterauth', 'masteruser'].includes(w[i] ?? '')) out.add(i + 1)
    }
  }
  for (const i of out) if (i >= w.length) out.delete(i)
  return out
}

/** A parsed argv with its secrets masked. */
export function redactArgv(argv: readonly string[]): string[] {
  const secret = secretWords(argv)
  return argv.map((a, i) => (secret.has(i) ? MASK : a))
}

/**
 * A line as it is being typed, secrets shown as stars of the same length (the responder sees
 * their keystrokes land, nobody reading over a shoulder or a transcript sees the password).
 */
export function maskTyping(line: string): string {
  const lead = /^\s*/.exec(line)?.[0] ?? ''
  const parts = line.slice(lead.length).split(/(\s+)/)
  const words = parts.filter((_, i) => i % 2 === 0)
  const secret = secretWords(words)
  const masked = parts
    .map((p, i) => (i % 2 === 0 && secret.has(i / 2) ? '*'.repeat([...p].length) : p))
    .join('')
  return lead + masked
}
