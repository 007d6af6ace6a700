// node-pty starts every local shell on macOS through its `spawn-helper` executable. node-pty
// 1.1.0 publishes prebuilds/darwin-*/spawn-helper with mode 644 (upstream issue 850), so on a
// Mac every local pane failed with a bare "posix_spawnp failed". scripts/spawn-helper.mjs
// restores the exec bit after `npm install` and in the packaged app (afterPack); this check at
// start names the cause if a copy slipped through anyway. No Electron here: plain fs.
import { accessSync, constants, existsSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The helper node-pty will use: next to the pty.node it loads (build/Release first, then the
 * prebuild for this platform), outside the asar archive in a packaged app — as node-pty's
 * lib/unixTerminal.js and lib/utils.js resolve it.
 */
export function spawnHelperPath(
  ptyDir: string,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string | null {
  const dir = ptyDir.replace('app.asar', 'app.asar.unpacked')
  for (const sub of ['build/Release', 'build/Debug', `prebuilds/${platform}-${arch}`]) {
    if (existsSync(join(ptyDir, sub, 'pty.node')) || existsSync(join(dir, sub, 'pty.node')))
      return join(dir, sub, 'spawn-helper')
  }
  return null
}

/** A sentence naming the cause and the fix, or null when local shells can start. */
export function spawnHelperProblem(
  ptyDir: string,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string | null {
  // Only macOS spawns through the helper; Linux forks directly, Windows uses ConPTY.
  if (platform !== 'darwin') return null
  const helper = spawnHelperPath(ptyDir, platform, arch)
  if (!helper) return null
  if (!existsSync(helper)) {
    return `Local shell panes cannot start: node-pty's spawn-helper is missing at ${helper}. Reinstall Sitrep (or run \`npm ci\` in a source checkout).`
  }
  try {
    accessSync(helper, constants.X_OK)
    return null
  } catch {
    const mode = (statSync(helper).mode & 0o777).toString(8)
    return (
      `Local shell panes cannot start: node-pty's spawn-helper at ${helper} is not executable ` +
      `(mode ${mode}; node-pty 1.1.0 publishes it without the exec bit, node-pty issue 850), so ` +
      `every local shell would fail with "posix_spawnp failed". Fix it with \`chmod +x '${helper}'\`, ` +
      'or install a Sitrep package built by `npm run dist` (it sets the bit). SSH, kubectl and psql panes are not affected.'
    )
  }
}
