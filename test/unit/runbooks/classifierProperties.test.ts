// Properties of the classifier over generated commands: hiding a state-changing command inside
// any construct or wrapper never makes it look harmless, and adding a read-only command to a
// list never lowers what a block is judged to be.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { classifyCommand } from '../../../src/main/core/runbooks'
import { CLASS_RANK } from '../../../src/main/core/runbooks/verdict'

const STATE_CHANGING = [
  'kubectl delete pod api-0',
  'kubectl -n x patch deploy api -p {}',
  'kubectl drain node-1 --ignore-daemonsets',
  'oc adm cordon node-1',
  'systemctl restart nginx',
  'rm -rf /var/cache/app',
  'redis-cli FLUSHALL',
  'helm rollback api 2',
  'terraform destroy -auto-approve',
  'etcdctl member remove abc',
  'patronictl failover',
  'pg_ctl stop -D /data',
  'truncate -s 0 /var/log/app.log',
  'sed -i s/a/b/ /etc/app.conf',
  'iptables -F',
  'curl -X DELETE http://api/x',
  'gcloud compute instances delete vm',
  'gsutil rm gs://b/x',
  'kill -9 1',
  'docker rm -f web',
  'psql -c "DROP TABLE t"',
]
const READ_ONLY = [
  'kubectl get pods',
  'kubectl logs api-0 --tail=10',
  'systemctl status nginx',
  'df -h',
  'ps aux',
  'redis-cli INFO',
  'cat /etc/hosts',
  'curl -s http://x/health',
  'echo done',
  'journalctl -u app -n 50',
  'psql -c "SELECT 1"',
]

// Quoting a command for a shell that will read it again: single quotes, '\'' for a quote.
const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`
const dq = (s: string): string => `"${s.replace(/[\\"$`]/g, '\\$&')}"`

type Wrap = (c: string) => string
const WRAPS: Record<string, Wrap> = {
  group: (c) => `{ ${c}; }`,
  subshell: (c) => `( ${c} )`,
  if: (c) => `if true; then ${c}; fi`,
  else: (c) => `if false; then :; else ${c}; fi`,
  for: (c) => `for i in 1 2; do ${c}; done`,
  while: (c) => `while true; do ${c}; break; done`,
  until: (c) => `until false; do ${c}; break; done`,
  case: (c) => `case x in x) ${c};; esac`,
  negate: (c) => `! ${c}`,
  substitution: (c) => `echo "$( ${c} )"`,
  backticks: (c) => `echo \`${c.replace(/[\\`$]/g, '\\$&')}\``,
  process: (c) => `cat <(${c})`,
  eval: (c) => `eval ${sq(c)}`,
  bashC: (c) => `bash -c ${sq(c)}`,
  shC: (c) => `sh -c ${dq(c)}`,
  sudo: (c) => `sudo ${c}`,
  sudoU: (c) => `sudo -u root -n ${c}`,
  sudoI: (c) => `sudo -i ${sq(c)}`,
  suC: (c) => `su -c ${sq(c)} root`,
  env: (c) => `env LANG=C ${c}`,
  timeout: (c) => `timeout 30 ${c}`,
  nice: (c) => `nice -n 5 ${c}`,
  ionice: (c) => `ionice -c3 ${c}`,
  nohup: (c) => `nohup ${c}`,
  time: (c) => `time ${c}`,
  ssh: (c) => `ssh -p 22 web-1 ${sq(c)}`,
  kubectlExec: (c) => `kubectl exec -n x api-0 -- ${c}`,
  ocExec: (c) => `oc exec api-0 -c app -- ${c}`,
  dockerExec: (c) => `docker exec -u 0 web ${c}`,
  watch: (c) => `watch -n 5 ${sq(c)}`,
  xargsSh: (c) => `echo x | xargs -I{} sh -c ${sq(c)}`,
  pipelineRight: (c) => `echo x | ${c}`,
  pipelineLeft: (c) => `${c} | cat`,
  and: (c) => `true && ${c}`,
  or: (c) => `false || ${c}`,
  background: (c) => `${c} &`,
  // With a space: `$((` opens arithmetic, which tree-sitter does not fall back from as bash does
  // (the block is then unknown with a parse error, never read-only).
  assignment: (c) => `X="$( ${c} )"`,
}

// Wrappers that prefix a command's words take a simple command; anything compound reaches them
// as `bash -c '…'`, the way a runbook author has to write it for bash to run it at all.
const PREFIXES = new Set([
  'sudo',
  'sudoU',
  'env',
  'timeout',
  'nice',
  'ionice',
  'nohup',
  'time',
  'kubectlExec',
  'ocExec',
  'dockerExec',
  'background',
  'pipelineLeft',
])

const wraps = fc.array(fc.constantFrom(...Object.keys(WRAPS)), { minLength: 1, maxLength: 3 })

function wrapAll(cmd: string, path: string[]): string {
  let code = cmd
  let simple = true
  for (const w of path) {
    const wrap = WRAPS[w] as Wrap
    code = PREFIXES.has(w) && !simple ? wrap(`bash -c ${sq(code)}`) : wrap(code)
    simple = PREFIXES.has(w) && w !== 'background' && w !== 'pipelineLeft'
  }
  return code
}

const rank = (code: string): number => CLASS_RANK[classifyCommand(code, 'shell').class]

describe('classifier properties', () => {
  it('a state-changing command stays state-changing however it is wrapped', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATE_CHANGING), wraps, (cmd, path) => {
        const code = wrapAll(cmd, path)
        const a = classifyCommand(code, 'shell')
        expect(a.class, code).toBe('state-changing')
        expect(a.dangerous, code).toBe(true)
      }),
      { numRuns: Number(process.env.SITREP_PROP_RUNS ?? 1000) },
    )
  })

  it('wrapping never lowers the class of any command', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATE_CHANGING, ...READ_ONLY), wraps, (cmd, path) => {
        const code = wrapAll(cmd, path)
        expect(rank(code), code).toBeGreaterThanOrEqual(rank(cmd))
      }),
      { numRuns: Number(process.env.SITREP_PROP_RUNS ?? 400) },
    )
  })

  it('adding a read-only command to a list never lowers the class', () => {
    const any = fc.constantFrom(...STATE_CHANGING, ...READ_ONLY, 'sitrep-unknown-tool', './fix.sh')
    fc.assert(
      fc.property(
        fc.array(any, { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...READ_ONLY),
        fc.nat(),
        fc.constantFrom('; ', ' && ', ' || ', '\n', ' | '),
        (list, extra, at, sep) => {
          const before = list.join(sep)
          const withExtra = [...list]
          withExtra.splice(at % (list.length + 1), 0, extra)
          const after = withExtra.join(sep)
          expect(rank(after), `${before}  →  ${after}`).toBeGreaterThanOrEqual(rank(before))
        },
      ),
      { numRuns: Number(process.env.SITREP_PROP_RUNS ?? 400) },
    )
  })

  it('a command inside backquotes the parser cannot read still counts (a counterexample CI found)', () => {
    // fast-check seed 1449112481: tree-sitter fails on `… || X="\$( … )"` inside backquotes; the
    // block was only unknown although what the backquotes run deletes a pod.
    for (const code of [
      'echo `false || X="\\$( kubectl delete pod api-0 )"`',
      'echo `true && Y="\\$( rm -rf /srv/cache )"`',
    ]) {
      expect(classifyCommand(code, 'shell').class, code).toBe('state-changing')
    }
  })
})
