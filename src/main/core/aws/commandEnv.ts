// The environment a runbook command gets on an AWS profile target: the profile and region the
// aws CLI and every SDK read, so the seed's `aws …` commands run as written. Keys in Sitrep's own
// environment would win over AWS_PROFILE for the CLI, so a named profile takes them out; a
// target without a profile keeps Sitrep's environment as it is (the default chain).
import type { AwsProfileTarget } from '../../../shared/contract'

/** Values to add to the command's environment; `undefined` removes a variable. */
export function awsCommandEnv(t: AwsProfileTarget): Record<string, string | undefined> {
  return {
    ...(t.profile
      ? {
          AWS_ACCESS_KEY_ID: undefined,
          AWS_SECRET_ACCESS_KEY: undefined,
          AWS_SESSION_TOKEN: undefined,
          AWS_SECURITY_TOKEN: undefined,
          AWS_PROFILE: t.profile,
          AWS_DEFAULT_PROFILE: t.profile,
        }
      : {}),
    ...(t.region ? { AWS_REGION: t.region, AWS_DEFAULT_REGION: t.region } : {}),
    ...(t.endpoint ? { AWS_ENDPOINT_URL: t.endpoint } : {}),
    // A command whose output is captured must not wait in a pager.
    AWS_PAGER: '',
  }
}
