// The rollback rule end to end in core, against real things: a local shell pane of the incident
// runs the runbook's `kubectl rollout restart deployment/api` (the real kubectl, against the
// fixture API server, which records the PATCH), the command.ran marks the deploy (a Kubernetes
// source then reports the same rollout, which must not count as a second deploy), then a real
// HTTP health source polls a backend that starts answering 500: its error rate crosses 10 % and
// stays above it for the rule's (short) duration, and exactly one rollback suggestion lands on
// the incident's timeline, naming the deploy and the after-deploy runbook's rollback step.
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Core } from '../../../src/main/core/core'
import type { TimelineEvent } from '../../../src/shared/contract'
import { startTestCore } from '../../helpers/core'
import { startHttpFixture, type HttpFixture } from '../../helpers/services/httpFixture'
import {
  KUBECTL_PATH,
  OPENSSL_PATH,
  startKubeApi,
  type KubeApi,
} from '../../helpers/services/kubeApi'
import { describeWithBinaries } from '../../helpers/services/require'
import { until } from '../../helpers/until'

const FOR_SEC = 2

describeWithBinaries(
  'rollback rule: a deploy run in a shell pane, then an error burst on a real health check',
  [
    { name: 'kubectl', path: KUBECTL_PATH },
    { name: 'openssl', path: OPENSSL_PATH, aptPackage: 'openssl' },
  ],
  () => {
    let core: Core
    let api: KubeApi
    let http: HttpFixture
    let incidentId = ''

    beforeAll(async () => {
      ;[api, http] = await Promise.all([startKubeApi(), startHttpFixture()])
      core = startTestCore()
      incidentId = core.incidents().declare({
        title: 'TODO API 5xx after deploy',
        severity: 'P2',
        services: ['todo-api'],
        impactScope: 'core',
        detection: 'monitoring-alert',
        description: '',
        actor: 'aiko',
      }).id
    }, 60_000)

    afterAll(async () => {
      core?.sessions.closeAll()
      core?.close()
      await Promise.all([api?.stop(), http?.stop()])
    })

    const events = (kind: string): TimelineEvent[] =>
      core
        .incidents()
        .timeline(incidentId, { limit: 500 })
        .filter((e) => e.kind === kind)

    it('marks the deploy from the command that ran and suggests rolling back once', async () => {
      const incidents = core.incidents()
      incidents.setRollbackRule({
        ...incidents.rollbackRule(),
        forSec: FOR_SEC,
        windowSec: 120,
      })
      const source = await core.metrics().save({
        kind: 'http',
        name: 'todo-api /health',
        url: http.url,
        checkBody: false,
        intervalSec: 0.25,
        timeoutSec: 2,
      })
      // The cluster is watched too: its source sees the same restart as a new rollout.
      const cluster = await core.metrics().save({
        kind: 'kubernetes',
        name: 'payments k8s',
        kubeconfig: api.kubeconfigPath,
        context: 'fixture-prod',
        namespace: 'payments',
        intervalSec: 0.5,
        timeoutSec: 10,
      })
      // Its first poll only remembers each deployment's generation: it must have polled before
      // the restart, or the restart is what it remembers (on a loaded machine its first poll
      // came after the deploy, and the test waited for a rollout that was never new).
      await until(
        () => core.metrics().get(cluster.config.id).latest.length > 0,
        'a first Kubernetes reading',
      )
      // Healthy first: 0 % before the deploy.
      await until(
        () =>
          core
            .metrics()
            .get(source.config.id)
            .latest.find((v) => v.metric === 'error.rate_percent'),
        'a first error-rate reading',
      )

      const env = `KUBECONFIG=${api.kubeconfigPath} KUBECACHEDIR=${api.dir}/cache`
      const runbook = `---
id: todo-deploy
---
# Deploy

- [ ] Restart the API
  \`\`\`bash {name=restart-api}
  ${env} kubectl --context fixture-prod rollout restart deployment/api
  \`\`\`
`
      core.runbooks().importText(runbook, 'todo-deploy.md')
      const view = core.runbooks().start(incidentId, 'en/todo-deploy', 'aiko')
      const command = view.runbooks[0]?.document.sections[0]?.steps[0]?.commands[0]
      if (!command) throw new Error('the runbook has no command')
      const pane = core.sessions.openLocal({ cols: 120, rows: 30, incidentId })
      const run = await core.runbooks().run({
        incidentId,
        runbookId: 'en/todo-deploy',
        commandId: command.id,
        targets: [{ kind: 'pane', sessionId: pane.id }],
        mode: 'pane',
        confirmation: { by: 'aiko', targets: [pane.title] },
      })
      expect(run.ok).toBe(true)

      // The real kubectl reached the API server and asked for a restart.
      const patch = await until(
        () => api.patches.find((p) => p.namespace === 'payments' && p.name === 'api'),
        'the rollout restart PATCH',
      )
      expect(JSON.stringify(patch.patch)).toContain('kubectl.kubernetes.io/restartedAt')

      const [deploy] = await until(() => {
        const d = events('deploy.marked')
        return d.length > 0 ? d : null
      }, 'the deploy marked from command.ran')
      const ran = events('command.ran').find((e) => e.payload.runId === run.id)
      expect(deploy!.payload).toMatchObject({
        via: 'command',
        what: 'kubectl rollout restart',
        subject: 'deployment/api',
        deployId: ran?.uid,
      })

      // The Kubernetes source reports the rollout; it is the deploy already marked, not another.
      const [rollout] = await until(() => {
        const r = events('k8s.rollout')
        return r.length > 0 ? r : null
      }, 'the Kubernetes source seeing the rollout')
      expect(rollout!.payload).toMatchObject({ deployment: 'api', generation: 2, restarted: true })
      expect(events('deploy.marked')).toHaveLength(1)

      // The error burst: every answer a 500 from now on.
      const burstAt = Date.now()
      http.set({ status: 500 })
      const [suggested] = await until(
        () => {
          const s = events('rollback.suggested')
          return s.length > 0 ? s : null
        },
        'the rollback suggestion',
        20_000,
      )
      const p = suggested!.payload
      expect(p).toMatchObject({
        deployId: ran?.uid,
        source: 'todo-api /health',
        metric: 'error.rate_percent',
        thresholdPercent: 10,
        forSec: FOR_SEC,
        runbook: 'after-deploy',
        step: 'rollout-undo',
      })
      expect(p.value as number).toBeGreaterThan(10)
      // It waited the whole duration above the line, and the line was crossed after the burst.
      expect(suggested!.at - (p.since as number)).toBeGreaterThanOrEqual(FOR_SEC * 1000)
      expect(p.since as number).toBeGreaterThanOrEqual(burstAt)

      // Still failing a while later: still one suggestion for this deploy.
      const polls = http.requests
      await until(() => http.requests - polls >= 8, 'eight more failing checks')
      expect(events('rollback.suggested')).toHaveLength(1)
      expect(events('deploy.marked')).toHaveLength(1)
    }, 60_000)
  },
)
