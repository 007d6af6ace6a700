// kubectl targets and sessions through the core against the fixture API server and the real
// kubectl: contexts from the kubeconfig, pods to pick from, exec -it with a prompt, logs -f that
// streams, a shell with context and namespace preset, all recorded.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { createHandlers, type Handlers } from '../../../src/main/core/rpc/handlers'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import type { Viewer } from '../../../src/main/core/sessions/session'
import { decodeFrame, encodeFrame, FrameKind, type SessionInfo } from '../../../src/shared/contract'
import {
  KUBECTL_PATH,
  OPENSSL_PATH,
  startKubeApi,
  type KubeApi,
} from '../../helpers/services/kubeApi'
import { describeWithBinaries } from '../../helpers/services/require'

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  const start = Date.now()
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describeWithBinaries(
  'kubectl sessions (real kubectl, fixture API server)',
  [
    { name: 'kubectl', path: KUBECTL_PATH },
    { name: 'openssl', path: OPENSSL_PATH, aptPackage: 'openssl' },
  ],
  () => {
    let api: KubeApi
    let core: Core
    let h: Handlers
    let dataDir: string
    const viewer: Viewer & { text: Map<number, string> } = {
      id: 'test-viewer',
      text: new Map(),
      sendFrame(f) {
        const frame = decodeFrame(f)
        if (frame?.kind !== FrameKind.Output) return
        this.text.set(
          frame.channel,
          (this.text.get(frame.channel) ?? '') + Buffer.from(frame.payload).toString(),
        )
        // Ack like xterm would, so flow control never pauses the pty.
        const s = core.sessions.byChannelNumber(frame.channel)
        s?.ack(this.id, frame.payload.byteLength)
      },
    }
    const ctx = { viewer }
    const out = (s: SessionInfo): string => viewer.text.get(s.channel) ?? ''
    const type = (s: SessionInfo, text: string): void =>
      routeIncomingFrame(
        core.sessions,
        viewer,
        encodeFrame(FrameKind.Input, s.channel, new TextEncoder().encode(text)),
      )
    const transcript = (s: SessionInfo): string => {
      const rows = core.data
        .require()
        .db.prepare(
          "SELECT data FROM transcript_chunks WHERE session_id = ? AND direction = 'o' ORDER BY id",
        )
        .all(s.id) as { data: Buffer }[]
      return Buffer.concat(rows.map((r) => r.data)).toString()
    }

    beforeAll(async () => {
      api = await startKubeApi()
      // kubectl's discovery cache goes into the fixture's dir, not ~/.kube/cache.
      process.env.KUBECACHEDIR = api.env.KUBECACHEDIR
      dataDir = mkdtempSync(join(tmpdir(), 'sitrep-kubectl-'))
      core = new Core({ dataDir, shell: 'headless', version: 't', backupIntervalMs: 0 })
      core.start()
      h = createHandlers(core)
    })
    afterAll(async () => {
      core?.close()
      await api?.stop()
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    })

    it('reads contexts from the kubeconfig and refuses a context it does not have', async () => {
      const view = await h['targets.kubeContexts']({ kubeconfigPath: api.kubeconfigPath }, ctx)
      expect(view.currentContext).toBe('fixture-staging')
      expect(view.contexts.map((c) => [c.name, c.namespace])).toEqual([
        ['fixture-staging', 'default'],
        ['fixture-prod', 'payments'],
      ])
      expect(view.contexts[0]?.server).toBe(api.url)
      await expect(
        Promise.resolve().then(() =>
          h['targets.saveKubectl'](
            {
              name: 'typo',
              kubeconfigPath: api.kubeconfigPath,
              context: 'fixture-prdo',
              namespace: null,
              tags: [],
            },
            ctx,
          ),
        ),
      ).rejects.toThrow(/no context called fixture-prdo/)
    })

    it('lists namespaces and pods, execs into a pod with a prompt and records it', async () => {
      const target = await h['targets.saveKubectl'](
        {
          name: 'payments-prod',
          kubeconfigPath: api.kubeconfigPath,
          context: 'fixture-prod',
          namespace: null,
          tags: ['production'],
        },
        ctx,
      )
      expect(target).toMatchObject({ kind: 'kubectl', production: true, context: 'fixture-prod' })
      expect(await h['targets.kubeNamespaces']({ targetId: target.id }, ctx)).toEqual([
        'default',
        'kube-system',
        'payments',
      ])
      api.cluster.setPod('payments', 'worker-5c6b7-klmno', {
        ready: false,
        restarts: 4,
        waitingReason: 'CrashLoopBackOff',
      })
      const pods = await h['targets.kubePods']({ targetId: target.id }, ctx)
      expect(pods.map((p) => p.name)).toEqual([
        'api-7d9f8-abcde',
        'api-7d9f8-fghij',
        'worker-5c6b7-klmno',
      ])
      expect(pods[2]).toMatchObject({ ready: false, restarts: 4, containers: ['app'] })

      const s = await h['sessions.openKubectl'](
        {
          targetId: target.id,
          mode: 'exec',
          pod: 'api-7d9f8-abcde',
          cols: 100,
          rows: 30,
          incidentId: null,
        },
        ctx,
      )
      expect(s).toMatchObject({
        kind: 'kubectl',
        title: 'payments-prod: exec payments/api-7d9f8-abcde',
      })
      core.sessions.attach(viewer, s.id)
      await until('the pod prompt', () => out(s).includes('api-7d9f8-abcde:~# '))
      type(s, 'echo pod=$POD_NAME ns=$POD_NAMESPACE $((6*7))\r')
      await until('the command output', () => out(s).includes('pod=api-7d9f8-abcde ns=payments 42'))
      type(s, 'exit 0\r')
      await until('the session to close', () => core.sessions.get(s.id).info.state === 'closed')
      expect(core.sessions.get(s.id).info.exitCode).toBe(0)
      expect(transcript(s)).toContain('pod=api-7d9f8-abcde ns=payments 42')
      expect(
        api.requests.some((r) =>
          r.startsWith('UPGRADE /api/v1/namespaces/payments/pods/api-7d9f8-abcde/exec'),
        ),
      ).toBe(true)
    })

    it('follows logs: lines appended on the cluster appear in the pane', async () => {
      const [target] = await h['targets.listKubectl']({}, ctx)
      if (!target) throw new Error('no target')
      const s = await h['sessions.openKubectl'](
        {
          targetId: target.id,
          mode: 'logs',
          pod: 'api-7d9f8-fghij',
          cols: 100,
          rows: 30,
          incidentId: null,
        },
        ctx,
      )
      core.sessions.attach(viewer, s.id)
      await until('existing log lines', () => out(s).includes('api-7d9f8-fghij listening on :8080'))
      api.cluster.appendLog('payments', 'api-7d9f8-fghij', 'ERROR connection pool exhausted')
      await until('the new line', () => out(s).includes('ERROR connection pool exhausted'))
      h['sessions.close']({ sessionId: s.id }, ctx)
      await until('logs -f to end', () => core.sessions.get(s.id).info.state === 'closed')
    })

    it('opens a shell with the context and namespace preset, without copying credentials', async () => {
      const target = await h['targets.saveKubectl'](
        {
          name: 'staging-payments',
          kubeconfigPath: api.kubeconfigPath,
          context: 'fixture-staging',
          namespace: 'payments',
          tags: [],
        },
        ctx,
      )
      const s = await h['sessions.openKubectl'](
        { targetId: target.id, mode: 'shell', cols: 120, rows: 30, incidentId: null },
        ctx,
      )
      core.sessions.attach(viewer, s.id)
      type(
        s,
        'kubectl config current-context; kubectl get pods -o name; echo "$KUBECONFIG"; echo done-$((1+1))\r',
      )
      await until('kubectl output', () => out(s).includes('done-2'), 20_000)
      const text = out(s)
      expect(text).toContain('fixture-staging\r\n')
      expect(text).toContain('pod/api-7d9f8-abcde')
      expect(text).not.toContain('pod/web-6f7d8-pqrst')
      const overlay = /(\/[^\s:]*sitrep-kube-[^\s:]*\/context\.yaml):/.exec(text)?.[1]
      expect(overlay).toBeDefined()
      const { readFileSync, existsSync } = await import('node:fs')
      const overlayText = readFileSync(overlay as string, 'utf8')
      expect(overlayText).not.toContain(api.token)
      type(s, 'exit\r')
      await until('the shell to end', () => core.sessions.get(s.id).info.state === 'closed')
      await until('the overlay to be removed', () => !existsSync(overlay as string))
    })
  },
)
