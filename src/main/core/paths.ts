// Where Sitrep keeps its data when not told otherwise: the same folder Electron's
// app.getPath('userData') gives for an app named Sitrep, so both shells share one store.
import { homedir } from 'node:os'
import { join } from 'node:path'

export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  if (env.SITREP_DATA_DIR) return env.SITREP_DATA_DIR
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Sitrep')
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Sitrep')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Sitrep')
}
