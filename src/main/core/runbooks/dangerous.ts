// Recognises commands that change or destroy state (restart, delete, FLUSHDB, DROP, rm, kill…)
// so core can demand a confirmation naming every target. Judged on the command a line runs,
// not on words it mentions: `grep -i delete` and `echo "restart"` are harmless.
// Limits: aliases, functions, variables holding commands (`$CMD stop`), heredocs fed to psql
// and scripts called by path (`./scripts/rollback.sh`) are not looked into.
import { readShell, type SimpleCommand } from './shellWords'
import type { CommandKind } from './types'

export interface DangerAssessment {
  dangerous: boolean
  reasons: string[]
  reasonsJa: string[]
}

interface Reason {
  en: string
  ja: string
}

const R = {
  service: { en: 'restarts or stops a system service', ja: 'システムサービスを再起動・停止します' },
  docker: { en: 'restarts, stops or removes containers', ja: 'コンテナを再起動・停止・削除します' },
  kubectl: {
    en: 'changes Kubernetes workloads (delete, rollout, scale, drain, cordon, set resources)',
    ja: 'Kubernetes のワークロードを変更します（削除・ロールアウト・スケール・drain・cordon・リソース変更）',
  },
  redis: {
    en: 'deletes Redis data or changes its configuration',
    ja: 'Redis のデータ削除または設定変更を行います',
  },
  sql: {
    en: 'modifies the database or ends sessions (DROP/DELETE/UPDATE/TRUNCATE/ALTER/pg_terminate_backend)',
    ja: 'データベースを変更するかセッションを終了させます（DROP/DELETE/UPDATE/TRUNCATE/ALTER/pg_terminate_backend）',
  },
  rm: { en: 'deletes files (rm)', ja: 'ファイルを削除します（rm）' },
  rmForce: {
    en: 'deletes files recursively or without asking (rm -r/-f)',
    ja: 'ファイルを再帰的または確認なしで削除します（rm -r/-f）',
  },
  kill: { en: 'kills processes', ja: 'プロセスを強制終了します' },
  power: {
    en: 'shuts down or reboots the machine',
    ja: 'マシンをシャットダウンまたは再起動します',
  },
  gitForce: {
    en: 'force-pushes, rewriting remote history',
    ja: 'リモートの履歴を強制的に書き換えます（git push --force）',
  },
  truncate: {
    en: 'overwrites a system file with a redirection (>)',
    ja: 'リダイレクト（>）でシステムファイルを上書きします',
  },
  disk: {
    en: 'writes raw disks or creates filesystems (dd, mkfs)',
    ja: 'ディスクへの直接書き込み・ファイルシステム作成を行います（dd, mkfs）',
  },
} satisfies Record<string, Reason>

const SQL_DANGER = /\b(drop|delete|update|truncate|alter)\b|\bpg_(terminate|cancel)_backend\s*\(/i

/** Removes SQL comments and string literals, whose words are data, not statements. */
function sqlStatements(sql: string): string {
  return sql
    .replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .replace(/'(?:[^']|'')*('|$)/g, "''")
}

export function classifyCommand(code: string, kind: CommandKind | null): DangerAssessment {
  const reasons = new Set<Reason>()
  if (kind === 'sql') {
    if (SQL_DANGER.test(sqlStatements(code))) reasons.add(R.sql)
  } else if (kind === 'shell') {
    classifyShell(code, reasons, 0)
  }
  const list = [...reasons]
  return {
    dangerous: list.length > 0,
    reasons: list.map((r) => r.en),
    reasonsJa: list.map((r) => r.ja),
  }
}

// Words that run the rest of the line as the real command, with the flags of each that take a
// value: `sudo -n` is "non-interactive" but `xargs -n 1` and `nice -n 5` take one, so one list
// for all would read `sudo -n systemctl restart x` as running `restart`.
const WRAPPER_VALUE_FLAGS: Record<string, ReadonlySet<string>> = {
  sudo: new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '--user', '--group']),
  nohup: new Set(),
  time: new Set(),
  nice: new Set(['-n', '--adjustment']),
  exec: new Set(['-a']),
  xargs: new Set(['-n', '-L', '-P', '-I', '-d', '-s', '-a', '-E']),
  env: new Set(['-u', '-C', '-S', '--unset', '--chdir']),
  command: new Set(),
  timeout: new Set(['-s', '-k', '--signal', '--kill-after']),
}
const WRAPPERS = new Set(Object.keys(WRAPPER_VALUE_FLAGS))
// Wrappers whose first plain word is their own argument: `timeout 5 systemctl restart x`.
const WRAPPER_ARGUMENTS: Record<string, number> = { timeout: 1 }
const NESTED_SHELLS = new Set(['sh', 'bash', 'zsh', 'watch', 'ssh'])
const INNER_COMMANDS = new Set(['psql', 'mysql', 'redis-cli', 'rm', 'kill', 'pkill', 'sh', 'bash'])
// Flags whose next word is a value, not a subcommand.
const VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '--context',
  '-l',
  '--selector',
  '-f',
  '--file',
  '-p',
  '-H',
  '-c',
  '--kubeconfig',
  '-u',
])

function classifyShell(code: string, reasons: Set<Reason>, depth: number): void {
  const { commands, bare } = readShell(code)
  for (const cmd of commands) classifySimple(cmd, reasons, depth)
  // `> /etc/x` truncates; `>>` appends, `/dev/null` is the usual sink, and the `>` must start a
  // word so `<container_id> /bin/sh` is not read as a redirection.
  if (
    /(^|[\s;&|])\d?>\s*\/(?!dev\/null)(etc|var|usr|boot|bin|sbin|lib|root|opt|srv|dev)\b/.test(bare)
  ) {
    reasons.add(R.truncate)
  }
}

function classifySimple(input: SimpleCommand, reasons: Set<Reason>, depth: number): void {
  let words = input.map((w) => w.text)
  // `kubectl exec pod -- redis-cli FLUSHDB`: what follows `--` is a command of its own.
  const dashes = words.indexOf('--')
  if (dashes > 0 && ['kubectl', 'docker', 'oc'].includes(words[0] ?? '')) {
    classifySimple(input.slice(dashes + 1), reasons, depth)
    words = words.slice(0, dashes)
  }
  while (words.length > 0 && (WRAPPERS.has(words[0] ?? '') || /^\w+=/.test(words[0] ?? ''))) {
    const wrapper = words[0] ?? ''
    const valueFlags = WRAPPER_VALUE_FLAGS[wrapper] ?? new Set<string>()
    words = words.slice(1)
    // `sudo -u postgres psql`, `xargs -n 1 rm`: a flag's value is not the command either.
    while ((words[0] ?? '').startsWith('-'))
      words = words.slice(valueFlags.has(words[0] ?? '') ? 2 : 1)
    words = words.slice(WRAPPER_ARGUMENTS[wrapper] ?? 0)
  }
  const name = (words[0] ?? '').split('/').pop() ?? ''
  const args = words.slice(1)
  const verbs = subcommands(args)
  const lower = args.map((a) => a.toLowerCase())
  if (NESTED_SHELLS.has(name) && depth < 3) {
    // The script is the quoted argument: `sh -c '…'`, `watch -n 2 '…'`, `ssh host '…'`.
    for (const w of input.slice(1)) if (w.quoted) classifyShell(w.text, reasons, depth + 1)
  }
  if ((name === 'docker' || name === 'docker-compose') && verbs.includes('exec')) {
    // `docker-compose exec postgres psql -c "…"`: the container's command starts at a known name.
    const inner = input.findIndex((w, i) => i > 0 && INNER_COMMANDS.has(w.text))
    if (inner > 0) classifySimple(input.slice(inner), reasons, depth)
  }
  switch (name) {
    case 'systemctl':
      if (verbs.some((v) => /^(restart|stop|kill|try-restart|reload-or-restart)$/.test(v)))
        reasons.add(R.service)
      break
    case 'service':
      if (args.some((a) => /^(restart|stop)$/.test(a))) reasons.add(R.service)
      break
    case 'docker':
    case 'docker-compose':
    case 'podman': {
      const v = verbs[0] === 'compose' || verbs[0] === 'container' ? verbs[1] : verbs[0]
      if (/^(restart|stop|rm|rmi|down|kill)$/.test(v ?? '')) reasons.add(R.docker)
      // `compose up` recreates containers whose image or settings changed.
      const compose = name === 'docker-compose' || verbs[0] === 'compose'
      if (compose && /^(up|create)$/.test(v ?? '')) reasons.add(R.docker)
      break
    }
    case 'kubectl':
    case 'oc': {
      const [v, w] = verbs
      if (
        /^(delete|scale|drain|cordon)$/.test(v ?? '') ||
        (v === 'rollout' && /^(undo|restart)$/.test(w ?? '')) ||
        (v === 'set' && /^(resources|image)$/.test(w ?? ''))
      ) {
        reasons.add(R.kubectl)
      }
      break
    }
    case 'redis-cli': {
      const i = lower.findIndex((a) => /^(flushdb|flushall|del|unlink|config|shutdown)$/.test(a))
      if (i >= 0 && (lower[i] !== 'config' || lower[i + 1] === 'set')) reasons.add(R.redis)
      break
    }
    case 'psql':
    case 'mysql':
    case 'sqlite3':
      if (args.some((a) => SQL_DANGER.test(sqlStatements(a)))) reasons.add(R.sql)
      break
    case 'rm':
      reasons.add(args.some((a) => /^-\w*[rRf]|^--(recursive|force)$/.test(a)) ? R.rmForce : R.rm)
      break
    case 'kill':
    case 'pkill':
    case 'killall':
      reasons.add(R.kill)
      break
    case 'shutdown':
    case 'reboot':
    case 'halt':
    case 'poweroff':
      reasons.add(R.power)
      break
    case 'git':
      if (verbs[0] === 'push' && args.some((a) => /^(-f|--force|--force-with-lease)(=|$)/.test(a)))
        reasons.add(R.gitForce)
      break
    case 'dd':
      reasons.add(R.disk)
      break
    case 'find':
      if (args.includes('-delete')) reasons.add(R.rm)
      else if (args.includes('-exec') && args.some((a) => a === 'rm')) reasons.add(R.rm)
      break
    case 'journalctl':
      // Vacuuming deletes journal files: the evidence a postmortem may need.
      if (args.some((a) => a.startsWith('--vacuum-'))) reasons.add(R.rm)
      break
    default:
      if (/^mkfs(\.\w+)?$/.test(name)) reasons.add(R.disk)
  }
}

/** The words that are not flags nor flag values: `kubectl -n x rollout undo d` → rollout, undo… */
function subcommands(args: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? ''
    if (VALUE_FLAGS.has(a)) i++
    else if (!a.startsWith('-')) out.push(a)
  }
  return out
}
