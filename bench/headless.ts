// The built app in headless mode for a benchmark: `node out/main/headless.js` on a free port
// with its own data folder and a plain bash (root's rc files can hang), resolved once it prints
// its URL.
import { spawn, type ChildProcess } from 'node:child_process'

export interface HeadlessApp {
  url: string
  child: ChildProcess
  stop(): void
}

/** `extraArgs`: e.g. `--new-token` when the same data folder is served more than once. */
/** `env`: extra variables for the app (a benchmark's trace switch). SITREP_BENCH_APP names
 * another build folder than out/ (a copy, so a rebuild in the checkout cannot change a run). */
export async function startHeadless(
  dataDir: string,
  extraArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<HeadlessApp> {
  const app = process.env.SITREP_BENCH_APP ?? 'out'
  const child = spawn(
    process.execPath,
    [`${app}/main/headless.js`, '--port', '0', '--data-dir', dataDir, ...extraArgs],
    {
      env: {
        ...process.env,
        SITREP_SHELL: '/bin/bash --noprofile --norc',
        HISTFILE: '/dev/null',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const url = await new Promise<string>((resolve, reject) => {
    let log = ''
    child.stdout?.on('data', (d: Buffer) => {
      log += d.toString()
      const m = /Open: (\S+)/.exec(log)
      if (m?.[1]) resolve(m[1])
    })
    child.on('exit', () => reject(new Error(`headless exited: ${log}`)))
  })
  return { url, child, stop: () => child.kill('SIGTERM') }
}
