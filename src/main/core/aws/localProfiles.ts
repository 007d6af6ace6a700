// The profile names in the responder's AWS files, for the forms' pick lists: the section
// headers of the config file (`[default]`, `[profile NAME]`) and of the credentials file
// (`[NAME]`). Nothing inside a section is read out: keys never leave these files through here.
import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import type { AwsLocalProfiles } from '../../../shared/contract'

/** Where the SDK and the aws CLI read them: the AWS_* variables, else ~/.aws/. */
export function awsFiles(env: NodeJS.ProcessEnv = process.env): {
  config: string
  credentials: string
} {
  return {
    config: env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'),
  }
}

function sections(path: string): string[] | null {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return null
  }
  return [...text.matchAll(/^\s*\[([^\]\r\n]+)\]\s*$/gm)].map((m) => (m[1] ?? '').trim())
}

export function localAwsProfiles(env: NodeJS.ProcessEnv = process.env): AwsLocalProfiles {
  const { config, credentials } = awsFiles(env)
  const names = new Set<string>()
  const files: string[] = []
  const fromConfig = sections(config)
  if (fromConfig) {
    files.push(config)
    for (const s of fromConfig) {
      if (s === 'default') names.add('default')
      else if (/^profile\s+/.test(s)) names.add(s.replace(/^profile\s+/, '').trim())
      // [sso-session x] and [services x] are not profiles.
    }
  }
  const fromCredentials = sections(credentials)
  if (fromCredentials) {
    files.push(credentials)
    for (const s of fromCredentials) names.add(s)
  }
  return { profiles: [...names].filter((n) => n !== '').sort(), files }
}
