// Which command lines deploy something: read on bash's own AST (the shell parser the classifier
// uses), so `echo "kubectl apply"`, a comment or `kubectl rollout status` are not deploys while
// `sudo -E env K=v kubectl -n prod set image deploy/api api=api:1.4` is. The rollback watcher
// (incidents/rollbackWatch.ts) marks a deploy when one of these ran without failing.
import { readOptions, set, COMPOSE_VALUES, DOCKER_GLOBAL_VALUES, type Arg } from './shell/options'
import { withShellCopy } from './shell/parser'
import { collectCommands } from './shell/simpleCommands'

export interface DeployCommand {
  /** The tool and its verb as written: `kubectl rollout restart`, `helm upgrade`. */
  what: string
  /** What was deployed, when the words say it: `deployment/api`, a release, a service. */
  subject: string | null
  /** A version named by the command (an image tag, a chart version), else null. */
  version: string | null
}

const KUBE_VALUES = set(
  '-n',
  '--namespace',
  '--context',
  '--cluster',
  '--user',
  '--kubeconfig',
  '-s',
  '--server',
  '--token',
  '--as',
  '--request-timeout',
  '-f',
  '--filename',
  '-k',
  '--kustomize',
  '-l',
  '--selector',
  '-o',
  '--output',
  '-c',
  '--container',
  '--field-manager',
  '-p',
  '--patch',
  '--type',
)
const HELM_VALUES = set(
  '-n',
  '--namespace',
  '--kube-context',
  '--kubeconfig',
  '-f',
  '--values',
  '--set',
  '--set-string',
  '--version',
  '--repo',
  '--timeout',
  '-o',
  '--output',
)
const AWS_VALUES = set(
  '--region',
  '--profile',
  '--output',
  '--query',
  '--endpoint-url',
  '--color',
  '--cluster',
  '--service',
  '--task-definition',
  '--desired-count',
  '--function-name',
)
const SYSTEMCTL_VALUES = set('-H', '--host', '-M', '--machine', '-t', '--type', '-p', '--property')

/** Commands that only run another one: their options are skipped to reach it. */
const WRAPPERS: Record<string, ReadonlySet<string>> = {
  sudo: set('-u', '--user', '-g', '--group', '-h', '--host', '-p', '--prompt', '-C', '-D', '-r'),
  env: set('-u', '--unset', '-C', '--chdir'),
  timeout: set('-s', '--signal', '-k', '--kill-after'),
  nice: set('-n', '--adjustment'),
  nohup: set(),
  command: set(),
  exec: set('-a'),
  time: set('-f', '--format', '-o', '--output'),
}
/** Wrappers whose first operand is theirs, not the command's (timeout's duration). */
const WRAPPER_OPERANDS: Record<string, number> = { timeout: 1 }

/** Strips wrappers (and env's NAME=value words) down to the command that runs. */
function unwrap(words: Arg[]): Arg[] {
  let argv = words
  for (let depth = 0; depth < 8; depth++) {
    const name = base(argv[0])
    const spec = name ? WRAPPERS[name] : undefined
    if (!name || !spec) return argv
    const o = readOptions(argv.slice(1), { values: spec, stopAtOperand: true })
    let i = 1 + o.rest + (WRAPPER_OPERANDS[name] ?? 0)
    while (name === 'env' && /^[A-Za-z_]\w*=/.test(argv[i] ?? '')) i++
    argv = argv.slice(i)
  }
  return argv
}

const base = (w: Arg | undefined): string | null =>
  w === null || w === undefined ? null : (w.split('/').pop() ?? w)

const operands = (args: Arg[], values: ReadonlySet<string>): Arg[] =>
  readOptions(args, { values }).operands

const flag = (args: Arg[], values: ReadonlySet<string>, ...names: string[]): Arg | undefined =>
  readOptions(args, { values }).flags.find((f) => names.includes(f.flag))?.value

const hasFlag = (args: Arg[], values: ReadonlySet<string>, ...names: string[]): boolean =>
  readOptions(args, { values }).flags.some((f) => names.includes(f.flag))

/** The tag of an image reference (`api=registry:5000/api:1.4` → `1.4`). */
function imageTag(assignment: Arg | undefined): string | null {
  const image = assignment?.split('=').pop() ?? ''
  const at = image.indexOf('@')
  if (at > 0) return image.slice(at + 1)
  const colon = image.lastIndexOf(':')
  return colon > image.lastIndexOf('/') ? image.slice(colon + 1) : null
}

function kubectl(args: Arg[]): DeployCommand | null {
  const [v, w, x, y] = operands(args, KUBE_VALUES)
  if (v === 'rollout' && w === 'restart')
    return { what: 'kubectl rollout restart', subject: x ?? null, version: null }
  if (v === 'set' && w === 'image')
    return { what: 'kubectl set image', subject: x ?? null, version: imageTag(y) }
  if (v === 'apply' || v === 'replace') {
    const file = flag(args, KUBE_VALUES, '-f', '--filename')
    const kustomize = flag(args, KUBE_VALUES, '-k', '--kustomize')
    return { what: `kubectl ${v}`, subject: file ?? kustomize ?? null, version: null }
  }
  return null
}

function docker(args: Arg[]): DeployCommand | null {
  const ops = readOptions(args, { values: set(...DOCKER_GLOBAL_VALUES), stopAtOperand: true })
  const rest = args.slice(ops.rest)
  if (rest[0] === 'compose') return compose(rest.slice(1), 'docker compose')
  if (rest[0] === 'stack' && rest[1] === 'deploy')
    return { what: 'docker stack deploy', subject: rest.at(-1) ?? null, version: null }
  if (rest[0] === 'service' && rest[1] === 'update') {
    const image = flag(rest.slice(2), set('--image'), '--image')
    return { what: 'docker service update', subject: rest.at(-1) ?? null, version: imageTag(image) }
  }
  return null
}

function compose(args: Arg[], what: string): DeployCommand | null {
  const [v, ...services] = operands(args, set(...COMPOSE_VALUES))
  if (v !== 'up') return null
  return { what: `${what} up`, subject: services.filter(Boolean).join(' ') || null, version: null }
}

function helm(args: Arg[]): DeployCommand | null {
  const [v, release] = operands(args, HELM_VALUES)
  if (v !== 'upgrade' && v !== 'install') return null
  const version = flag(args, HELM_VALUES, '--version') ?? null
  return { what: `helm ${v}`, subject: release ?? null, version }
}

function aws(args: Arg[]): DeployCommand | null {
  const [svc, op] = operands(args, AWS_VALUES)
  if (svc === 'ecs' && op === 'update-service') {
    const td = flag(args, AWS_VALUES, '--task-definition')
    // Only a new deployment: changing the desired count alone deploys nothing.
    if (!td && !hasFlag(args, AWS_VALUES, '--force-new-deployment')) return null
    const service = flag(args, AWS_VALUES, '--service') ?? null
    return { what: 'aws ecs update-service', subject: service, version: td ?? null }
  }
  if (svc === 'deploy' && op === 'create-deployment')
    return { what: 'aws deploy create-deployment', subject: null, version: null }
  if (svc === 'lambda' && op === 'update-function-code') {
    const fn = flag(args, AWS_VALUES, '--function-name') ?? null
    return { what: 'aws lambda update-function-code', subject: fn, version: null }
  }
  return null
}

/** A one-step deploy by itself. */
function deployOf(argv: Arg[]): DeployCommand | null {
  const [name, ...args] = argv
  switch (base(name)) {
    case 'kubectl':
    case 'oc':
      return kubectl(args)
    case 'docker':
      return docker(args)
    case 'docker-compose':
      return compose(args, 'docker-compose')
    case 'helm':
      return helm(args)
    case 'aws':
      return aws(args)
    case 'kamal':
    case 'fly':
    case 'flyctl':
      return args[0] === 'deploy'
        ? { what: `${base(name)} deploy`, subject: null, version: null }
        : null
    default:
      return null
  }
}

/** New code on the host: `git pull`, `git checkout v1.2`, `docker pull`, `docker compose pull`. */
function fetchesCode(argv: Arg[]): string | null {
  const [name, ...args] = argv
  const b = base(name)
  if (b === 'git') {
    const [v, w] = operands(args, set('-C', '-c', '--git-dir', '--work-tree'))
    // A ref checked out names the version; a pull or a hard reset names none ('' = fetched).
    if (v === 'checkout' || v === 'switch') return w ?? ''
    if (v === 'pull' || v === 'merge' || (v === 'reset' && args.includes('--hard'))) return ''
    return null
  }
  if (b === 'docker' && args[0] === 'pull') return imageTag(args[1]) ?? ''
  return null
}

/** A restart that runs what was fetched: `systemctl restart api`, `service api restart`. */
function restarts(argv: Arg[]): string | null {
  const [name, ...args] = argv
  const b = base(name)
  if (b === 'systemctl') {
    const [v, unit] = operands(args, SYSTEMCTL_VALUES)
    return v === 'restart' || v === 'reload-or-restart' || v === 'try-restart' ? (unit ?? '') : null
  }
  if (b === 'service') return args[1] === 'restart' ? (args[0] ?? '') : null
  if (b === 'pm2' || b === 'supervisorctl')
    return args[0] === 'restart' || args[0] === 'reload' ? (args[1] ?? '') : null
  if (b === 'docker' && args[0] === 'restart') return args.at(-1) ?? ''
  return null
}

/**
 * The deploy a command line performs, or null. Text bash would not parse is no deploy: the
 * watcher would rather miss a deploy (the responder can mark it) than invent one.
 */
export function recognizeDeploy(text: string): DeployCommand | null {
  if (text.length > 20_000) return null
  return withShellCopy(text, ({ root, errors }) => {
    if (errors.length > 0) return null
    const argvs = collectCommands(root).commands.map((c) => unwrap(c.words.map((w) => w.value)))
    for (const argv of argvs) {
      const d = deployOf(argv)
      if (d) return d
    }
    // Two-step deploys: code fetched, then the service restarted, in the same line or block.
    let fetched: string | null = null
    for (const argv of argvs) {
      fetched = fetchesCode(argv) ?? fetched
      const unit = fetched === null ? null : restarts(argv)
      if (unit !== null) {
        return { what: 'code update and restart', subject: unit || null, version: fetched || null }
      }
    }
    return null
  })
}
