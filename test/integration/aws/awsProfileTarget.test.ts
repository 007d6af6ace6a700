// An AWS profile as a runbook target, through the contract: saved with names only, the profile
// names read from the responder's (temp) AWS files without their keys, and captured commands
// run on this machine with AWS_PROFILE / region / endpoint set and Sitrep's own environment keys
// taken out (checked with a real `env`). The runbook's own aws commands run as written through
// Debian's aws CLI against the AWS fixture: describe-* runs on a production profile without
// asking, update-service asks first and nothing reaches AWS until the responder names the target.
// Debian's CLI (2.9) predates AWS_ENDPOINT_URL, so a test-only `aws` first on PATH passes the
// target's endpoint as --endpoint-url and refuses any endpoint that is not loopback
// (test/helpers/awsCli.ts); a target without an endpoint is refused by it, never sent to AWS.
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import type {
  ContractError,
  MethodName,
  Params,
  Result,
  RunTargetRef,
} from '../../../src/shared/contract'
import {
  installLoopbackAwsCli,
  NOT_LOOPBACK_EXIT,
  requireAwsCli,
  type LoopbackAwsCli,
} from '../../helpers/awsCli'
import { startAwsFixture, type AwsFixture } from '../../helpers/awsFixture'
import { TEST_KEYS, writeAwsFiles, type AwsFiles } from '../../helpers/awsProfiles'
import { startTestCore } from '../../helpers/core'

const REGION = 'ap-northeast-1'
const CLUSTER = 'peoplebooster-production'

const RUNBOOK = `---
id: pb-aws
---
# PeopleBooster on AWS

- [ ] Environment
  \`\`\`bash {name=env}
  env | grep -E '^AWS_' | sort
  \`\`\`
- [ ] ECS service state
  \`\`\`bash {name=describe}
  aws ecs describe-services \\
    --cluster ${CLUSTER} \\
    --services peoplebooster-backend peoplebooster-frontend
  \`\`\`
- [ ] Scale out
  \`\`\`bash {name=scale}
  aws ecs update-service \\
    --cluster ${CLUSTER} \\
    --service peoplebooster-backend \\
    --desired-count 10
  \`\`\`
`

const cliMissing = requireAwsCli()

describe('AWS profile as a runbook target', () => {
  let aws: AwsFixture
  let files: AwsFiles
  let restoreEnv: () => void
  let cli: LoopbackAwsCli | undefined
  let core: Core
  let incidentId = ''
  const ids = new Map<string, string>()
  const targets = { prod: '', staging: '' }
  let n = 0
  const viewer = { id: 'test', sendFrame: () => undefined }
  const reply = async <M extends MethodName>(method: M, params: Params<M>) =>
    dispatch(createHandlers(core), ++n, method, params, { viewer })
  const call = async <M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> => {
    const r = await reply(method, params)
    if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`)
    return r.result as Result<M>
  }
  const refused = async <M extends MethodName>(
    method: M,
    params: Params<M>,
  ): Promise<ContractError> => {
    const r = await reply(method, params)
    if (r.ok) throw new Error(`${method} ran but should have asked first`)
    return r.error
  }
  const run = (name: string, targetId: string, extra = {}) => ({
    incidentId,
    runbookId: 'en/pb-aws',
    commandId: ids.get(name) ?? '',
    targets: [{ kind: 'aws', targetId } as RunTargetRef],
    mode: 'captured' as const,
    ...extra,
  })
  let savedKey: string | undefined

  beforeAll(async () => {
    aws = await startAwsFixture({ region: REGION, credentials: [TEST_KEYS] })
    for (const serviceName of ['peoplebooster-backend', 'peoplebooster-frontend'])
      aws.setService(CLUSTER, {
        serviceName,
        status: 'ACTIVE',
        desiredCount: 4,
        runningCount: 3,
        pendingCount: 1,
        deployments: [],
      })
    files = writeAwsFiles(
      `[default]\nregion = us-east-1\n\n[profile pb-prod]\nregion = ${REGION}\n\n[sso-session corp]\nsso_region = ${REGION}\n`,
      `[pb-prod]\naws_access_key_id = ${TEST_KEYS.accessKeyId}\naws_secret_access_key = ${TEST_KEYS.secretAccessKey}\n\n[pb-staging]\naws_access_key_id = AKIASTAGING\naws_secret_access_key = staging-secret\n`,
    )
    restoreEnv = files.install()
    if (!cliMissing) cli = installLoopbackAwsCli()
    // Keys in Sitrep's own environment must not win over the target's profile.
    savedKey = process.env.AWS_ACCESS_KEY_ID
    process.env.AWS_ACCESS_KEY_ID = 'AKIASITREPOWNKEY'
    core = startTestCore()
    incidentId = core.incidents().incidents.declare({
      title: 'PeopleBooster down',
      severity: 'P1',
      services: ['api'],
      impactScope: 'all',
      detection: 'monitoring-alert',
      description: '',
      actor: 'aiko',
    }).id
    targets.prod = (
      await call('aws.saveProfile', {
        name: 'PeopleBooster production',
        profile: 'pb-prod',
        region: REGION,
        endpoint: aws.endpoint,
        tags: ['production'],
      })
    ).id
    targets.staging = (
      await call('aws.saveProfile', {
        name: 'PeopleBooster staging',
        profile: 'pb-staging',
        region: '',
        endpoint: '',
        tags: [],
      })
    ).id
    await call('runbooks.importText', { text: RUNBOOK, source: 'pb-aws.md' })
    const view = await call('runbooks.startForIncident', { incidentId, runbookId: 'en/pb-aws' })
    for (const st of view.runbooks[0]?.document.sections[0]?.steps ?? [])
      for (const c of st.commands) ids.set(c.attributes.name ?? '', c.id)
  })
  afterAll(async () => {
    core?.close()
    await aws?.stop()
    if (savedKey === undefined) delete process.env.AWS_ACCESS_KEY_ID
    else process.env.AWS_ACCESS_KEY_ID = savedKey
    restoreEnv?.()
    cli?.restore()
    files?.remove()
  })

  it('saves names only and lists the profiles of the AWS files without their keys', async () => {
    const list = await call('aws.profiles', {})
    expect(list.map((p) => [p.name, p.profile, p.production])).toEqual([
      ['PeopleBooster production', 'pb-prod', true],
      ['PeopleBooster staging', 'pb-staging', false],
    ])
    const local = await call('aws.localProfiles', {})
    expect(local).toEqual({
      profiles: ['default', 'pb-prod', 'pb-staging'],
      files: [files.config, files.credentials],
    })
    const stored = core.data
      .require()
      .db.prepare("SELECT value FROM settings WHERE key = 'aws.profiles'")
      .get() as { value: string }
    expect(stored.value).toContain('pb-prod')
    expect(stored.value).not.toContain(TEST_KEYS.secretAccessKey)
    expect(JSON.stringify(local)).not.toContain(TEST_KEYS.secretAccessKey)
    // Every window hears of a change.
    const heard: string[][] = []
    const off = core.events.on('awsProfiles.changed', (list) => heard.push(list.map((p) => p.name)))
    const extra = await call('aws.saveProfile', {
      name: 'scratch',
      profile: 'default',
      region: '',
      endpoint: '',
      tags: [],
    })
    expect(await call('aws.removeProfile', { id: extra.id })).toEqual({ removed: true })
    expect(await call('aws.removeProfile', { id: extra.id })).toEqual({ removed: false })
    off()
    expect(heard).toEqual([
      ['PeopleBooster production', 'PeopleBooster staging', 'scratch'],
      ['PeopleBooster production', 'PeopleBooster staging'],
    ])
    const dup = await refused('aws.saveProfile', {
      name: 'PeopleBooster staging',
      profile: 'x',
      region: '',
      endpoint: '',
      tags: [],
    })
    expect(dup.message).toMatch(/already named "PeopleBooster staging"/)
  })

  it('runs a captured command with the profile, region and endpoint, and without Sitrep’s own keys', async () => {
    const ran = await call(
      'runbooks.run',
      run('env', targets.prod, {
        confirmation: { by: 'aiko', targets: ['PeopleBooster production'] },
      }),
    )
    const out = ran.targets[0]?.stdout ?? ''
    expect(ran.targets[0]?.exitCode).toBe(0)
    expect(out).toContain('AWS_PROFILE=pb-prod\n')
    expect(out).toContain(`AWS_REGION=${REGION}\n`)
    expect(out).toContain(`AWS_DEFAULT_REGION=${REGION}\n`)
    expect(out).toContain(`AWS_ENDPOINT_URL=${aws.endpoint}\n`)
    expect(out).toContain(`AWS_CONFIG_FILE=${files.config}\n`)
    expect(out).not.toContain('AWS_ACCESS_KEY_ID')
    // A target without region or endpoint leaves the profile's own (and AWS's) in charge.
    const staging = await call('runbooks.run', run('env', targets.staging))
    const s = staging.targets[0]?.stdout ?? ''
    expect(s).toContain('AWS_PROFILE=pb-staging\n')
    expect(s).not.toMatch(/AWS_REGION=|AWS_ENDPOINT_URL=/)
  })

  describe.skipIf(cliMissing !== undefined)(
    `the seed's aws commands, as written${cliMissing ? ` (skipped: ${cliMissing}; the environment test above stands)` : ''}`,
    () => {
      it('describe-services runs on the production profile without asking, signed with its keys', async () => {
        const before = aws.calls.length
        const ran = await call('runbooks.run', run('describe', targets.prod))
        expect(ran.confirmedBy ?? null).toBeNull()
        expect(ran.targets[0]?.exitCode, ran.targets[0]?.stderr).toBe(0)
        const out = JSON.parse(ran.targets[0]?.stdout ?? '{}') as {
          services: { serviceName: string; runningCount: number }[]
        }
        expect(out.services.map((s) => [s.serviceName, s.runningCount])).toEqual([
          ['peoplebooster-backend', 3],
          ['peoplebooster-frontend', 3],
        ])
        expect(aws.calls.slice(before)).toEqual([
          {
            service: 'ecs',
            operation: 'DescribeServices',
            accessKeyId: TEST_KEYS.accessKeyId,
            error: null,
            message: null,
          },
        ])
      }, 60_000)

      it('the test wrapper runs aws only against a loopback endpoint it passes itself', () => {
        const before = aws.calls.length
        const exit = (url: string | undefined, args = ['ecs', 'list-clusters']) =>
          spawnSync(cli!.path, args, {
            env: { ...process.env, AWS_ENDPOINT_URL: url },
            encoding: 'utf8',
          }).status
        for (const url of [
          undefined,
          '',
          'https://ecs.ap-northeast-1.amazonaws.com',
          'http://127.0.0.1.example.com:80',
          'http://127.0.0.1@example.com',
          'http://127.0.0.1:80@example.com/',
          'http://localhost.example.com',
          `${aws.endpoint}\nhttps://example.com`,
        ])
          expect(exit(url), String(url)).toBe(NOT_LOOPBACK_EXIT)
        expect(
          exit(aws.endpoint, ['ecs', 'list-clusters', '--endpoint-url=https://example.com']),
        ).toBe(NOT_LOOPBACK_EXIT)
        expect(aws.calls.length).toBe(before)
      })

      it('a target without an endpoint is refused by the test wrapper, and nothing leaves the machine', async () => {
        const before = aws.calls.length
        const ran = await call('runbooks.run', run('describe', targets.staging))
        expect(ran.targets[0]?.exitCode).toBe(NOT_LOOPBACK_EXIT)
        expect(ran.targets[0]?.stderr).toMatch(/not a loopback URL; refusing to run aws/)
        expect(aws.calls.length).toBe(before)
      })

      it('update-service asks first on the production profile, and nothing reaches AWS', async () => {
        const before = aws.calls.length
        const e = await refused('runbooks.run', run('scale', targets.prod))
        expect(e.code).toBe('confirmation_required')
        expect(e.message).toMatch(/production target: PeopleBooster production/)
        expect(aws.calls.length).toBe(before)
      })
    },
  )
})
