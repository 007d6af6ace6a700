// A native module (better-sqlite3, node-pty) that does not load is a broken install, not a
// damaged database: before this, an ERR_DLOPEN_FAILED from better-sqlite3 surfaced as "the
// database file is damaged" and the recovery screen offered backups that could not open either.
// This names what happened and what to run instead.

/** better-sqlite3 or node-pty could not be loaded in this runtime. */
export class NativeModuleError extends Error {
  readonly code = 'native_module'
  constructor(
    message: string,
    readonly module: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'NativeModuleError'
  }
}

// NODE_MODULE_VERSION of Node releases, to say "built for Node 22" rather than "for 127".
const NODE_ABI: Record<number, string> = {
  108: 'Node 18',
  115: 'Node 20',
  120: 'Node 21',
  127: 'Node 22',
  131: 'Node 23',
  137: 'Node 24',
  141: 'Node 25',
}

/** "Electron 45.6.1 (NODE_MODULE_VERSION 140)" or "Node v24.1.0 (…)": what is running now. */
export function runtimeName(versions: NodeJS.ProcessVersions = process.versions): string {
  const runtime = versions.electron ? `Electron ${versions.electron}` : `Node ${versions.node}`
  return `${runtime} (NODE_MODULE_VERSION ${versions.modules})`
}

const LOAD_FAILURE =
  /NODE_MODULE_VERSION|did not self-register|invalid ELF header|wrong ELF class|not a valid Win32 application|incompatible architecture|mach-o file|Could not locate the bindings file|Cannot find module '[^']*\.node'|\.node: cannot open shared object|GLIBC_[0-9.]+' not found/

/**
 * A NativeModuleError when `err` is a native addon that failed to load (the dlopen errors of
 * Linux, macOS and Windows, and a NODE_MODULE_VERSION mismatch), else null.
 */
export function nativeModuleError(
  err: unknown,
  module = 'better-sqlite3',
  versions: NodeJS.ProcessVersions = process.versions,
): NativeModuleError | null {
  if (!(err instanceof Error)) return null
  const code = 'code' in err ? String(err.code) : ''
  if (code !== 'ERR_DLOPEN_FAILED' && !LOAD_FAILURE.test(err.message)) return null
  const fix =
    'Your data is untouched. In a source checkout run `npm rebuild better-sqlite3 node-pty` ' +
    '(or `node scripts/native-modules.mjs electron`), then start Sitrep again; an installed ' +
    'Sitrep needs reinstalling from its package.'
  const abi = /using\s+NODE_MODULE_VERSION (\d+)/.exec(err.message)?.[1]
  const builtFor = abi ? (NODE_ABI[Number(abi)] ?? `NODE_MODULE_VERSION ${abi}`) : null
  const what = builtFor
    ? `The native module ${module} was built for ${builtFor}, but this is ${runtimeName(versions)}.`
    : `The native module ${module} could not be loaded in ${runtimeName(versions)} (${err.message.split('\n')[0]}).`
  return new NativeModuleError(`${what} ${fix}`, module, { cause: err })
}
