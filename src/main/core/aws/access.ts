// How Sitrep reaches AWS as the responder: the SDK's own credential chain for a profile name
// (~/.aws/config and credentials, SSO tokens the aws CLI cached, credential_process, role_arn
// with source_profile, or the environment), the profile's region unless one is given, and an
// optional endpoint. Sitrep holds names only; the keys stay in the responder's files.
import type { fromNodeProviderChain } from '@aws-sdk/credential-providers'
import { SitrepError } from '../errors'

export interface AwsAccess {
  /** Empty: the default chain (AWS_PROFILE, then environment keys, then `default`). */
  profile: string
  /** Empty: the profile's region, or AWS_REGION. */
  region: string
  /** Empty: AWS's public endpoints. Applies to every call, STS for role chains included. */
  endpoint: string
}

/** The part of an SDK v3 client's configuration Sitrep sets; the rest is the SDK's default. */
export interface AwsClientConfig {
  profile?: string
  region?: string
  endpoint?: string
  credentials: ReturnType<typeof fromNodeProviderChain>
  maxAttempts: number
}

/**
 * One client configuration per source: its credential provider caches and refreshes temporary
 * credentials (SSO, assumed roles) for the life of the source.
 */
export async function awsClientConfig(a: AwsAccess): Promise<AwsClientConfig> {
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers')
  const shared = {
    ...(a.profile ? { profile: a.profile } : {}),
    ...(a.region ? { region: a.region } : {}),
    ...(a.endpoint ? { endpoint: a.endpoint } : {}),
  }
  return {
    ...shared,
    credentials: fromNodeProviderChain({
      ...(a.profile ? { profile: a.profile } : {}),
      // The chain's own clients (STS for role_arn, SSO for sso_session) go where the source's
      // calls go. Their region is left to the SDK: the profile's, the SSO portal's
      // sso_region, else the calling client's, since an SSO portal often lives in another
      // region than the resources it opens.
      ...(a.endpoint ? { clientConfig: { endpoint: a.endpoint } } : {}),
    }),
    // The source's runner retries with its own backoff; one retry here covers a dropped
    // connection and the SDK's correction of a skewed clock.
    maxAttempts: 2,
  }
}

/**
 * A source's SDK client, made on its first poll. The SDK's modules are loaded only then: they
 * took about 0.8 s of every start of Sitrep (the app, a headless server, each test's core) for a
 * source kind most responders never add.
 */
export class LazyAwsClient<C extends { destroy(): void }> {
  private made: Promise<C> | null = null
  private closed = false

  constructor(
    private readonly access: AwsAccess,
    private readonly make: (config: AwsClientConfig) => Promise<C>,
  ) {}

  get(): Promise<C> {
    if (!this.made) {
      const made = awsClientConfig(this.access).then((c) => this.make(c))
      // A failed load (a broken install) is tried again at the next poll, not remembered.
      made.catch(() => {
        if (this.made === made) this.made = null
      })
      this.made = made
    }
    return this.made.then((client) => {
      if (this.closed) client.destroy()
      return client
    })
  }

  close(): void {
    this.closed = true
    this.made?.then((c) => c.destroy()).catch(() => undefined)
  }
}

/** An AWS call failed: said in the responder's words, with what to do where there is a clear step. */
export class AwsCallError extends SitrepError {
  constructor(
    message: string,
    readonly awsCode: string | null,
    options?: { cause?: unknown },
  ) {
    super(awsCode === 'AccessDenied' ? 'auth_failed' : 'connect_failed', message, options)
  }
}

const AUTH_CODES = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
  'ExpiredToken',
])

/** An SDK error (or anything thrown while calling AWS) as an AwsCallError naming the profile. */
export function awsError(err: unknown, a: AwsAccess, what: string): AwsCallError {
  if (err instanceof AwsCallError) return err
  const e = err as { name?: string; message?: string; Code?: string }
  const code = e.Code ?? e.name ?? null
  const profile = a.profile ? `profile "${a.profile}"` : 'the default AWS profile'
  const message = e.message ?? String(err)
  if (e.name === 'CredentialsProviderError' || /credential/i.test(e.name ?? '')) {
    return new AwsCallError(
      `No AWS credentials for ${profile}: ${message} If the profile uses SSO, run \`aws sso login${a.profile ? ` --profile ${a.profile}` : ''}\` in a terminal.`,
      code,
      { cause: err },
    )
  }
  if (/Region is missing/i.test(message)) {
    return new AwsCallError(
      `No region for ${profile}: set one on this source or \`region\` in the profile.`,
      code,
      { cause: err },
    )
  }
  if (code && AUTH_CODES.has(code)) {
    return new AwsCallError(
      `AWS refused the credentials of ${profile} (${code}): ${message}`,
      'AccessDenied',
      { cause: err },
    )
  }
  return new AwsCallError(`${what} failed${code ? ` (${code})` : ''}: ${message}`, code, {
    cause: err,
  })
}
