// Seed 003 (PeopleBooster) as written, on an AWS profile target against the AWS fixture: its
// log check block (`aws logs filter-log-events … --start-time $(date -d '30 minutes ago'
// +%s000) --filter-pattern "ERROR"`, then the error group) runs without asking on the
// production profile and returns the fixture's lines; its scale-out (`aws ecs update-service
// … --desired-count 10`) asks first. The first block (curl to the public health URL plus the
// alarm and service checks) is not run here: its curl would reach the internet. Needs the seed folder
// (../shared/seeds) and Debian's aws CLI (the awscli package; both required in CI).
// Debian's CLI (2.9) predates AWS_ENDPOINT_URL, so a test-only `aws` first on PATH passes the
// target's endpoint as --endpoint-url and refuses any endpoint that is not loopback
// (test/helpers/awsCli.ts): the seed's commands still run as written, signed with the profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import { createHandlers, dispatch } from '../../../src/main/core/rpc/handlers'
import type { MethodName, Params, Result, RunbookSection } from '../../../src/shared/contract'
import { installLoopbackAwsCli, requireAwsCli, type LoopbackAwsCli } from '../../helpers/awsCli'
import { startAwsFixture, type AwsFixture } from '../../helpers/awsFixture'
import { TEST_KEYS, writeAwsFiles, type AwsFiles } from '../../helpers/awsProfiles'
import { startTestCore } from '../../helpers/core'
import { readSeed, seedsPresent } from '../../unit/runbooks/seedFiles'

const REGION = 'ap-northeast-1'
const APP_GROUP = '/aws/ecs/peoplebooster-production/application'
const ERROR_GROUP = '/aws/ecs/peoplebooster-production/error'

const cliMissing = requireAwsCli()
const missing = !seedsPresent
  ? 'the seed runbooks are not beside the repo (../shared/seeds)'
  : (cliMissing ?? null)

describe.skipIf(missing !== null)(
  `seed 003 (PeopleBooster) on an AWS profile target${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let aws: AwsFixture
    let files: AwsFiles
    let restoreEnv: () => void
    let cli: LoopbackAwsCli | undefined
    let core: Core
    let incidentId = ''
    let targetId = ''
    const commands: { id: string; text: string }[] = []
    let runbookId = ''
    let n = 0
    const viewer = { id: 'test', sendFrame: () => undefined }
    const reply = async <M extends MethodName>(method: M, params: Params<M>) =>
      dispatch(createHandlers(core), ++n, method, params, { viewer })
    const call = async <M extends MethodName>(method: M, params: Params<M>): Promise<Result<M>> => {
      const r = await reply(method, params)
      if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`)
      return r.result as Result<M>
    }
    const command = (includes: string): string => {
      const c = commands.find((x) => x.text.includes(includes))
      if (!c) throw new Error(`seed 003 has no block with ${includes}`)
      return c.id
    }

    beforeAll(async () => {
      aws = await startAwsFixture({ region: REGION, credentials: [TEST_KEYS] })
      aws.appendLogs(APP_GROUP, [
        { message: 'INFO GET /api/diagnosis 200', timestamp: Date.now() - 5 * 60_000 },
        { message: 'ERROR diagnosis save failed: deadlock', timestamp: Date.now() - 4 * 60_000 },
        // Older than the seed's 30 minutes: not asked for.
        { message: 'ERROR an hour ago', timestamp: Date.now() - 60 * 60_000 },
      ])
      aws.appendLogs(ERROR_GROUP, [
        { message: 'Traceback: TimeoutError', timestamp: Date.now() - 60_000 },
      ])
      files = writeAwsFiles(
        `[profile peoplebooster]\nregion = ${REGION}\n`,
        `[peoplebooster]\naws_access_key_id = ${TEST_KEYS.accessKeyId}\naws_secret_access_key = ${TEST_KEYS.secretAccessKey}\n`,
      )
      restoreEnv = files.install()
      cli = installLoopbackAwsCli()
      core = startTestCore()
      incidentId = core.incidents().incidents.declare({
        title: 'PeopleBooster P1',
        severity: 'P1',
        services: ['api'],
        impactScope: 'all',
        detection: 'monitoring-alert',
        description: '',
        actor: 'aiko',
      }).id
      targetId = (
        await call('aws.saveProfile', {
          name: 'peoplebooster-production',
          profile: 'peoplebooster',
          region: '',
          endpoint: aws.endpoint,
          tags: ['production'],
        })
      ).id
      const seed = readSeed('003')
      const imported = await call('runbooks.importText', {
        text: seed.bytes.toString('utf8'),
        source: seed.name.replace(/\.txt$/, '.md'),
      })
      runbookId = imported.imported[0]?.summary.id ?? ''
      const view = await call('runbooks.startForIncident', { incidentId, runbookId })
      const walk = (sections: RunbookSection[]): void => {
        for (const section of sections) {
          for (const c of section.commands) commands.push({ id: c.id, text: c.code })
          for (const st of section.steps)
            for (const c of st.commands) commands.push({ id: c.id, text: c.code })
          walk(section.children)
        }
      }
      walk(view.runbooks[0]?.document.sections ?? [])
    })
    afterAll(async () => {
      core?.close()
      await aws?.stop()
      restoreEnv?.()
      cli?.restore()
      files?.remove()
    })

    it("runs the seed's log check as written, without asking, and gets the lines of the last 30 minutes", async () => {
      const ran = await call('runbooks.run', {
        incidentId,
        runbookId,
        commandId: command('--filter-pattern "ERROR"'),
        targets: [{ kind: 'aws', targetId }],
        mode: 'captured',
      })
      const t = ran.targets[0]
      expect(t?.exitCode, t?.stderr).toBe(0)
      // Two commands, two JSON documents: the application group filtered, then the error group.
      const docs = (t?.stdout ?? '').split(/\n(?=\{)/).map(
        (d) =>
          JSON.parse(d) as {
            events: { message: string }[]
          },
      )
      expect(docs.map((d) => d.events.map((e) => e.message))).toEqual([
        ['ERROR diagnosis save failed: deadlock'],
        ['Traceback: TimeoutError'],
      ])
      const logCalls = aws.calls.filter((c) => c.service === 'logs')
      expect(logCalls.map((c) => [c.operation, c.accessKeyId, c.error])).toEqual([
        ['FilterLogEvents', TEST_KEYS.accessKeyId, null],
        ['FilterLogEvents', TEST_KEYS.accessKeyId, null],
      ])
    }, 60_000)

    it("asks before the seed's scale-out on the production profile", async () => {
      const r = await reply('runbooks.run', {
        incidentId,
        runbookId,
        commandId: command('update-service'),
        targets: [{ kind: 'aws', targetId }],
        mode: 'captured',
      })
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.error.code).toBe('confirmation_required')
        expect(r.error.message).toMatch(/production target: peoplebooster-production/)
      }
      expect(aws.calls.some((c) => c.service === 'ecs')).toBe(false)
    })
  },
)
