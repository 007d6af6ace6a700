// The fixture API server against the real kubectl: what the kubectl sessions and the kubectl
// metrics collector rely on (discovery, get, logs -f, exec -it over WebSocket, settable state).
import { execFile } from 'node:child_process'
import { afterAll, beforeAll, expect, it } from 'vitest'
import * as pty from 'node-pty'
import {
  KUBECTL_PATH,
  OPENSSL_PATH,
  startKubeApi,
  type KubeApi,
} from '../../helpers/services/kubeApi'
import { describeWithBinaries } from '../../helpers/services/require'

const until = async (what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

describeWithBinaries(
  'kube fixture API server with the real kubectl',
  [
    { name: 'kubectl', path: KUBECTL_PATH },
    { name: 'openssl', path: OPENSSL_PATH, aptPackage: 'openssl' },
  ],
  () => {
    let api: KubeApi
    let env: Record<string, string>
    const kubectl = (args: string[]): Promise<{ code: number; out: string; err: string }> =>
      new Promise((resolve) => {
        execFile(KUBECTL_PATH, args, { env, timeout: 20_000 }, (error, out, err) => {
          resolve({ code: error ? Number(error.code ?? 1) : 0, out, err })
        })
      })

    beforeAll(async () => {
      api = await startKubeApi()
      env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: api.dir, ...api.env }
    })
    afterAll(async () => {
      await api?.stop()
    })

    it('lists pods as kubectl prints them, per context namespace', async () => {
      const staging = await kubectl(['get', 'pods'])
      expect(staging.code, staging.err).toBe(0)
      expect(staging.out).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/)
      expect(staging.out).toContain('web-6f7d8-pqrst')
      expect(staging.out).not.toContain('api-7d9f8-abcde')
      const prod = await kubectl(['--context', 'fixture-prod', 'get', 'pods', '-o', 'json'])
      const names = (JSON.parse(prod.out) as { items: { metadata: { name: string } }[] }).items.map(
        (p) => p.metadata.name,
      )
      expect(names).toEqual(['api-7d9f8-abcde', 'api-7d9f8-fghij', 'worker-5c6b7-klmno'])
    })

    it('reflects state set by the test: a crash-looping pod and a degraded deployment', async () => {
      api.cluster.setPod('payments', 'api-7d9f8-fghij', {
        ready: false,
        restarts: 7,
        waitingReason: 'CrashLoopBackOff',
      })
      api.cluster.setDeployment('payments', 'api', { readyReplicas: 1, availableReplicas: 1 })
      const pods = await kubectl(['get', 'pods', '-n', 'payments'])
      expect(pods.out).toMatch(/api-7d9f8-fghij\s+0\/1\s+CrashLoopBackOff\s+7\s/)
      const deps = await kubectl(['get', 'deploy', '-A'])
      expect(deps.out).toMatch(/payments\s+api\s+1\/2\s/)
      const missing = await kubectl(['get', 'pod', 'nope'])
      expect(missing.code).not.toBe(0)
      expect(missing.err).toContain('pods "nope" not found')
    })

    it('runs a non-interactive exec and passes its exit code back', async () => {
      const r = await kubectl([
        'exec',
        '-n',
        'payments',
        'api-7d9f8-abcde',
        '--',
        'sh',
        '-c',
        'echo in $POD_NAME; exit 3',
      ])
      expect(r.out).toBe('in api-7d9f8-abcde\n')
      expect(r.code).toBe(3)
    })

    it('exec -it gives a prompt in a real pty, follows resizes and ends with the exit code', async () => {
      const p = pty.spawn(
        KUBECTL_PATH,
        ['exec', '-it', '-n', 'payments', 'api-7d9f8-abcde', '--', 'bash'],
        {
          env,
          cols: 100,
          rows: 30,
        },
      )
      let out = ''
      p.onData((d) => {
        out += d
      })
      const exited = new Promise<number>((r) => p.onExit((e) => r(e.exitCode)))
      await until('the prompt', () => out.includes('api-7d9f8-abcde:~# '))
      p.write('echo $((6*7)); stty size\r')
      await until('the answer', () => out.includes('42\r\n30 100'))
      p.resize(120, 40)
      await new Promise((r) => setTimeout(r, 200))
      p.write('stty size; exit 5\r')
      expect(await exited).toBe(5)
      expect(out).toContain('40 120')
    })

    it('logs -f streams lines appended while it runs', async () => {
      const p = pty.spawn(KUBECTL_PATH, ['logs', '-f', '-n', 'payments', 'worker-5c6b7-klmno'], {
        env,
      })
      let out = ''
      p.onData((d) => {
        out += d
      })
      try {
        await until('the existing lines', () =>
          out.includes('worker-5c6b7-klmno listening on :8080'),
        )
        api.cluster.appendLog('payments', 'worker-5c6b7-klmno', 'ERROR queue depth 5000')
        await until('the appended line', () => out.includes('ERROR queue depth 5000'))
      } finally {
        p.kill()
      }
    })

    it('refuses a client without the kubeconfig token', async () => {
      const bad = await kubectl(['--token', 'wrong', 'get', 'pods'])
      expect(bad.code).not.toBe(0)
      expect(bad.err).toMatch(/Unauthorized|credentials/)
    })
  },
)
