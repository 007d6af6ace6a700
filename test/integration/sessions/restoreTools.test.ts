// kubectl and psql sessions reopen after a restart like SSH ones: the real kubectl against the
// fixture API server (exec into the same pod) and the real psql against a real PostgreSQL 15
// (production: writes enabled before the restart, read-only again after it). The rows are left
// open as a crash leaves them (the SIGKILL itself is covered by restore.test.ts).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { Core } from '../../../src/main/core/core'
import { routeIncomingFrame } from '../../../src/main/core/rpc/frames'
import { createHandlers } from '../../../src/main/core/rpc/handlers'
import type { Viewer } from '../../../src/main/core/sessions/session'
import { decodeFrame, encodeFrame, FrameKind, type SessionInfo } from '../../../src/shared/contract'
import {
  KUBECTL_PATH,
  OPENSSL_PATH,
  startKubeApi,
  type KubeApi,
} from '../../helpers/services/kubeApi'
import {
  INITDB_PATH,
  POSTGRES_PATH,
  startPostgres,
  type Postgres,
} from '../../helpers/services/postgres'
import { describeWithBinaries } from '../../helpers/services/require'
import { until } from '../../helpers/until'

const PASSWORD = 'pg-Restore-8d1e'

describeWithBinaries(
  'kubectl and psql sessions restored after a restart',
  [
    { name: 'kubectl', path: KUBECTL_PATH },
    { name: 'openssl', path: OPENSSL_PATH, aptPackage: 'openssl' },
    { name: 'postgres', path: POSTGRES_PATH },
    { name: 'initdb', path: INITDB_PATH },
    { name: 'psql', path: '/usr/bin/psql' },
  ],
  () => {
    let api: KubeApi
    let pg: Postgres
    let dataDir: string
    beforeAll(async () => {
      ;[api, pg] = await Promise.all([startKubeApi(), startPostgres({ password: PASSWORD })])
      process.env.KUBECACHEDIR = api.env.KUBECACHEDIR
      dataDir = mkdtempSync(join(tmpdir(), 'sitrep-restore-tools-'))
    })
    afterAll(async () => {
      await Promise.all([api?.stop(), pg?.stop()])
      if (dataDir) rmSync(dataDir, { recursive: true, force: true })
    })

    function viewerOf(core: () => Core): Viewer & { out(s: SessionInfo): string } {
      const text = new Map<number, string>()
      return {
        id: 'restore-viewer',
        sendFrame(f) {
          const frame = decodeFrame(f)
          if (frame?.kind !== FrameKind.Output) return
          text.set(frame.channel, (text.get(frame.channel) ?? '') + Buffer.from(frame.payload))
          core().sessions.byChannelNumber(frame.channel)?.ack(this.id, frame.payload.byteLength)
        },
        out: (s) => text.get(s.channel) ?? '',
      }
    }

    it('reopens kubectl exec into the same pod and psql in its default (read-only) mode', async () => {
      let core = new Core({ dataDir, shell: 'headless', version: 't', backupIntervalMs: 0 })
      core.start()
      let viewer = viewerOf(() => core)
      const ctx = { viewer }
      const type = (s: SessionInfo, text: string): void =>
        routeIncomingFrame(
          core.sessions,
          viewer,
          encodeFrame(FrameKind.Input, s.channel, new TextEncoder().encode(text)),
        )
      const h = createHandlers(core)
      const kube = await h['targets.saveKubectl'](
        {
          name: 'payments-prod',
          kubeconfigPath: api.kubeconfigPath,
          context: 'fixture-prod',
          namespace: null,
          tags: [],
        },
        ctx,
      )
      const db = await h['targets.savePsql'](
        {
          name: 'orders-prod',
          host: pg.host,
          port: pg.port,
          database: 'postgres',
          user: 'postgres',
          password: PASSWORD,
          viaSshTargetId: null,
          readOnly: 'production',
          tags: ['production'],
        },
        ctx,
      )
      const exec = await h['sessions.openKubectl'](
        {
          targetId: kube.id,
          mode: 'exec',
          namespace: 'payments',
          pod: 'worker-5c6b7-klmno',
          cols: 100,
          rows: 30,
          incidentId: null,
        },
        ctx,
      )
      const psql = await h['sessions.openPsql'](
        {
          targetId: db.id,
          cols: 100,
          rows: 30,
          incidentId: null,
          allowWrites: true,
          writeReason: 'hot fix',
        },
        ctx,
      )
      expect(psql.title).not.toContain('[read-only]')
      core.sessions.attach(viewer, exec.id)
      core.sessions.attach(viewer, psql.id)
      await until(() => viewer.out(exec).includes('worker-5c6b7-klmno:~# '), 'the pod prompt')
      await until(() => viewer.out(psql).includes('postgres=#'), 'the psql prompt')

      // As a crash leaves them: the processes gone, the rows still open.
      core.close()
      core.data.open()
      core.data.require().db.prepare('UPDATE sessions SET ended_at = NULL').run()
      core.data.close()

      core = new Core({ dataDir, shell: 'headless', version: 't', backupIntervalMs: 0 })
      core.start()
      // A new page: the restarted core numbers channels from 1 again.
      viewer = viewerOf(() => core)
      try {
        const restored = core.sessions.list()
        expect(restored.map((s) => [s.kind, s.restoredFrom?.sessionId])).toEqual([
          ['kubectl', exec.id],
          ['psql', psql.id],
        ])
        const [kubeAgain, psqlAgain] = restored as [SessionInfo, SessionInfo]
        // Keys typed before the connection is up have nowhere to go: wait for it.
        for (const s of restored)
          await until(() => core.sessions.get(s.id).info.state === 'connected', `${s.kind} up`)
        core.sessions.attach(viewer, kubeAgain.id)
        core.sessions.attach(viewer, psqlAgain.id)

        // The same pod, in the same namespace.
        await until(() => viewer.out(kubeAgain).includes('worker-5c6b7-klmno:~# '), 'the pod')
        type(kubeAgain, 'echo pod=$POD_NAME ns=$POD_NAMESPACE $((6*7))\r')
        await until(
          () => viewer.out(kubeAgain).includes('pod=worker-5c6b7-klmno ns=payments 42'),
          'the restored exec to answer',
        )

        // The database again, read-only as the production default: the writes granted before
        // the restart were for that session and its reason.
        await until(() => viewer.out(psqlAgain).includes('postgres=#'), 'the psql prompt again')
        expect(core.sessions.get(psqlAgain.id).info.title).toContain('[read-only]')
        type(psqlAgain, 'CREATE TABLE sitrep_restore_probe (x int);\r')
        await until(
          () => viewer.out(psqlAgain).includes('read-only transaction'),
          'the read-only refusal',
        )
      } finally {
        core.close()
      }
    }, 90_000)
  },
)
