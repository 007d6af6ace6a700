// Reads hosts from an ssh config the way OpenSSH itself does: Sitrep only lists the aliases
// (every concrete name on a Host line, following Include as ssh does), then asks `ssh -G` for
// each one. ssh prints the effective options after Include, Match, tokens and canonicalisation,
// so a host imports exactly as `ssh ALIAS` would reach it. Sitrep's own reader (sshConfig.ts)
// is used only when there is no `ssh` to ask, and the import says so.
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { hostname as localHostName, tmpdir, userInfo } from 'node:os'
import { isAbsolute, join, sep } from 'node:path'
import { InvalidParamsError } from '../../errors'
import type { ImportedHost } from '../../targets/targets'
import { globMatches, parseSshConfig, splitConfigLine, splitWords } from './sshConfig'

/** A host whose evaluation failed: it is not imported, and the responder is told why. */
export interface FailedHost {
  alias: string
  error: string
}

export interface ConfigImport {
  hosts: ImportedHost[]
  warnings: string[]
  failed: FailedHost[]
  /** 'openssh' when `ssh -G` evaluated every host; 'sitrep' when Sitrep's own reader had to. */
  evaluatedBy: 'openssh' | 'sitrep'
}

export interface EvalOptions {
  /** The ssh client to ask; default `ssh` from PATH. */
  sshPath?: string
  /** How the file is named in messages (a pasted config is a temp file). */
  source?: string
  /** Where a relative Include is looked up: OpenSSH uses the account's ~/.ssh (getpwuid, not $HOME). */
  userSshDir?: string
  timeoutMs?: number
}

/** OpenSSH's READCONF_MAX_DEPTH: Include nested deeper than this is an error in ssh too. */
const MAX_INCLUDE_DEPTH = 16
const CONCURRENCY = 4

function accountHome(): string {
  return userInfo().homedir
}

/** `*` and `?` per path segment, case-sensitive like glob(3); a leading dot needs a dot. */
function globPaths(pattern: string): string[] {
  const parts = pattern.split(/[/\\]+/)
  let found = [isAbsolute(pattern) ? (parts[0] === '' ? sep : `${parts[0]}${sep}`) : '.']
  for (const part of parts.slice(1)) {
    if (part === '') continue
    const next: string[] = []
    for (const base of found) {
      if (!/[*?]/.test(part)) {
        next.push(join(base, part))
        continue
      }
      let names: string[] = []
      try {
        names = readdirSync(base)
      } catch {
        continue
      }
      for (const n of names.sort()) {
        if (n.startsWith('.') && !part.startsWith('.')) continue
        if (globMatches(part, n, true)) next.push(join(base, n))
      }
    }
    found = next
  }
  return found.filter((f) => {
    try {
      return statSync(f).isFile()
    } catch {
      return false
    }
  })
}

/**
 * Every alias ssh would accept from this file: concrete names on Host lines (patterns with `*`,
 * `?` or `!` are defaults, not hosts), with Include followed like ssh (relative paths under
 * ~/.ssh, globs, nested up to 16 deep). Include inside Host/Match blocks is followed too: listing
 * a name that ssh then evaluates differently is harmless, `ssh -G` has the last word.
 */
export function listConfigAliases(
  configPath: string,
  opts: { userSshDir?: string; source?: string } = {},
): { aliases: string[]; warnings: string[] } {
  const sshDir = opts.userSshDir ?? join(accountHome(), '.ssh')
  const aliases = new Set<string>()
  const warnings: string[] = []
  const visit = (path: string, shown: string, depth: number): void => {
    if (depth > MAX_INCLUDE_DEPTH) {
      throw new InvalidParamsError(
        `${shown}: Include is nested more than ${MAX_INCLUDE_DEPTH} deep (a loop?)`,
      )
    }
    const text = readFileSync(path, 'utf8')
    text.split(/\r?\n/).forEach((raw, i) => {
      const parts = splitConfigLine(raw)
      if (!parts) return
      const [key, value] = parts
      const k = key.toLowerCase()
      if (k === 'host') {
        for (const p of splitWords(value)) if (p && !/[*?!]/.test(p)) aliases.add(p)
      } else if (k === 'include') {
        for (const word of splitWords(value)) {
          const expanded = word.startsWith('~/') ? join(accountHome(), word.slice(2)) : word
          const full = isAbsolute(expanded) ? expanded : join(sshDir, expanded)
          const files = globPaths(full)
          if (files.length === 0)
            warnings.push(
              `${shown}:${i + 1}: Include ${word} matched no file${full === word ? '' : ` (${full})`}`,
            )
          for (const f of files) visit(f, f, depth + 1)
        }
      }
    })
  }
  visit(configPath, opts.source ?? configPath, 0)
  return { aliases: [...aliases], warnings }
}

class SshMissingError extends Error {}

/** `ssh -G` for one alias: the effective options, keys lower-case, repeated keys in order. */
function sshG(
  sshPath: string,
  configPath: string,
  alias: string,
  timeoutMs: number,
): Promise<Map<string, string[]>> {
  // Evaluating a config needs no agent; leaving it out keeps the user's agent out of the picture.
  const env = { ...process.env }
  delete env.SSH_AUTH_SOCK
  delete env.SSH_AGENT_PID
  return new Promise((resolve, reject) => {
    // execFile, no shell: the alias is one argument, after `--` so a name cannot be an option.
    execFile(
      sshPath,
      ['-G', '-F', configPath, '--', alias],
      { timeout: timeoutMs, env, maxBuffer: 1024 * 1024, windowsHide: true },
      (err, stdout, stderr) => {
        if (err) {
          const e = err as NodeJS.ErrnoException & { killed?: boolean; code?: unknown }
          if (e.code === 'ENOENT') return reject(new SshMissingError(sshPath))
          if (e.killed) return reject(new Error(`ssh -G did not answer within ${timeoutMs} ms`))
          const lines = String(stderr)
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l && !l.startsWith('Pseudo-terminal'))
          return reject(new Error(lines.slice(0, 3).join(' ') || e.message))
        }
        const options = new Map<string, string[]>()
        for (const line of String(stdout).split('\n')) {
          const m = /^(\S+) (.*)$/.exec(line)
          if (!m) continue
          const key = (m[1] as string).toLowerCase()
          options.set(key, [...(options.get(key) ?? []), m[2] as string])
        }
        resolve(options)
      },
    )
  })
}

/**
 * IdentityFile tokens as ssh expands them when it loads the key (`ssh -G` prints them raw):
 * %% %d %h %i %l %L %n %p %r %u, and a leading ~.
 */
export function expandIdentityPath(
  path: string,
  t: { host: string; port: number; user: string; alias: string },
): string {
  const me = userInfo()
  const full = localHostName()
  const values: Record<string, string> = {
    '%': '%',
    d: me.homedir,
    h: t.host,
    i: String(me.uid),
    l: full,
    L: full.split('.')[0] ?? full,
    n: t.alias,
    p: String(t.port),
    r: t.user,
    u: me.username,
  }
  const tilde = path.startsWith('~/') ? `${me.homedir}${path.slice(1)}` : path
  return tilde.replace(/%(.)/g, (whole, c: string) => values[c] ?? whole)
}

function toHost(
  alias: string,
  o: Map<string, string[]>,
  defaultIdentities: string[],
): ImportedHost {
  const one = (k: string): string | undefined => o.get(k)?.[0]
  const host = one('hostname') ?? alias
  const port = Number(one('port') ?? 22)
  const user = one('user') ?? null
  const files = o.get('identityfile') ?? []
  // With no IdentityFile, ssh -G lists its built-in defaults: those are not a choice of key.
  const isDefault =
    files.length === defaultIdentities.length && files.every((f, i) => f === defaultIdentities[i])
  const jump = one('proxyjump')
  const proxyJump =
    jump && jump.toLowerCase() !== 'none' ? jump.split(',').map((s) => s.trim()) : []
  const command = one('proxycommand')
  if (command && command.toLowerCase() !== 'none' && one('proxyusefdpass') === 'yes') {
    // Such a command hands ssh a connected socket over a Unix socket, not a byte stream.
    throw new Error(
      'ProxyUseFDPass yes is not supported: Sitrep talks to a ProxyCommand over its stdin and stdout',
    )
  }
  return {
    alias,
    hostName: host,
    port,
    user,
    identityFiles: isDefault
      ? []
      : files.map((f) => expandIdentityPath(f, { host, port, user: user ?? '', alias })),
    proxyJump,
    // ssh lets whichever of ProxyJump/ProxyCommand comes first win; -G shows only that one.
    proxyCommand:
      proxyJump.length === 0 && command && command.toLowerCase() !== 'none' ? command : null,
  }
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

/**
 * Imports the hosts of an ssh config file through OpenSSH. A host ssh cannot evaluate is listed
 * in `failed` with ssh's own message; if every host fails, the config as a whole is broken and
 * nothing is imported (an error naming ssh's complaint, which names the file and line).
 */
export async function importSshConfigFile(
  configPath: string,
  opts: EvalOptions = {},
): Promise<ConfigImport> {
  const sshPath = opts.sshPath ?? 'ssh'
  const source = opts.source ?? configPath
  const timeoutMs = opts.timeoutMs ?? 10_000
  const shown = (s: string): string => s.split(configPath).join(source)
  const { aliases, warnings } = listConfigAliases(configPath, {
    source,
    ...(opts.userSshDir ? { userSshDir: opts.userSshDir } : {}),
  })
  let defaults: string[]
  try {
    // An empty config shows what ssh lists when no IdentityFile is given (it differs by version).
    defaults =
      (await sshG(sshPath, process.platform === 'win32' ? 'NUL' : '/dev/null', 'x', timeoutMs)).get(
        'identityfile',
      ) ?? []
  } catch (err) {
    if (!(err instanceof SshMissingError)) throw err
    // Safe only because the file is read by the rules written in sshConfig.ts, and said so.
    const own = parseSshConfig(readFileSync(configPath, 'utf8'), source)
    return {
      hosts: own.hosts,
      warnings: [
        `OpenSSH's ssh was not found (${sshPath}), so Sitrep read the file itself: Include and Match are not applied and only %h is expanded. Install the OpenSSH client to import hosts exactly as ssh sees them.`,
        ...own.warnings,
      ],
      failed: [],
      evaluatedBy: 'sitrep',
    }
  }
  const results = await mapLimited(aliases, CONCURRENCY, async (alias) => {
    try {
      return toHost(alias, await sshG(sshPath, configPath, alias, timeoutMs), defaults)
    } catch (err) {
      return { alias, error: shown(`ssh -G ${alias}: ${(err as Error).message}`) }
    }
  })
  const hosts = results.filter((r): r is ImportedHost => !('error' in r))
  const failed = results.filter((r): r is FailedHost => 'error' in r)
  if (aliases.length > 0 && hosts.length === 0) {
    throw new InvalidParamsError(
      `OpenSSH could not read ${source}: ${failed[0]?.error ?? ''} Fix the config and import again.`,
    )
  }
  return { hosts, warnings: warnings.map(shown), failed, evaluatedBy: 'openssh' }
}

/** Pasted text is evaluated the same way, from a private temp file that is removed afterwards. */
export async function importSshConfigText(
  text: string,
  opts: EvalOptions = {},
): Promise<ConfigImport> {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-sshcfg-'))
  try {
    const file = join(dir, 'config')
    writeFileSync(file, text, { mode: 0o600 })
    return await importSshConfigFile(file, { source: 'pasted config', ...opts })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export { globPaths }
