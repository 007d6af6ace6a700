// Reading a command's options the way its own parser would: which words are flags, which are a
// flag's value, and where the operands (or the wrapped command) begin.

export type Arg = string | null

export interface OptionSpec {
  /** Short (`-u`) and long (`--user`) flags that take the next word as their value. */
  values: ReadonlySet<string>
  /** Stop at the first operand (wrappers: everything after it is the wrapped command). */
  stopAtOperand?: boolean
}

export interface ReadOptions {
  /** Flags seen, with their values (null for a bare flag or a dynamic value). */
  flags: Array<{ flag: string; value: Arg }>
  operands: Arg[]
  /** Index in `args` of the first operand when stopAtOperand, else args.length. */
  rest: number
}

export function readOptions(args: readonly Arg[], spec: OptionSpec): ReadOptions {
  const flags: ReadOptions['flags'] = []
  const operands: Arg[] = []
  let i = 0
  for (; i < args.length; i++) {
    const a = args[i]
    if (a === undefined) break
    if (a === null || !a.startsWith('-') || a === '-') {
      if (spec.stopAtOperand) break
      operands.push(a)
      continue
    }
    if (a === '--') {
      i++
      if (!spec.stopAtOperand) operands.push(...args.slice(i))
      break
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      if (eq > 0) flags.push({ flag: a.slice(0, eq), value: a.slice(eq + 1) })
      else if (spec.values.has(a)) flags.push({ flag: a, value: args[++i] ?? null })
      else flags.push({ flag: a, value: null })
      continue
    }
    // A cluster of short flags: `-iu postgres`, `-n5`.
    for (let k = 1; k < a.length; k++) {
      const f = `-${a[k] ?? ''}`
      if (spec.values.has(f)) {
        const attached = a.slice(k + 1)
        flags.push({ flag: f, value: attached !== '' ? attached : (args[++i] ?? null) })
        break
      }
      flags.push({ flag: f, value: null })
    }
  }
  return { flags, operands, rest: i }
}

export const has = (o: ReadOptions, ...names: string[]): boolean =>
  o.flags.some((f) => names.includes(f.flag))

export const valuesOf = (o: ReadOptions, ...names: string[]): Arg[] =>
  o.flags.filter((f) => names.includes(f.flag)).map((f) => f.value)

export const set = (...items: string[]): ReadonlySet<string> => new Set(items)

/** docker's own options that take a value, before its subcommand. */
export const DOCKER_GLOBAL_VALUES = [
  '-H',
  '--host',
  '--context',
  '-c',
  '--config',
  '-l',
  '--log-level',
]

/** `docker compose` options that take a value (also accepted before `compose` by docker-compose). */
export const COMPOSE_VALUES = [
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--project-directory',
  '--env-file',
  '--profile',
]
