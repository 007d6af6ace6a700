// Kubernetes through real kubectl against the fixture API server: pods not Running, restarts and
// ready replicas per deployment move when the cluster's state changes; a broken kubeconfig shows
// kubectl's own message as the source error; a rollout run by someone else's kubectl is an event.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Sample } from '../../../src/main/core/metrics/collector'
import { KubernetesCollector } from '../../../src/main/core/metrics/collectors/kubernetesCollector'
import { KUBECTL_PATH, startKubeApi, type KubeApi } from '../../helpers/services/kubeApi'
import { requireBinary } from '../../helpers/services/require'
import { latest, startCore, until } from './helpers'

const run = promisify(execFile)
const missing = requireBinary('kubectl', KUBECTL_PATH, 'kubernetes-client')

const value = (samples: Sample[], metric: string): number | undefined =>
  samples.find((s) => s.metric === metric)?.value

describe.skipIf(missing)('kubernetes source (kubectl against the fixture API server)', () => {
  let kube: KubeApi
  beforeAll(async () => {
    kube = await startKubeApi()
  })
  afterAll(async () => {
    await kube?.stop()
  })

  it('counts pods not Running, restarts and ready replicas per deployment', async () => {
    const collector = new KubernetesCollector({
      kubeconfig: kube.kubeconfigPath,
      context: 'fixture-prod',
      namespace: 'payments',
      env: kube.env,
    })
    const poll = async () =>
      (
        await collector.poll({
          signal: new AbortController().signal,
          timeoutMs: 10_000,
          now: Date.now,
        })
      ).samples
    const before = await poll()
    expect(value(before, 'k8s.pods')).toBe(3)
    expect(value(before, 'k8s.pods_not_running')).toBe(0)
    expect(value(before, 'k8s.deploy.api.desired')).toBe(2)
    const readyBefore = value(before, 'k8s.deploy.api.ready')
    expect(readyBefore).toBeDefined()

    kube.cluster.setPod('payments', 'api-7d9f8-abcde', {
      phase: 'Pending',
      ready: false,
      restarts: 7,
      waitingReason: 'CrashLoopBackOff',
    })
    const d = kube.cluster.getDeployment('payments', 'api')!
    kube.cluster.setDeployment('payments', 'api', { readyReplicas: 1, availableReplicas: 1 })
    const after = await poll()
    expect(value(after, 'k8s.pods_not_running')).toBe(1)
    expect(value(after, 'k8s.restarts')).toBeGreaterThanOrEqual(7)
    expect(value(after, 'k8s.deploy.api.ready')).toBe(1)
    expect(value(after, 'k8s.deployments_unready')).toBeGreaterThanOrEqual(1)
    kube.cluster.setDeployment('payments', 'api', { readyReplicas: d.replicas })
    // kubectl asked the API server for both lists, in the namespace asked for.
    expect(kube.requests.some((r) => r.includes('/namespaces/payments/pods'))).toBe(true)
    expect(kube.requests.some((r) => r.includes('/namespaces/payments/deployments'))).toBe(true)
  })

  it('a rollout restart run by someone else is one k8s.rollout event at the next poll', async () => {
    const collector = new KubernetesCollector({
      kubeconfig: kube.kubeconfigPath,
      context: 'fixture-prod',
      namespace: 'payments',
      env: kube.env,
    })
    const poll = () =>
      collector.poll({ signal: new AbortController().signal, timeoutMs: 10_000, now: Date.now })
    // The first poll only remembers what runs.
    expect((await poll()).events).toEqual([])
    await run(
      KUBECTL_PATH,
      ['--context', 'fixture-prod', 'rollout', 'restart', 'deployment/worker'],
      {
        env: { ...process.env, ...kube.env },
      },
    )
    const after = await poll()
    expect(after.events).toEqual([
      {
        kind: 'k8s.rollout',
        payload: {
          namespace: 'payments',
          deployment: 'worker',
          generation: 2,
          images: ['registry.local/app:1.0'],
          image: null,
          restarted: true,
        },
      },
    ])
    expect((await poll()).events).toEqual([])
  })

  it('all namespaces through the core; a missing kubeconfig shows kubectl’s message', async () => {
    const previous = process.env.KUBECACHEDIR
    process.env.KUBECACHEDIR = kube.env.KUBECACHEDIR
    const core = startCore()
    try {
      const saved = await core.metrics().save({
        kind: 'kubernetes',
        name: 'fixture',
        kubeconfig: kube.kubeconfigPath,
        context: 'fixture-staging',
        intervalSec: 1,
        timeoutSec: 10,
      })
      await until(() => latest(core, saved.config.id, 'k8s.pods'), 'a pod count', 20_000)
      const names = core
        .metrics()
        .get(saved.config.id)
        .latest.map((v) => v.metric)
      expect(names).toContain('k8s.deploy.payments/api.ready')
      expect(names).toContain('k8s.deploy.default/web.ready')

      const broken = await core.metrics().save({
        kind: 'kubernetes',
        name: 'broken',
        kubeconfig: '/nonexistent/kubeconfig',
        intervalSec: 1,
        timeoutSec: 10,
      })
      const err = await until(
        () => core.metrics().get(broken.config.id).status.lastError,
        'the error',
        20_000,
      )
      expect(err).toMatch(/kubectl failed: .*nonexistent/)
    } finally {
      core.close()
      if (previous === undefined) delete process.env.KUBECACHEDIR
      else process.env.KUBECACHEDIR = previous
    }
  })
})
