// The responder's AWS files for a test: a config and a credentials file in a temp folder, and
// AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE pointed at them (the SDK and the aws CLI read
// these variables), so no test ever reads the real ~/.aws. Every call writes new files under new
// names: the SDK caches an ini file by its path for the life of the process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SigV4Credentials } from './awsSigV4'

export const TEST_KEYS: Required<Pick<SigV4Credentials, 'accessKeyId' | 'secretAccessKey'>> = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
}

export interface AwsFiles {
  dir: string
  config: string
  credentials: string
  /** The variables that point the SDK and the CLI at these files. */
  env: Record<string, string>
  /** Sets the variables in process.env; returns how to put them back. */
  install(): () => void
  remove(): void
}

/**
 * `config` and `credentials` are the files' text (ini sections as the aws CLI writes them).
 * The caller removes them (remove()), so a suite can share them across its tests.
 */
export function writeAwsFiles(config: string, credentials: string): AwsFiles {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-aws-'))
  const configPath = join(dir, 'config')
  const credentialsPath = join(dir, 'credentials')
  writeFileSync(configPath, config, { mode: 0o600 })
  writeFileSync(credentialsPath, credentials, { mode: 0o600 })
  const env = { AWS_CONFIG_FILE: configPath, AWS_SHARED_CREDENTIALS_FILE: credentialsPath }
  return {
    dir,
    config: configPath,
    credentials: credentialsPath,
    env,
    install() {
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
      Object.assign(process.env, env)
      return () => {
        for (const [k, v] of Object.entries(saved)) {
          if (v === undefined) delete process.env[k]
          else process.env[k] = v
        }
      }
    },
    remove() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
