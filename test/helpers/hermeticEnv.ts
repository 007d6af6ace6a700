// The environment every test process and everything it starts runs in, whoever runs the suite.
// Tests must not read the invoking user's home, rc files, keys, agent or config: HOME becomes a
// fresh folder with empty rc files, local shells start without rc files (SITREP_SHELL), and the
// variables through which the invoking shell could inject code or credentials are removed.
// Installed once per run by the vitest and Playwright global set-ups (test/setup/).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A bash that reads no rc file: what tests start as a local shell. */
export const TEST_SHELL = '/bin/bash --noprofile --norc'

// BASH_ENV / ENV name a file every non-interactive bash / sh sources; SSH_AUTH_SOCK is the
// invoking user's agent (with their keys); KUBECONFIG, PGPASSFILE, PGSERVICEFILE point at their
// credentials; the PG* defaults would steer psql and the pg client to their databases; the AWS_*
// variables would hand the AWS SDK and the aws CLI their keys, profiles, files and endpoints.
const REMOVED = [
  'BASH_ENV',
  'ENV',
  'SSH_AUTH_SOCK',
  'SSH_AGENT_PID',
  'KUBECONFIG',
  'PGPASSFILE',
  'PGSERVICEFILE',
  'PGSERVICE',
  'PGHOST',
  'PGPORT',
  'PGUSER',
  'PGDATABASE',
  'PGPASSWORD',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ENDPOINT_URL',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'PROMPT_COMMAND',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_STATE_HOME',
  'XDG_CACHE_HOME',
]

export interface HermeticEnv {
  readonly home: string
  /** Puts things back as they were and removes the home folder. */
  restore(): void
}

/** Replaces `env` (process.env by default) with the hermetic one; returns how to undo it. */
export function installHermeticEnv(env: NodeJS.ProcessEnv = process.env): HermeticEnv {
  const home = mkdtempSync(join(tmpdir(), 'sitrep-test-home-'))
  for (const rc of ['.bashrc', '.profile', '.bash_profile', '.bash_login', '.bash_logout']) {
    writeFileSync(join(home, rc), '')
  }
  const saved = new Map<string, string | undefined>()
  const set = (key: string, value: string | undefined): void => {
    if (!saved.has(key)) saved.set(key, env[key])
    if (value === undefined) delete env[key]
    else env[key] = value
  }
  for (const key of REMOVED) set(key, undefined)
  set('HOME', home)
  set('SITREP_SHELL', TEST_SHELL)
  set('HISTFILE', '/dev/null')
  set('PSQL_HISTORY', '/dev/null')
  return {
    home,
    restore() {
      for (const [key, value] of saved) {
        if (value === undefined) delete env[key]
        else env[key] = value
      }
      rmSync(home, { recursive: true, force: true })
    },
  }
}
