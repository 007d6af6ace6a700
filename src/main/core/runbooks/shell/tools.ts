// The curated table: for each tool, which invocations only read and which change state (and
// why). Anything absent is "unknown": on production it asks like a state-changing command.
import { REASONS } from '../reasons'
import type { CommandClass, Reason } from '../verdict'
import {
  COMPOSE_VALUES,
  DOCKER_GLOBAL_VALUES,
  has,
  readOptions,
  set,
  valuesOf,
  type Arg,
} from './options'

export interface Outcome {
  class: CommandClass
  reason?: Reason
}

export const READ: Outcome = { class: 'read-only' }
export const change = (reason: Reason): Outcome => ({ class: 'state-changing', reason })
export const unknown = (reason: Reason = REASONS.notInTable): Outcome => ({
  class: 'unknown',
  reason,
})

type Rule = (args: Arg[]) => Outcome

/** Tools that only read whatever their arguments (output goes to stdout; writes by `>` are judged apart). */
const ALWAYS_READ = set(
  ...'cat zcat bzcat xzcat ls ll dir df du free ps pgrep pidof uptime w who whoami id groups uname echo printf grep egrep fgrep zgrep rg ag head tail wc cut tr column nl tac rev diff cmp comm file stat locate which type whereis readlink realpath basename dirname printenv lsof netstat ping ping6 traceroute tracepath mtr dig nslookup host iostat vmstat mpstat sar pidstat nproc lscpu lsblk blkid lsmod lspci lsusb lsns lsipc getent test [ [[ true false : sleep seq base64 md5sum sha1sum sha256sum sha512sum cksum xxd hexdump od strings pwd cd exit break continue return shift wait unset trap history last lastlog arch getconf locale tty nstat numastat slabtop pstree jq expr bc let dmidecode pg_isready pg_lsclusters pg_controldata lvs vgs pvs lvdisplay vgdisplay pvdisplay findmnt mountpoint ipcs ulimit sestatus getenforce aa-status ntpq atq lslocks lslogins whois'.split(
    ' ',
  ),
)

const verbs = (args: Arg[], values: ReadonlySet<string>): Arg[] =>
  readOptions(args, { values }).operands

const KUBE_VALUES = set(
  '-n',
  '--namespace',
  '--context',
  '--cluster',
  '--user',
  '--kubeconfig',
  '-l',
  '--selector',
  '-o',
  '--output',
  '-c',
  '--container',
  '--field-selector',
  '-f',
  '--filename',
  '--server',
  '-s',
  '--token',
  '--as',
  '--as-group',
  '--tail',
  '--since',
  '--since-time',
  '--sort-by',
  '-L',
  '--label-columns',
  '--template',
  '--request-timeout',
  '-p',
  '--type',
  '--patch',
  '--replicas',
  '--timeout',
  '--to-revision',
  '--image',
  '--limits',
  '--requests',
  '--overwrite-values',
  '--max-log-requests',
  '--pod-running-timeout',
)
const KUBE_READ = set(
  'get',
  'describe',
  'logs',
  'top',
  'explain',
  'api-resources',
  'api-versions',
  'version',
  'cluster-info',
  'diff',
  'events',
  'whoami',
  'status',
  'projects',
  'project-list',
)
const KUBE_CHANGE = set(
  'delete',
  'apply',
  'create',
  'replace',
  'patch',
  'edit',
  'scale',
  'autoscale',
  'label',
  'annotate',
  'set',
  'expose',
  'run',
  'taint',
  'cordon',
  'uncordon',
  'drain',
  'cp',
  'debug',
  'new-app',
  'new-project',
  'start-build',
  'cancel-build',
  'import-image',
  'tag',
  'rollback',
  'deploy',
  'process',
  'policy',
  'adm',
  'certificate',
)

const kube: Rule = (args) => {
  const [v, w, x] = verbs(args, KUBE_VALUES)
  if (v === null || v === undefined) return v === undefined ? READ : unknown(REASONS.dynamicArgs)
  if (KUBE_READ.has(v)) return READ
  if (v === 'auth') return w === 'can-i' || w === 'whoami' ? READ : change(REASONS.kube)
  if (v === 'config') {
    return /^(view|get-contexts|current-context|get-clusters|get-users)$/.test(w ?? '')
      ? READ
      : change(REASONS.kube)
  }
  if (v === 'rollout') {
    return /^(status|history)$/.test(w ?? '') ? READ : change(REASONS.kube)
  }
  if (v === 'adm' && /^(drain|cordon|uncordon|taint)$/.test(w ?? ''))
    return change(REASONS.kubeNode)
  if (v === 'adm' && w === 'top') return READ
  if (/^(drain|cordon|uncordon|taint)$/.test(v)) return change(REASONS.kubeNode)
  if (v === 'certificate' && /^(approve|deny)$/.test(w ?? '')) return change(REASONS.kube)
  if (v === 'port-forward' || v === 'proxy' || v === 'attach') return unknown()
  void x
  if (KUBE_CHANGE.has(v)) return change(REASONS.kube)
  return unknown()
}

const SYSTEMCTL_READ = set(
  'status',
  'is-active',
  'is-enabled',
  'is-failed',
  'is-system-running',
  'show',
  'cat',
  'list-units',
  'list-unit-files',
  'list-timers',
  'list-sockets',
  'list-dependencies',
  'list-jobs',
  'list-machines',
  'show-environment',
  'help',
  'get-default',
  '--version',
)
const systemctl: Rule = (args) => {
  const [v] = verbs(
    args,
    set(
      '-t',
      '--type',
      '--state',
      '-p',
      '--property',
      '-H',
      '--host',
      '-M',
      '-n',
      '--lines',
      '-o',
      '--output',
    ),
  )
  if (v === undefined) return READ
  if (v === null) return unknown(REASONS.dynamicArgs)
  return SYSTEMCTL_READ.has(v) ? READ : change(REASONS.service)
}

const service: Rule = (args) => {
  const [, v] = args
  if (args[0] === '--status-all') return READ
  return v === 'status' ? READ : change(REASONS.service)
}

const journalctl: Rule = (args) => {
  const o = readOptions(args, {
    values: set(
      '-u',
      '--unit',
      '-n',
      '--lines',
      '-p',
      '--priority',
      '-S',
      '--since',
      '-U',
      '--until',
      '-o',
      '--output',
      '-b',
      '--boot',
      '-t',
      '--identifier',
      '-g',
      '--grep',
      '-D',
      '--directory',
      '--file',
      '-M',
      '--machine',
      '--vacuum-size',
      '--vacuum-time',
      '--vacuum-files',
      '-k',
    ),
  })
  if (
    has(
      o,
      '--vacuum-size',
      '--vacuum-time',
      '--vacuum-files',
      '--rotate',
      '--flush',
      '--relinquish-var',
      '--setup-keys',
      '--sync',
      '--update-catalog',
    )
  )
    return change(REASONS.journal)
  return READ
}

const DOCKER_READ = set(
  'ps',
  'logs',
  'inspect',
  'stats',
  'top',
  'images',
  'info',
  'version',
  'events',
  'port',
  'diff',
  'history',
  'search',
  'ls',
  'config',
  'df',
)
const docker: Rule = (args) => {
  const vs = verbs(
    args,
    set(
      ...DOCKER_GLOBAL_VALUES,
      ...COMPOSE_VALUES,
      '--format',
      '--filter',
      '--tail',
      '--since',
      '--until',
      '-n',
    ),
  )
  let [v, w] = vs
  if (
    v === 'compose' ||
    v === 'container' ||
    v === 'image' ||
    v === 'network' ||
    v === 'volume' ||
    v === 'system' ||
    v === 'node' ||
    v === 'service'
  ) {
    const group = v
    v = w
    w = vs[2]
    if (group === 'system' && (v === 'df' || v === 'info' || v === 'events')) return READ
    if (
      (group === 'network' || group === 'volume' || group === 'node' || group === 'service') &&
      (v === 'ls' || v === 'inspect' || v === 'ps' || v === 'logs')
    )
      return READ
  }
  void w
  if (v === undefined) return READ
  if (v === null) return unknown(REASONS.dynamicArgs)
  if (DOCKER_READ.has(v)) return READ
  return change(REASONS.container)
}

const REDIS_READ = set(
  'info',
  'get',
  'mget',
  'llen',
  'lrange',
  'lindex',
  'scan',
  'sscan',
  'hscan',
  'zscan',
  'keys',
  'type',
  'ttl',
  'pttl',
  'exists',
  'strlen',
  'hget',
  'hgetall',
  'hmget',
  'hlen',
  'hkeys',
  'hvals',
  'hexists',
  'scard',
  'smembers',
  'sismember',
  'zcard',
  'zrange',
  'zrangebyscore',
  'zrevrange',
  'zscore',
  'zcount',
  'dbsize',
  'ping',
  'echo',
  'time',
  'lastsave',
  'role',
  'memory',
  'latency',
  'slowlog',
  'client',
  'config',
  'cluster',
  'xlen',
  'xinfo',
  'xrange',
  'xrevrange',
  'xpending',
  'pubsub',
  'object',
  'dump',
  'bitcount',
  'getrange',
  'pfcount',
  'geopos',
  'geodist',
  'command',
  'hello',
  'lpos',
  'sentinel',
  'randomkey',
  'debug-object',
)
/** One redis command line: `CONFIG GET` reads, `CONFIG SET` writes; `CLIENT LIST` reads, `CLIENT KILL` writes. */
export const redisCommand = (words: Arg[]): Outcome => {
  const [c, sub] = words.map((w) => (w === null ? null : w.toLowerCase()))
  if (c === undefined) return READ
  if (c === null) return unknown(REASONS.dynamicArgs)
  if (!REDIS_READ.has(c)) return change(REASONS.redis)
  if (c === 'config') return sub === 'get' ? READ : change(REASONS.redis)
  if (c === 'client')
    return /^(list|info|getname|id|no-evict-get)$/.test(sub ?? '') ? READ : change(REASONS.redis)
  if (c === 'slowlog') return sub === 'reset' ? change(REASONS.redis) : READ
  if (c === 'latency') return sub === 'reset' ? change(REASONS.redis) : READ
  if (c === 'memory') return sub === 'purge' ? change(REASONS.redis) : READ
  if (c === 'cluster')
    return /^(info|nodes|slots|shards|myid|keyslot|countkeysinslot|getkeysinslot)$/.test(sub ?? '')
      ? READ
      : change(REASONS.redis)
  if (c === 'sentinel')
    return /^(masters|master|replicas|slaves|sentinels|get-master-addr-by-name|ckquorum|info-cache)$/.test(
      sub ?? '',
    )
      ? READ
      : change(REASONS.redis)
  if (c === 'pubsub' || c === 'xinfo' || c === 'object' || c === 'command') return READ
  return READ
}

const awsRead = (op: string): boolean =>
  /^(describe|list|get|lookup|search|head|query|scan|batch-get|filter|tail|test-)/.test(op) ||
  op === 'ls' ||
  op === 'get-caller-identity' ||
  op === 'wait'
const aws: Rule = (args) => {
  const [svc, op, op2] = verbs(
    args,
    set(
      '--region',
      '--profile',
      '--output',
      '--query',
      '--endpoint-url',
      '--color',
      '--cli-read-timeout',
    ),
  )
  if (svc === undefined || op === undefined) return READ
  if (svc === null || op === null) return unknown(REASONS.dynamicArgs)
  if (svc === 's3')
    return op === 'ls' ||
      (op === 'cp' && op2 !== null && /^s3:/.test(op2 ?? '') && args.at(-1) === '-')
      ? READ
      : change(REASONS.cloud)
  if (
    svc === 'logs' &&
    (op === 'tail' || op.startsWith('filter') || op.startsWith('get') || op.startsWith('describe'))
  )
    return READ
  if (svc === 'configure' && op === 'list') return READ
  return awsRead(op) ? READ : change(REASONS.cloud)
}

const gcloud: Rule = (args) => {
  const vs = verbs(
    args,
    set(
      '--project',
      '--format',
      '--filter',
      '--zone',
      '--region',
      '--limit',
      '--account',
      '--configuration',
    ),
  )
  if (vs.some((v) => v === null)) return unknown(REASONS.dynamicArgs)
  const words = vs as string[]
  if (words.length === 0) return READ
  const last = words.find((w) =>
    /^(list|describe|get-.*|read|show-.*|print-.*|info|tail|get-iam-policy|get-credentials|version)$/.test(
      w,
    ),
  )
  if (last === 'get-credentials') return change(REASONS.cloud)
  if (
    last &&
    !words.some((w) =>
      /^(delete|create|update|set-.*|add-.*|remove-.*|reset|resize|stop|start|restart|deploy|patch|import|export|apply|rollback|migrate)$/.test(
        w,
      ),
    )
  )
    return READ
  return change(REASONS.cloud)
}

const gsutil: Rule = (args) => {
  const [v] = verbs(args, set('-o', '-h', '-u'))
  return /^(ls|cat|du|stat|hash|version|help|ver)$/.test(v ?? '') ? READ : change(REASONS.cloud)
}
const az: Rule = (args) => {
  const vs = verbs(
    args,
    set('--resource-group', '-g', '--name', '-n', '--subscription', '--output', '-o', '--query'),
  )
  return vs.some((v) => /^(list|show|show-.*|get-.*|list-.*|version|account)$/.test(v ?? '')) &&
    !vs.some((v) =>
      /^(delete|create|update|set|start|stop|restart|deallocate|scale|add|remove)$/.test(v ?? ''),
    )
    ? READ
    : change(REASONS.cloud)
}

const helm: Rule = (args) => {
  const [v, w] = verbs(
    args,
    set(
      '-n',
      '--namespace',
      '--kube-context',
      '--kubeconfig',
      '-o',
      '--output',
      '--revision',
      '--max',
      '-f',
      '--values',
      '--set',
      '--version',
      '--repo',
      '--timeout',
    ),
  )
  if (v === undefined) return READ
  if (
    /^(list|ls|status|history|hist|get|show|inspect|search|template|version|env|lint|verify|diff)$/.test(
      v ?? '',
    )
  )
    return READ
  if (v === 'repo' && w === 'list') return READ
  if (v === 'plugin' && w === 'list') return READ
  return change(REASONS.helm)
}

const terraform: Rule = (args) => {
  const [v, w] = verbs(args, set('-chdir', '-var', '-var-file', '-target', '-out', '-state'))
  if (
    /^(plan|show|output|validate|version|providers|graph|fmt|-version|-help|help)$/.test(v ?? '')
  ) {
    if (v === 'fmt' && !args.includes('-check')) return change(REASONS.writeFiles)
    return READ
  }
  if (v === 'state' && /^(list|show|pull)$/.test(w ?? '')) return READ
  if (v === 'workspace' && /^(list|show)$/.test(w ?? '')) return READ
  return change(REASONS.terraform)
}

const etcdctl: Rule = (args) => {
  const [v, w] = verbs(
    args,
    set(
      '--endpoints',
      '--cacert',
      '--cert',
      '--key',
      '--user',
      '--password',
      '-w',
      '--write-out',
      '--dial-timeout',
      '--command-timeout',
    ),
  )
  if (/^(get|version|watch|check)$/.test(v ?? '')) return READ
  if (v === 'endpoint' && /^(health|status|hashkv)$/.test(w ?? '')) return READ
  if (v === 'member' && w === 'list') return READ
  if (v === 'alarm' && w === 'list') return READ
  if ((v === 'user' || v === 'role') && /^(list|get)$/.test(w ?? '')) return READ
  if (v === 'lease' && /^(list|timetolive)$/.test(w ?? '')) return READ
  if (v === 'snapshot' && w === 'status') return READ
  return change(REASONS.etcd)
}

const patronictl: Rule = (args) => {
  const [v] = verbs(args, set('-c', '--config-file', '-d', '--dcs-url', '-k'))
  return /^(list|topology|history|show-config|version|dsn)$/.test(v ?? '')
    ? READ
    : change(REASONS.patroni)
}

const pgCtl: Rule = (args) => {
  const [v] = verbs(
    args,
    set('-D', '--pgdata', '-l', '--log', '-m', '--mode', '-o', '-t', '--timeout', '-s'),
  )
  return v === 'status' ? READ : change(REASONS.postgresServer)
}
const pgCtlcluster: Rule = (args) => (args[2] === 'status' ? READ : change(REASONS.postgresServer))

const curlLike: Rule = (args) => {
  const o = readOptions(args, {
    values: set(
      '-X',
      '--request',
      '-d',
      '--data',
      '--data-raw',
      '--data-binary',
      '--data-urlencode',
      '-F',
      '--form',
      '-T',
      '--upload-file',
      '-H',
      '--header',
      '-o',
      '--output',
      '-u',
      '--user',
      '-m',
      '--max-time',
      '--connect-timeout',
      '-w',
      '--write-out',
      '-A',
      '--user-agent',
      '-e',
      '--referer',
      '-b',
      '--cookie',
      '-c',
      '--cookie-jar',
      '--resolve',
      '--cacert',
      '--cert',
      '--key',
      '-x',
      '--proxy',
      '--retry',
      '-K',
      '--config',
      '--json',
      '-D',
      '--dump-header',
      '--url',
    ),
  })
  const method = valuesOf(o, '-X', '--request')[0]
  if (method === null) return unknown(REASONS.dynamicArgs)
  if (method !== undefined && !/^(GET|HEAD|OPTIONS)$/i.test(method))
    return change(REASONS.httpWrite)
  // `-G`: the data goes into the URL of a GET.
  if (
    !has(o, '-G', '--get') &&
    has(o, '-d', '--data', '--data-raw', '--data-binary', '--data-urlencode')
  )
    return change(REASONS.httpWrite)
  if (has(o, '-F', '--form', '-T', '--upload-file', '--json')) return change(REASONS.httpWrite)
  if (has(o, '-K', '--config')) return unknown(REASONS.dynamicArgs)
  const out = valuesOf(o, '-o', '--output', '-c', '--cookie-jar', '-D', '--dump-header')
  if (out.some((p) => !isScratchSink(p)) || has(o, '-O', '--remote-name', '-J'))
    return change(REASONS.download)
  return READ
}

const wget: Rule = (args) => {
  const o = readOptions(args, {
    values: set(
      '-O',
      '--output-document',
      '-o',
      '--output-file',
      '-P',
      '--directory-prefix',
      '--method',
      '--body-data',
      '--post-data',
      '--post-file',
      '--header',
      '-T',
      '--timeout',
      '-t',
      '--tries',
      '-U',
      '--user-agent',
    ),
  })
  if (has(o, '--post-data', '--post-file', '--body-data')) return change(REASONS.httpWrite)
  const method = valuesOf(o, '--method')[0]
  if (method !== undefined && !/^(GET|HEAD)$/i.test(method ?? '')) return change(REASONS.httpWrite)
  if (has(o, '--spider')) return READ
  const out = valuesOf(o, '-O', '--output-document')
  if (out.length > 0 && out.every((p) => p === '-' || isScratchSink(p))) return READ
  return change(REASONS.download)
}

/** /dev/null and friends: writing there changes nothing. */
export const isScratchSink = (p: Arg): boolean =>
  p !== null && /^(\/dev\/(null|stdout|stderr|fd\/[12])|-)$/.test(p)

const sed: Rule = (args) => {
  const o = readOptions(args, {
    values: set('-e', '--expression', '-f', '--file', '-l', '--line-length'),
  })
  if (
    o.flags.some(
      (f) => f.flag === '-i' || f.flag === '--in-place' || f.flag.startsWith('--in-place'),
    )
  )
    return change(REASONS.editInPlace)
  if (has(o, '-f', '--file')) return unknown(REASONS.script)
  const scripts = [
    ...valuesOf(o, '-e', '--expression'),
    ...(o.flags.some((f) => f.flag === '-e' || f.flag === '--expression')
      ? []
      : o.operands.slice(0, 1)),
  ]
  // `w file` writes and `e` executes: both hide inside the script.
  if (scripts.some((s) => s === null || /(^|[;}\s\d/])[wWe](\s|$)|\/[gpiI0-9]*[we]\b/.test(s)))
    return unknown(REASONS.dynamicArgs)
  return READ
}

const awk: Rule = (args) => {
  const o = readOptions(args, {
    values: set('-F', '-v', '-f', '--field-separator', '--assign', '--file'),
  })
  if (has(o, '-f', '--file', '-i', '--include')) return unknown(REASONS.script)
  const program = o.operands[0]
  if (program === undefined) return READ
  if (
    program === null ||
    /system\s*\(|\|\s*"|>\s*"|\bprint[f]?\b[^;}]*>|getline|close\s*\(/.test(program)
  )
    return unknown(REASONS.script)
  return READ
}

const writesNamedFiles =
  (reason = REASONS.writeFiles): Rule =>
  () =>
    change(reason)

const sort: Rule = (args) => {
  const o = readOptions(args, {
    values: set(
      '-o',
      '--output',
      '-k',
      '--key',
      '-t',
      '--field-separator',
      '-S',
      '--buffer-size',
      '-T',
      '--temporary-directory',
      '--parallel',
    ),
  })
  return valuesOf(o, '-o', '--output').some((p) => !isScratchSink(p))
    ? change(REASONS.writeFiles)
    : READ
}
const uniq: Rule = (args) => {
  const o = readOptions(args, {
    values: set('-f', '-s', '-w', '--skip-fields', '--skip-chars', '--check-chars'),
  })
  return o.operands.length >= 2 && !isScratchSink(o.operands[1] ?? null)
    ? change(REASONS.writeFiles)
    : READ
}
const tee: Rule = (args) => {
  const o = readOptions(args, { values: set() })
  return o.operands.every((p) => isScratchSink(p)) ? READ : change(REASONS.writeFiles)
}

const kill: Rule = (args) => {
  const o = readOptions(args, { values: set('-s', '-n', '--signal') })
  // `kill -0 PID` only asks whether the process exists; `kill -l` lists signals.
  if (has(o, '-0', '-l', '-L', '--list', '--table')) return READ
  const sig = valuesOf(o, '-s', '-n', '--signal')[0]
  if (sig === '0') return READ
  return change(REASONS.kill)
}

const dd: Rule = (args) => {
  const of = args.find((a) => a?.startsWith('of='))
  if (args.some((a) => a === null)) return unknown(REASONS.dynamicArgs)
  return of === undefined || isScratchSink((of ?? '').slice(3)) ? READ : change(REASONS.disk)
}

const dmesg: Rule = (args) => {
  const o = readOptions(args, {
    values: set(
      '-l',
      '--level',
      '-f',
      '--facility',
      '-n',
      '--console-level',
      '-s',
      '--buffer-size',
    ),
  })
  return has(
    o,
    '-c',
    '-C',
    '--clear',
    '--read-clear',
    '-D',
    '-E',
    '--console-off',
    '--console-on',
    '-n',
    '--console-level',
  )
    ? change(REASONS.clearLog)
    : READ
}

const ip: Rule = (args) => {
  const vs = verbs(args, set('-n', '-netns', '-f', '-family', '-b', '-batch', '-rc', '-c'))
  if (vs.some((v) => v === null)) return unknown(REASONS.dynamicArgs)
  return vs.some((v) =>
    /^(add|del|delete|set|change|replace|flush|append|prepend|up|down|restore|save|exec|attach|detach)$/.test(
      v ?? '',
    ),
  )
    ? change(REASONS.network)
    : READ
}

const iptables: Rule = (args) => {
  const o = readOptions(args, {
    values: set(
      '-t',
      '--table',
      '-A',
      '-D',
      '-I',
      '-R',
      '-N',
      '-X',
      '-P',
      '-E',
      '-F',
      '-Z',
      '-j',
      '-p',
      '-s',
      '-d',
      '-i',
      '-o',
      '--dport',
      '--sport',
      '-m',
      '-w',
      '--wait',
    ),
  })
  const writing = o.flags.some((f) =>
    /^(-[ADIRNXPEFZ]|--(append|delete|insert|replace|new-chain|delete-chain|policy|rename-chain|flush|zero))$/.test(
      f.flag,
    ),
  )
  if (writing) return change(REASONS.firewall)
  return o.flags.some((f) => /^(-[LS]|--list(-rules)?)$/.test(f.flag)) ? READ : unknown()
}
const nft: Rule = (args) =>
  args[0] === 'list' || args.includes('list') ? READ : change(REASONS.firewall)
const ufw: Rule = (args) =>
  /^(status|show|version|app)$/.test(args[0] ?? '') && !(args[0] === 'app' && args[1] === 'update')
    ? READ
    : change(REASONS.firewall)
const firewallCmd: Rule = (args) =>
  args.every((a) => a === null || /^--(list|state|get|query|info|zone=|permanent$)/.test(a)) &&
  args.some((a) => /^--(list|state|get|query|info)/.test(a ?? ''))
    ? READ
    : change(REASONS.firewall)

const sysctl: Rule = (args) => {
  const o = readOptions(args, { values: set('-p', '--load') })
  if (has(o, '-w', '--write', '-p', '--load', '--system')) return change(REASONS.kernel)
  return o.operands.some((a) => a === null || a.includes('=')) ? change(REASONS.kernel) : READ
}

const crontab: Rule = (args) => (args.includes('-l') ? READ : change(REASONS.schedule))
const mount: Rule = (args) =>
  args.length === 0 ||
  args.every((a) => a === '-l' || a === '--show-labels' || /^-t$|^--types$/.test(a ?? ''))
    ? READ
    : change(REASONS.mount)
const swap: Rule = (args) =>
  args.length === 0 || args.some((a) => a === '--show' || a === '-s' || a === '--summary')
    ? READ
    : change(REASONS.mount)
const fdisk: Rule = (args) =>
  args.includes('-l') || args.includes('--list') ? READ : change(REASONS.disk)
const parted: Rule = (args) =>
  args.includes('-l') ||
  args.includes('--list') ||
  (args.includes('print') && args.filter((a) => !a?.startsWith('-')).length <= 2)
    ? READ
    : change(REASONS.disk)
const date: Rule = (args) =>
  args.some((a) => a === null || a === '-s' || a?.startsWith('--set') || /^-\w*s/.test(a ?? ''))
    ? change(REASONS.clock)
    : READ
const hostname: Rule = (args) =>
  args.filter((a) => !a?.startsWith('-')).length === 0 &&
  !args.some((a) => a === '-F' || a === '--file' || a === '-b')
    ? READ
    : change(REASONS.clock)
const ctlStatus =
  (reason: Reason): Rule =>
  (args) =>
    args.length === 0 ||
    /^(status|show|list.*|show-.*|timesync-status)$/.test(
      args.find((a) => !a?.startsWith('-')) ?? 'status',
    )
      ? READ
      : change(reason)

const git: Rule = (args) => {
  const o = readOptions(args, {
    values: set('-C', '-c', '--git-dir', '--work-tree'),
    stopAtOperand: true,
  })
  const rest = args.slice(o.rest)
  const [v, ...more] = rest
  if (
    /^(status|log|diff|show|blame|rev-parse|describe|ls-files|ls-remote|grep|shortlog|reflog|cat-file|rev-list|whatchanged|version|help)$/.test(
      v ?? '',
    )
  )
    return READ
  if (
    v === 'remote' &&
    (more.length === 0 ||
      more.every(
        (m) =>
          m === '-v' ||
          m === 'show' ||
          m === 'get-url' ||
          (m !== null && !m.startsWith('-') && more[0] !== 'add'),
      ))
  )
    return more[0] === undefined || more[0] === '-v' || more[0] === 'show' || more[0] === 'get-url'
      ? READ
      : change(REASONS.git)
  if (
    v === 'branch' &&
    more.every(
      (m) =>
        m !== null &&
        /^(-a|-r|-v|-vv|--list|--all|--remotes|--contains|--merged|--no-merged|--show-current)$/.test(
          m,
        ),
    )
  )
    return READ
  if (v === 'tag' && (more.length === 0 || more.includes('-l') || more.includes('--list')))
    return READ
  if (
    v === 'config' &&
    more.some((m) => /^(--get|--get-all|-l|--list|--get-regexp)$/.test(m ?? ''))
  )
    return READ
  if (v === 'stash' && (more[0] === 'list' || more[0] === 'show')) return READ
  return change(REASONS.git)
}

const packageManager: Rule = (args) => {
  const [v] = verbs(args, set('-o', '-c', '--config', '-t'))
  return /^(list|show|search|info|policy|depends|rdepends|madison|showpkg|check-update|history|repolist|provides|whatprovides|outdated|ls|view|freeze|-l|-s|-L|-q|-qa|-qi|-ql|--version)$/.test(
    v ?? '',
  ) || args.some((a) => /^-(l|s|L|q\w*|V)$/.test(a ?? '') && args.length <= 3)
    ? READ
    : change(REASONS.packages)
}

const openssl: Rule = (args) => {
  const [v] = args
  if (
    /^(s_client|version|x509|verify|crl|ciphers|req|asn1parse|s_time|list|speed|dgst)$/.test(
      v ?? '',
    )
  ) {
    const out = args.indexOf('-out')
    return out >= 0 && !isScratchSink(args[out + 1] ?? null) ? change(REASONS.writeFiles) : READ
  }
  return unknown()
}

const nginx: Rule = (args) =>
  args.some((a) => a === '-s' || /^-\w*s/.test(a ?? ''))
    ? change(REASONS.webServer)
    : args.every((a) => /^-[tTvVh]+$|^-[cpg]$/.test(a ?? '') || !a?.startsWith('-')) &&
        args.length > 0
      ? READ
      : change(REASONS.webServer)
const apachectl: Rule = (args) =>
  /^(configtest|-t|-S|-v|-V|-M|status|fullstatus|-D)$/.test(args[0] ?? '')
    ? READ
    : change(REASONS.webServer)

const simpleVerbs =
  (read: RegExp, reason: Reason, values: ReadonlySet<string> = set()): Rule =>
  (args) => {
    const vs = verbs(args, values)
    if (vs.length === 0) return READ
    if (vs.some((v) => v === null)) return unknown(REASONS.dynamicArgs)
    return read.test((vs as string[]).join(' ')) ? READ : change(reason)
  }

const consul = simpleVerbs(
  /^(members|info|version|catalog \w+|kv get|operator raft list-peers|monitor|acl \w+ (list|read)|intention (get|list|check))/,
  REASONS.secrets,
  set('-http-addr', '-token', '-datacenter'),
)
const vault = simpleVerbs(
  /^(status|read|list|version|token lookup|kv (get|list|metadata get)|secrets list|auth list|policy (list|read)|operator raft list-peers)/,
  REASONS.secrets,
  set('-address', '-namespace', '-format', '-field', '-mount'),
)
const nomad = simpleVerbs(
  /^(status|version|(job|node|alloc|deployment|eval|server|operator raft) (status|list|logs|inspect|members|list-peers|history))/,
  REASONS.cluster,
  set('-address', '-namespace', '-region'),
)
const rabbitmqctl = simpleVerbs(
  /^(list_\w+|status|cluster_status|environment|report|node_health_check|ping|version|await_startup)/,
  REASONS.queue,
  set('-n', '-p', '--node', '--vhost'),
)
const kafkaTool: Rule = (args) =>
  args.some((a) =>
    /^--(delete|create|alter|reset-offsets|execute|delete-offsets|add-config|delete-config|generate)$/.test(
      a ?? '',
    ),
  )
    ? change(REASONS.queue)
    : args.some((a) => /^--(list|describe)$/.test(a ?? ''))
      ? READ
      : unknown()
const nodetool = simpleVerbs(
  /^(status|info|tpstats|cfstats|tablestats|ring|describecluster|describering|netstats|compactionstats|proxyhistograms|tablehistograms|gossipinfo|version|statusgossip|statusbinary|getcompactionthroughput|gcstats|listsnapshots)\b/,
  REASONS.cluster,
  set('-h', '-p', '-u', '-pw', '--host', '--port'),
)
const ceph = simpleVerbs(
  /^(-s|status|health( detail)?|df|osd (tree|df|stat|dump|ls|perf|pool ls|pool stats|utilization|metadata|find|map|blocked-by)|pg (stat|dump|ls|ls-by-\w+|dump_stuck|query)|mon (stat|dump)|mds stat|fs (ls|status|dump)|versions|quorum_status|report|log last|crash (ls|info)|auth (ls|get|list))\b/,
  REASONS.cluster,
  set('-c', '--cluster', '--name', '-f', '--format', '-n'),
)
const virsh = simpleVerbs(
  /^(list|dominfo|domstate|domblklist|domiflist|dumpxml|nodeinfo|version|net-list|pool-list|vol-list|domstats|capabilities|hostname|sysinfo)\b/,
  REASONS.container,
  set('-c', '--connect'),
)
const knife: Rule = (args) =>
  simpleVerbs(
    /^(node (list|show)|status|search|role (list|show)|environment (list|show)|cookbook (list|show)|client (list|show)|data bag (list|show)|version)\b/,
    REASONS.config,
  )(args)
const ansibleInventory: Rule = () => READ
const pgDump: Rule = (args) => {
  const o = readOptions(args, {
    values: set(
      '-f',
      '--file',
      '-h',
      '-p',
      '-U',
      '-d',
      '-n',
      '-t',
      '-T',
      '-N',
      '-F',
      '--format',
      '-j',
      '-Z',
      '-E',
      '--schema',
      '--table',
    ),
  })
  return valuesOf(o, '-f', '--file').some((p) => !isScratchSink(p))
    ? change(REASONS.writeFiles)
    : READ
}
const top: Rule = () => READ
const tar: Rule = (args) => {
  const first = args[0] ?? ''
  const flags =
    args.filter((a) => a?.startsWith('-')).join('') + (first.startsWith('-') ? '' : first)
  if (/[xcru]|--extract|--create|--append|--update|--delete/.test(flags))
    return change(REASONS.writeFiles)
  return /t|--list/.test(flags) ? READ : unknown()
}
const chronyc: Rule = (args) =>
  /^(tracking|sources|sourcestats|activity|ntpdata|clients|serverstats|-n|-c)$/.test(args[0] ?? '')
    ? READ
    : change(REASONS.clock)
const ncRule: Rule = (args) => (args.some((a) => /^-\w*z/.test(a ?? '')) ? READ : unknown())
const ethtool: Rule = (args) =>
  args.some((a) => /^-(s|K|G|A|C|L|E|--change|--offload|--set-\w+|-reset|--flash)/.test(a ?? ''))
    ? change(REASONS.network)
    : READ
const ifconfig: Rule = (args) =>
  args.filter((a) => !a?.startsWith('-')).length <= 1 ? READ : change(REASONS.network)
const ss: Rule = (args) =>
  args.some((a) => a === '-K' || a === '--kill') ? change(REASONS.kill) : READ
const yq: Rule = (args) =>
  args.some((a) => a === '-i' || a === '--inplace') ? change(REASONS.editInPlace) : READ
const perlRuby: Rule = (args) =>
  args.some((a) => /^-\w*i/.test(a ?? '')) ? change(REASONS.editInPlace) : unknown(REASONS.script)
const timedatectl = ctlStatus(REASONS.clock)
const hostnamectl = ctlStatus(REASONS.clock)
const loginctl: Rule = (args) =>
  /^(list-\w+|show-\w+|session-status|user-status|seat-status)?$/.test(args[0] ?? '')
    ? READ
    : change(REASONS.users)
const tmpwatch: Rule = () => change(REASONS.deleteFiles)
const rm: Rule = (args) =>
  args.some((a) => /^-\w*[rRf]|^--(recursive|force)$/.test(a ?? ''))
    ? change(REASONS.deleteFilesForce)
    : change(REASONS.deleteFiles)
const logrotate: Rule = (args) =>
  args.some((a) => a === '-d' || a === '--debug') ? READ : change(REASONS.writeFiles)
const lvm: Rule = () => change(REASONS.mount)

export const TOOLS: Record<string, Rule> = {
  kubectl: kube,
  oc: kube,
  k: kube,
  systemctl,
  service,
  journalctl,
  docker,
  podman: docker,
  nerdctl: docker,
  'docker-compose': (args) => docker(['compose', ...args]),
  crictl: (args) =>
    /^(ps|pods|images|inspect|inspectp|inspecti|logs|stats|info|version)$/.test(args[0] ?? '')
      ? READ
      : change(REASONS.container),
  aws,
  gcloud,
  gsutil,
  az,
  helm,
  terraform,
  tofu: terraform,
  etcdctl,
  patronictl,
  pg_ctl: pgCtl,
  pg_ctlcluster: pgCtlcluster,
  pg_dump: pgDump,
  pg_dumpall: pgDump,
  pg_basebackup: writesNamedFiles(),
  pg_resetwal: writesNamedFiles(REASONS.postgresServer),
  pg_rewind: writesNamedFiles(REASONS.postgresServer),
  repmgr: simpleVerbs(
    /^(cluster (show|event|matrix|crosscheck)|node (status|check)|service status)/,
    REASONS.patroni,
    set('-f', '-h', '-U', '-d'),
  ),
  curl: curlLike,
  http: (args) =>
    /^(GET|HEAD)$/i.test(args[0] ?? '') || (/^https?:|^:/.test(args[0] ?? '') && args.length === 1)
      ? READ
      : change(REASONS.httpWrite),
  wget,
  sed,
  gsed: sed,
  awk,
  gawk: awk,
  mawk: awk,
  sort,
  uniq,
  tee,
  kill,
  pkill: () => change(REASONS.kill),
  killall: () => change(REASONS.kill),
  skill: () => change(REASONS.kill),
  renice: () => change(REASONS.priority),
  dd,
  dmesg,
  ip,
  iptables,
  ip6tables: iptables,
  'iptables-save': () => READ,
  'iptables-restore': () => change(REASONS.firewall),
  nft,
  ufw,
  'firewall-cmd': firewallCmd,
  sysctl,
  crontab,
  mount,
  umount: () => change(REASONS.mount),
  swapon: swap,
  swapoff: () => change(REASONS.mount),
  fdisk,
  sfdisk: fdisk,
  parted,
  date,
  hostname,
  timedatectl,
  hostnamectl,
  loginctl,
  git,
  apt: packageManager,
  'apt-get': packageManager,
  'apt-cache': () => READ,
  yum: packageManager,
  dnf: packageManager,
  rpm: packageManager,
  dpkg: packageManager,
  snap: packageManager,
  pip: packageManager,
  pip3: packageManager,
  npm: packageManager,
  brew: packageManager,
  openssl,
  nginx,
  apachectl,
  apache2ctl: apachectl,
  httpd: apachectl,
  haproxy: (args) =>
    args.includes('-c') || args.includes('-v') || args.includes('-vv')
      ? READ
      : change(REASONS.webServer),
  consul,
  vault,
  nomad,
  rabbitmqctl,
  'kafka-topics': kafkaTool,
  'kafka-topics.sh': kafkaTool,
  'kafka-consumer-groups': kafkaTool,
  'kafka-consumer-groups.sh': kafkaTool,
  'kafka-configs': kafkaTool,
  'kafka-configs.sh': kafkaTool,
  nodetool,
  ceph,
  virsh,
  knife,
  'ansible-inventory': ansibleInventory,
  top,
  tar,
  chronyc,
  nc: ncRule,
  ncat: ncRule,
  ethtool,
  ifconfig,
  ss,
  fuser: (args) => (args.some((a) => /^-\w*k/.test(a ?? '')) ? change(REASONS.kill) : READ),
  yq,
  perl: perlRuby,
  rm,
  shred: () => change(REASONS.deleteFiles),
  unlink: () => change(REASONS.deleteFiles),
  rmdir: () => change(REASONS.deleteFiles),
  tmpwatch,
  tmpreaper: tmpwatch,
  truncate: () => change(REASONS.writeFiles),
  touch: writesNamedFiles(),
  mkdir: writesNamedFiles(),
  cp: writesNamedFiles(),
  mv: writesNamedFiles(),
  ln: writesNamedFiles(),
  install: writesNamedFiles(),
  rsync: writesNamedFiles(),
  scp: writesNamedFiles(),
  chmod: writesNamedFiles(),
  chown: writesNamedFiles(),
  chgrp: writesNamedFiles(),
  chattr: writesNamedFiles(),
  setfacl: writesNamedFiles(),
  gzip: writesNamedFiles(),
  gunzip: writesNamedFiles(),
  unzip: (args) => (args.includes('-l') ? READ : change(REASONS.writeFiles)),
  zip: writesNamedFiles(),
  patch: writesNamedFiles(),
  logrotate,
  shutdown: () => change(REASONS.power),
  reboot: () => change(REASONS.power),
  halt: () => change(REASONS.power),
  poweroff: () => change(REASONS.power),
  init: () => change(REASONS.power),
  telinit: () => change(REASONS.power),
  mkswap: () => change(REASONS.disk),
  wipefs: () => change(REASONS.disk),
  fsck: () => change(REASONS.disk),
  e2fsck: () => change(REASONS.disk),
  resize2fs: () => change(REASONS.mount),
  xfs_growfs: () => change(REASONS.mount),
  lvextend: lvm,
  lvreduce: lvm,
  lvremove: lvm,
  lvcreate: lvm,
  vgextend: lvm,
  pvcreate: lvm,
  modprobe: () => change(REASONS.kernel),
  rmmod: () => change(REASONS.kernel),
  insmod: () => change(REASONS.kernel),
  useradd: () => change(REASONS.users),
  userdel: () => change(REASONS.users),
  usermod: () => change(REASONS.users),
  groupadd: () => change(REASONS.users),
  passwd: (args) =>
    args.includes('-S') || args.includes('--status') ? READ : change(REASONS.users),
  chpasswd: () => change(REASONS.users),
  atrm: () => change(REASONS.schedule),
  at: (args) => (args.includes('-l') ? READ : change(REASONS.schedule)),
  batch: () => change(REASONS.schedule),
  'systemd-run': () => change(REASONS.service),
  update: () => change(REASONS.packages),
  'chef-client': () => change(REASONS.config),
  puppet: (args) => (args.includes('--noop') ? READ : change(REASONS.config)),
  'salt-call': (args) =>
    args.some((a) => /^test=True$/i.test(a ?? '')) ? READ : change(REASONS.config),
  'ansible-playbook': (args) =>
    args.includes('--check') || args.includes('-C') ? READ : change(REASONS.config),
  mysqladmin: (args) =>
    args.every(
      (a) =>
        a === null || /^-|^(status|extended-status|processlist|variables|version|ping)$/.test(a),
    )
      ? READ
      : change(REASONS.sqlAdmin),
  'redis-server': () => change(REASONS.service),
  supervisorctl: (args) =>
    /^(status|avail|pid|version|help|tail|maintail)$/.test(
      args.find((a) => !a?.startsWith('-')) ?? 'status',
    )
      ? READ
      : change(REASONS.service),
  pm2: (args) =>
    /^(list|ls|status|show|describe|logs|monit|jlist|prettylist|info)$/.test(args[0] ?? 'list')
      ? READ
      : change(REASONS.service),
  ab: () => unknown(),
  ionice: () => READ,
}
// Looked up by a command's name: `valueOf` or `constructor` must find nothing, not Object's.
Object.setPrototypeOf(TOOLS, null)

/** Tools that only read, whatever their arguments. */
export function alwaysReads(name: string): boolean {
  return ALWAYS_READ.has(name)
}
